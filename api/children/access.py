"""Row scoping for children: the one place that says whose children a caller sees."""

from __future__ import annotations

from sqlalchemy import Select, select

from api.children.models import Child
from api.identity.deps import Principal


def readable_children(principal: Principal) -> Select[Child]:
    """A guardian sees the children they entered; nobody else's (those answer 404).

    Schools and teachers reach pupils through students and classes, not through here.
    """
    return select(Child).where(Child.guardian_id == principal.account_id)
