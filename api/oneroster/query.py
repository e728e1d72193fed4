"""The collection query of the binding (contract §4.2): ``filter``, ``sort``/``orderBy``,
``fields``, ``limit``/``offset`` — parsed into plain values; ``statements`` turns them
into SQL. Every malformed input is a 400 with the binding's minor code, never a 500.

Grammar: ``<field><op>'<value>'`` joined by `` AND `` or `` OR `` (one logical operator
per filter; repeating it is allowed, mixing both is not). ``op`` is one of
``= != > >= < <= ~`` (``~``: contains, case-insensitive); a quote inside a value is
doubled (``'O''Neil'``).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from api.oneroster import imsx

MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
MAX_FILTER = 1000


class Kind(enum.Enum):
    text = "text"
    instant = "instant"
    roles = "roles"  # any of the user's roles


OPERATORS = ("!=", ">=", "<=", "=", ">", "<", "~")

_PREDICATE = re.compile(
    r"\s*(?P<field>[A-Za-z][A-Za-z0-9.]*)\s*(?P<op>!=|>=|<=|=|>|<|~)\s*'(?P<value>(?:[^']|'')*)'\s*"
)
_LOGICAL = re.compile(r"(AND|OR)(?=\s)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Predicate:
    field: str
    op: str
    value: str | datetime


@dataclass(frozen=True, slots=True)
class Filter:
    predicates: tuple[Predicate, ...]
    logical: str  # "AND" | "OR" (irrelevant for one predicate)

    @property
    def shape(self) -> tuple[str, tuple[tuple[str, str], ...]]:
        """What the SQL depends on (not the values): the key of compiled statements."""
        return self.logical, tuple((p.field, p.op) for p in self.predicates)

    def names(self) -> frozenset[str]:
        return frozenset(p.field for p in self.predicates)


def parse_instant(text: str) -> datetime:
    """``2026-11-01T00:00:00Z``, fractions and offsets allowed; naive → refused."""
    try:
        value = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        raise imsx.invalid_filter(
            f"«{text}» — не момент времени ISO 8601", f"'{text}' is not an ISO 8601 instant"
        ) from None
    if value.tzinfo is None:
        raise imsx.invalid_filter(
            f"у «{text}» нет часового пояса (добавьте Z)", f"'{text}' has no time zone (use Z)"
        )
    return value.astimezone(UTC)


def parse_filter(text: str | None, fields: dict[str, Kind]) -> Filter | None:
    if text is None or text.strip() == "":
        return None
    if len(text) > MAX_FILTER:
        raise imsx.invalid_filter("слишком длинный", "too long")
    predicates: list[Predicate] = []
    logicals: set[str] = set()
    position = 0
    while True:
        match = _PREDICATE.match(text, position)
        if match is None:
            raise imsx.invalid_filter(
                f"не разобрать с позиции {position + 1}", f"cannot parse at position {position + 1}"
            )
        name = match["field"]
        kind = fields.get(name)
        if kind is None:
            raise imsx.invalid_filter(
                f"по полю {name} фильтровать нельзя", f"field {name} cannot be filtered"
            )
        raw = match["value"].replace("''", "'")
        value: str | datetime = parse_instant(raw) if kind is Kind.instant else raw
        if kind is Kind.roles and match["op"] not in ("=", "!=", "~"):
            raise imsx.invalid_filter(
                f"для {name} есть только =, != и ~", f"{name} takes =, != or ~"
            )
        predicates.append(Predicate(name, match["op"], value))
        position = match.end()
        if position == len(text):
            break
        logical = _LOGICAL.match(text, position)
        if logical is None:
            raise imsx.invalid_filter(
                f"на позиции {position + 1} ожидается AND или OR",
                f"expected AND or OR at position {position + 1}",
            )
        logicals.add(logical[1].upper())
        position = logical.end()
    if len(logicals) > 1:
        raise imsx.invalid_filter(
            "используйте один логический оператор (AND или OR), не оба",
            "use one logical operator (AND or OR), not both",
        )
    return Filter(tuple(predicates), logicals.pop() if logicals else "AND")


def parse_fields(text: str | None, known: tuple[str, ...]) -> tuple[str, ...]:
    """The keys to return, in the object's own order; None/empty → all."""
    if text is None or text.strip() == "":
        return known
    wanted = [name.strip() for name in text.split(",") if name.strip()]
    for name in wanted:
        if name not in known:
            raise imsx.invalid_selection(name)
    chosen = set(wanted)
    return tuple(name for name in known if name in chosen)


def parse_sort(
    sort: str | None, order_by: str | None, sortable: dict[str, Kind]
) -> tuple[str, bool]:
    """(field, descending); default ``sourcedId`` ascending."""
    field = sort.strip() if sort and sort.strip() else "sourcedId"
    if field not in sortable or sortable[field] is Kind.roles:
        raise imsx.invalid_sort(field)
    if order_by is not None and order_by.lower() not in ("asc", "desc"):
        raise imsx.invalid_sort(f"orderBy={order_by}")
    return field, (order_by or "asc").lower() == "desc"


def clamp_limit(limit: int) -> int:
    return min(limit, MAX_LIMIT)
