"""``public_url``: the base of the links the app hands out (e-mails, calendar feed)."""

from __future__ import annotations

from typing import Any

import pytest

from api import cli
from api.config import Settings, get_settings

PRODUCTION: dict[str, Any] = {
    "env": "production",
    "database_url": "postgresql://x/y",
    "secret_keys": "k1:0123456789abcdef0123",
    "sms_gateway": "http",
    "sms_http_url": "http://sms.example",
    "email_gateway": "smtp",
    "jwt_private_keys": "-----BEGIN EC PRIVATE KEY-----",
}


def test_development_derives_it_from_the_served_address() -> None:
    settings = Settings(env="development")

    assert settings.public_url == "http://127.0.0.1:8000"
    assert settings.serving_at(None, 8100).public_url == "http://127.0.0.1:8100"
    assert settings.serving_at("0.0.0.0", 8100).public_url == "http://127.0.0.1:8100"  # noqa: S104
    assert settings.serving_at("192.168.1.5", None).public_url == "http://192.168.1.5:8000"


def test_a_given_public_url_is_kept_whatever_the_served_address() -> None:
    settings = Settings(env="development", public_url="https://dnevnik.school.ru")

    assert settings.serving_at("0.0.0.0", 8100).public_url == "https://dnevnik.school.ru"  # noqa: S104


def test_production_refuses_to_start_without_it() -> None:
    with pytest.raises(ValueError, match="EDUDIARY_PUBLIC_URL"):
        Settings(**PRODUCTION)
    assert Settings(**PRODUCTION, public_url="https://dnevnik.school.ru").public_url == (
        "https://dnevnik.school.ru"
    )


def test_serve_with_another_port_hands_out_links_to_that_port(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import uvicorn

    from api import main

    served: dict[str, Any] = {}
    monkeypatch.setenv("EDUDIARY_ENV", "development")
    monkeypatch.delenv("EDUDIARY_PUBLIC_URL", raising=False)
    get_settings.cache_clear()
    create_app = main.create_app
    monkeypatch.setattr(
        main, "create_app", lambda settings: create_app(served.setdefault("settings", settings))
    )
    monkeypatch.setattr(
        uvicorn.Server, "run", lambda server, **options: served.update(port=server.config.port)
    )
    monkeypatch.setattr(cli, "configure_logging", lambda *args, **kwargs: None)
    try:
        assert cli.main(["serve", "--port", "8100"]) == 0
    finally:
        get_settings.cache_clear()

    assert served["settings"].public_url == "http://127.0.0.1:8100"
    assert served["port"] == 8100
