"""Row scoping for children: the one place that says whose children a caller sees."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, Select, select

from api.children.models import Child
from api.identity.deps import Principal


def guardian_sees(account_id: uuid.UUID | ColumnElement[Any]) -> ColumnElement[bool]:
    """A guardian sees the children they entered; nobody else's (those answer 404).
    ``account_id`` is the caller's: a value on the ORM path, the caller CTE's column in a
    single statement (``statements.py``).

    Schools and teachers reach pupils through students and classes, not through here.
    """
    return Child.guardian_id == account_id


def readable_children(principal: Principal) -> Select[Child]:
    return select(Child).where(guardian_sees(principal.account_id))
