"""Support tickets («обращения в поддержку»): number, description, screenshot (seed:
«При обращении указывайте номер заявки, описание ошибки и скриншот экрана»)."""
