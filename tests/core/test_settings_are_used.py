"""Every setting is read somewhere: a documented variable that changes nothing misleads the
people who deploy (``REDIS_URL`` was read and documented, and used by nothing)."""

from __future__ import annotations

import re
from pathlib import Path

from api.config import Settings

API = Path(__file__).resolve().parents[2] / "api"


def test_every_setting_is_read_by_the_code() -> None:
    source = "\n".join(path.read_text() for path in API.rglob("*.py"))
    unused = [name for name in Settings.model_fields if not re.search(rf"\.{name}\b", source)]
    assert unused == []


def test_there_is_no_redis_setting() -> None:
    # Every limit lives in PostgreSQL (docs/security.md); nothing would read it.
    assert not any("redis" in name for name in Settings.model_fields)
    deployment = (API.parent / "docs" / "deployment.md").read_text()
    assert "REDIS_URL" not in deployment
