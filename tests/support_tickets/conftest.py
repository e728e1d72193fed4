"""Support tests reuse the applications world (a family, documents on disk)."""

from tests.applications.conftest import client, data_settings, family, frozen_clock

__all__ = ["client", "data_settings", "family", "frozen_clock"]
