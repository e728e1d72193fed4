"""One statement per OneRoster request: the page (or the object) as JSON built by PostgreSQL.

A resource (``api/oneroster/<resource>.py``) gives ``readable`` — its live rows of the
caller's school (``:school``) with ``sourced_id``, ``status``, ``modified`` and the
filterable columns — and ``body``, the object's keys as expressions over one row. Here
they become::

    SELECT (SELECT count(*) FROM r WHERE …),                      -- X-Total-Count
           json_build_object('users', (SELECT json_agg(<object> ORDER BY …) FROM
               (SELECT * FROM r WHERE … ORDER BY … LIMIT … OFFSET …) p))

where ``r`` is the live rows plus the resource's tombstones. The objects are built only
for the page's rows. Statements are compiled once per shape (resource, nesting, filter
fields and operators, sort, fields); filter values, school, limit and offset are
parameters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Integer,
    Subquery,
    Text,
    and_,
    bindparam,
    case,
    cast,
    false,
    func,
    literal_column,
    not_,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.types import NullType

from api.oneroster.models import TOMBSTONE_DAYS, Tombstone
from api.oneroster.query import Filter, Kind
from api.oneroster.sql import SCHOOL, AnySelect, modified_text
from api.statements import Compiled, k, obj

Rows = Subquery
Body = Callable[[Any], dict[str, ColumnElement[Any]]]

COMMON: dict[str, tuple[str, Kind]] = {
    "sourcedId": ("sourced_id", Kind.text),
    "status": ("status", Kind.text),
    "dateLastModified": ("modified", Kind.instant),
}
TOMBSTONE_KEYS = ("sourcedId", "status", "dateLastModified")


@dataclass(frozen=True, eq=False)  # hashed by identity: a key of the statement caches
class Resource:
    name: str  # the collection's envelope key: "users"
    singular: str  # the object's: "user"
    readable: Callable[[], AnySelect]
    body: Body
    keys: tuple[str, ...]  # the object's top-level keys, in order (``fields=``)
    filterable: dict[str, tuple[str, Kind]]
    # The tombstones' ``resource`` (None: removals are rows of ``readable`` themselves).
    tombstones: str | None = None
    # Named restrictions for nested paths (``/classes/{id}/students``): row → condition,
    # with the path's id as ``:link``.
    links: dict[str, Callable[[Any], ColumnElement[bool]]] = field(default_factory=dict)
    # The column naming the person an object is about (the audit's subject_ids).
    subject: str = "sourced_id"

    @property
    def fields(self) -> dict[str, Kind]:
        return {name: kind for name, (_column, kind) in self.all_filterable.items()}

    @property
    def all_filterable(self) -> dict[str, tuple[str, Kind]]:
        return {**COMMON, **self.filterable}


def _rows(resource: Resource) -> Rows:
    live = resource.readable()
    if resource.tombstones is None:
        return live.subquery("r")
    seen = live.subquery("live")
    columns: list[ColumnElement[Any]] = []
    for column in live.selected_columns:
        name = column.key
        if name == "sourced_id":
            columns.append(Tombstone.sourced_id.label(name))
        elif name == "status":
            columns.append(k("tobedeleted").label(name))
        elif name == "modified":
            columns.append(Tombstone.deleted_at.label(name))
        else:
            known = not isinstance(column.type, NullType)
            columns.append(cast(null(), column.type if known else Text).label(name))
    buried = select(*columns).where(
        Tombstone.school_id == SCHOOL,
        Tombstone.resource == k(resource.tombstones),
        Tombstone.deleted_at > func.now() - timedelta(days=TOMBSTONE_DAYS),
        Tombstone.sourced_id.not_in(select(seen.c.sourced_id)),
    )
    return union_all(live, buried).subquery("r")


def _predicate(column: Any, kind: Kind, op: str, value: Any) -> ColumnElement[bool]:
    if kind is Kind.roles:
        if op == "~":
            return (
                func.strpos(func.lower(func.array_to_string(column, k(" "))), func.lower(value)) > 0
            )
        member = value == func.any(column)
        return member if op == "=" else not_(func.coalesce(member, false()))
    if kind is Kind.text:
        column = cast(column, Text)
    if kind is Kind.instant:
        # Compared at the precision the client was shown (milliseconds, §4.3): a delta query
        # with the newest dateLastModified it saw must not send back rows of that very
        # millisecond again (a seed or an import writes hundreds in one transaction).
        column = func.date_trunc(k("milliseconds"), column)
    if op == "~":
        return func.strpos(func.lower(column), func.lower(value)) > 0
    comparisons: dict[str, Callable[[], ColumnElement[bool]]] = {
        "=": lambda: column == value,
        "!=": lambda: column.is_distinct_from(value),
        ">": lambda: column > value,
        ">=": lambda: column >= value,
        "<": lambda: column < value,
        "<=": lambda: column <= value,
    }
    return comparisons[op]()


def _conditions(
    resource: Resource, r: Rows, links: tuple[str, ...], shape: Any, *, single: bool
) -> list[ColumnElement[bool]]:
    conditions = [resource.links[name](r.c) for name in links]
    if shape is not None:
        logical, predicates = shape
        parts = []
        for n, (name, op) in enumerate(predicates):
            column_name, kind = resource.all_filterable[name]
            value_type = DateTime(timezone=True) if kind is Kind.instant else Text
            value = bindparam(f"f{n}", type_=value_type)
            parts.append(_predicate(r.c[column_name], kind, op, value))
        conditions.append(and_(*parts) if logical == "AND" else or_(*parts))
    names = {name for name, _op in shape[1]} if shape is not None else set()
    if not single and not names & {"status", "dateLastModified"}:
        # Tombstones only for those who ask: a status or a delta query (contract §4.2).
        conditions.append(r.c.status == k("active"))
    return conditions


def _object(resource: Resource, row: Any, keys: tuple[str, ...]) -> ColumnElement[Any]:
    body = resource.body(row)
    full = obj(**{key: body[key] for key in keys})
    gone = [key for key in TOMBSTONE_KEYS if key in keys]
    if resource.tombstones is None and "status" not in body:
        return full
    tombstone = obj(**{key: body[key] for key in gone}) if gone else func.json_build_object()
    return case((row.status == k("tobedeleted"), tombstone), else_=full)


def common_keys(row: Any) -> dict[str, ColumnElement[Any]]:
    return {
        "sourcedId": row.sourced_id,
        "status": row.status,
        "dateLastModified": modified_text(row.modified),
    }


@lru_cache(maxsize=512)
def page_statement(
    resource: Resource,
    links: tuple[str, ...],
    shape: Any,
    sort: str,
    descending: bool,
    keys: tuple[str, ...],
) -> Compiled:
    r = _rows(resource)
    where = and_(*_conditions(resource, r, links, shape, single=False))
    total = select(func.count()).select_from(r).where(where).scalar_subquery()
    sort_column = r.c[resource.all_filterable[sort][0]]
    order = [sort_column.desc() if descending else sort_column.asc(), r.c.sourced_id.asc()]
    page = (
        select(r)
        .where(where)
        .order_by(*order)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery("p")
    )
    p_sort = page.c[sort_column.key]
    p_order = [p_sort.desc() if descending else p_sort.asc(), page.c.sourced_id.asc()]
    # One pass over the page: the objects and their sourcedIds (for the audit of reads).
    agg = (
        select(
            func.json_agg(aggregate_order_by(_object(resource, page.c, keys), *p_order)).label(
                "items"
            ),
            func.array_agg(page.c[resource.subject]).label("ids"),
        )
        .select_from(page)
        .subquery("agg")
    )
    envelope = obj(**{resource.name: func.coalesce(agg.c["items"], k("[]"))})
    return Compiled.of(
        select(
            total.label("total"),
            cast(envelope, Text).label("body"),
            func.coalesce(agg.c["ids"], literal_column("'{}'::uuid[]")).label("ids"),
        ).select_from(agg)
    )


@lru_cache(maxsize=256)
def object_statement(resource: Resource, links: tuple[str, ...], keys: tuple[str, ...]) -> Compiled:
    r = _rows(resource)
    conditions = _conditions(resource, r, links, None, single=True)
    conditions.append(r.c.sourced_id == bindparam("id"))
    body = obj(**{resource.singular: _object(resource, r.c, keys)})
    # The person the object is about, for the audit of the read: a result's sourcedId is
    # the grade's, its pupil is ``student_id`` (NULL for a tombstone).
    subject = cast(r.c[resource.subject], Text).label("subject")
    return Compiled.of(select(cast(body, Text).label("body"), subject).where(*conditions).limit(1))


def filter_values(parsed: Filter | None) -> dict[str, Any]:
    if parsed is None:
        return {}
    return {f"f{n}": predicate.value for n, predicate in enumerate(parsed.predicates)}
