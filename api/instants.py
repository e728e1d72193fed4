"""How instants are written in JSON: to the second, in UTC (``2026-11-23T05:30:00Z``).

Core, not a feature's: notifications, the diary and anything else that answers with a
timestamp share the one format. The diary's lesson times, written in the school's own
offset, are ``api.diary.schemas.LocalInstant``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import Field, PlainSerializer


def utc_text(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


Instant = Annotated[
    datetime,
    PlainSerializer(utc_text, return_type=str, when_used="json"),
    Field(examples=["2026-11-23T05:30:00Z"]),
]
