"""Shared column helpers of the diary's models."""

from __future__ import annotations

import enum

from sqlalchemy import DateTime, Enum

TS = DateTime(timezone=True)


def pg_enum(cls: type[enum.StrEnum], name: str) -> Enum:
    """A PostgreSQL enum storing the members' values (``diary_`` prefixed names)."""
    return Enum(cls, name=name, values_callable=lambda members: [m.value for m in members])
