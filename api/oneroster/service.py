"""Running a OneRoster read: the query parameters, the one statement, the paging headers.

``record_client_read`` is the call site for the audit of personal-data reads (contract §7,
built in wt-clientops): it receives the sourcedIds a response carries.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import session_driver
from api.i18n import Text
from api.identity.deps import Caller, InsufficientScope, Principal
from api.integrations import audit as integrations_audit
from api.integrations.scopes import SCOPES
from api.oneroster import imsx, query
from api.oneroster.statements import Resource, filter_values, object_statement, page_statement
from api.pagination import MAX_OFFSET

_OR = "https://purl.imsglobal.org/spec/or/v1p2/scope/"
ROSTER_CORE = f"{_OR}roster-core.readonly"
ROSTER = f"{_OR}roster.readonly"
DEMOGRAPHICS = f"{_OR}roster-demographics.readonly"
GUARDIANS = "edudiary:guardians.readonly"
GRADEBOOK_READ = f"{_OR}gradebook.readonly"
GRADEBOOK_WRITE = f"{_OR}gradebook.createput"
GRADEBOOK_DELETE = f"{_OR}gradebook.delete"
assert {
    ROSTER_CORE,
    ROSTER,
    DEMOGRAPHICS,
    GUARDIANS,
    GRADEBOOK_READ,
    GRADEBOOK_WRITE,
    GRADEBOOK_DELETE,
} <= set(SCOPES)

# Resources whose answers carry personal data (contract §7).
PERSONAL = frozenset({"users", "enrollments", "demographics", "results", "lineItems"})


def reader(*any_of: str) -> Callable[[Principal], Awaitable[Principal]]:
    """An integration client holding any one of ``any_of``; a person → 403."""

    async def check(caller: Caller) -> Principal:
        if not caller.is_client:
            raise imsx.forbidden(
                Text(
                    "OneRoster доступен только клиентам интеграции",
                    "OneRoster is for integration clients only",
                )
            )
        if caller.scopes.isdisjoint(any_of):
            raise InsufficientScope()
        return caller

    return check


CoreReader = Annotated[Principal, Depends(reader(ROSTER_CORE, ROSTER))]
RosterReader = Annotated[Principal, Depends(reader(ROSTER))]
DemographicsReader = Annotated[Principal, Depends(reader(DEMOGRAPHICS))]


@dataclass(frozen=True, slots=True)
class ListQuery:
    limit: int
    offset: int
    sort: str | None
    order_by: str | None
    fields: str | None
    filter: str | None


async def list_query(
    limit: Annotated[
        int, Query(ge=1, description="Сколько объектов (1–1000, по умолчанию 100; больше — 1000)")
    ] = query.DEFAULT_LIMIT,
    offset: Annotated[
        int, Query(ge=0, le=MAX_OFFSET, description="Сколько пропустить (до 100 000)")
    ] = 0,
    sort: Annotated[str | None, Query(description="Поле сортировки (sourcedId)")] = None,
    order_by: Annotated[str | None, Query(alias="orderBy", description="asc | desc")] = None,
    fields: Annotated[str | None, Query(description="Какие поля вернуть: a,b")] = None,
    filter_: Annotated[
        str | None,
        Query(alias="filter", description="dateLastModified>'2026-11-01T00:00:00Z' AND …"),
    ] = None,
) -> ListQuery:
    return ListQuery(limit, offset, sort, order_by, fields, filter_)


ListParams = Annotated[ListQuery, Depends(list_query)]


def as_uuid(text: str) -> uuid.UUID:
    """A path id; anything but a UUID cannot name an object → 404."""
    try:
        return uuid.UUID(text)
    except ValueError:
        raise imsx.unknown_object() from None


def _values(
    request: Request,
    caller: Principal,
    link: uuid.UUID | None,
    link2: uuid.UUID | None = None,
) -> dict[str, Any]:
    return {
        "school": caller.school_id,
        "origin": f"{request.url.scheme}://{request.url.netloc}",
        "guardians": GUARDIANS in caller.scopes,
        "admins": ROSTER in caller.scopes,
        "link": link,
        "link2": link2,
    }


def _link_header(request: Request, total: int, limit: int, offset: int) -> str:
    def at(position: int, rel: str) -> str:
        url = request.url.include_query_params(limit=limit, offset=position)
        return f'<{url}>; rel="{rel}"'

    last = max(0, (total - 1) // limit * limit)
    links = [at(0, "first")]
    if offset > 0:
        links.append(at(max(0, offset - limit), "prev"))
    if offset + limit < total:
        links.append(at(offset + limit, "next"))
    links.append(at(last, "last"))
    return ", ".join(links)


async def record_client_read(
    session: AsyncSession,
    caller: Principal,
    *,
    resource: str,
    object_id: uuid.UUID | None,
    subject_ids: list[uuid.UUID],
) -> None:
    """The audit of contract §7 for a OneRoster answer carrying personal data: one row
    with the people it returned (``api.integrations.audit``)."""
    await integrations_audit.client_access(
        session, caller, resource, object_id=object_id, subject_ids=subject_ids
    )


async def page(
    request: Request,
    session: AsyncSession,
    caller: Principal,
    resource: Resource,
    params: ListQuery,
    *,
    links: tuple[str, ...] = (),
    link: uuid.UUID | None = None,
    link2: uuid.UUID | None = None,
) -> Response:
    parsed = query.parse_filter(params.filter, resource.fields)
    sort, descending = query.parse_sort(params.sort, params.order_by, resource.fields)
    keys = query.parse_fields(params.fields, resource.keys)
    limit = query.clamp_limit(params.limit)
    statement = page_statement(
        resource, links, parsed.shape if parsed else None, sort, descending, keys
    )
    values = _values(request, caller, link, link2) | filter_values(parsed)
    connection = await session_driver(session)
    row = await connection.fetchrow(
        statement.sql, *statement.args(limit=limit, offset=params.offset, **values)
    )
    assert row is not None
    total: int = row["total"]
    if resource.name in PERSONAL:
        # Tombstones carry no person (their subject column is NULL).
        people = [id for id in row["ids"] if id is not None]
        await record_client_read(
            session, caller, resource=resource.name, object_id=None, subject_ids=people
        )
    headers = {
        "X-Total-Count": str(total),
        "Link": _link_header(request, total, limit, params.offset),
    }
    return Response(row["body"], media_type="application/json", headers=headers)


async def one(
    request: Request,
    session: AsyncSession,
    caller: Principal,
    resource: Resource,
    sourced_id: str,
    *,
    fields: str | None = None,
    links: tuple[str, ...] = (),
) -> Response:
    body, subject = await _found(
        request, session, caller, resource, sourced_id, fields=fields, links=links
    )
    if resource.name in PERSONAL:
        # The object's person (``Resource.subject``), not its sourcedId: a result's id is
        # the grade's, an enrollment's is no user. A tombstone carries nobody.
        await record_client_read(
            session,
            caller,
            resource=resource.name,
            object_id=uuid.UUID(sourced_id),
            subject_ids=[] if subject is None else [uuid.UUID(subject)],
        )
    return Response(body, media_type="application/json")


async def find(
    request: Request,
    session: AsyncSession,
    caller: Principal,
    resource: Resource,
    sourced_id: str,
    *,
    fields: str | None = None,
    links: tuple[str, ...] = (),
    link: uuid.UUID | None = None,
) -> str:
    """The object's JSON (``{"user": {...}}``) in the caller's school, or 404."""
    body, _subject = await _found(
        request, session, caller, resource, sourced_id, fields=fields, links=links, link=link
    )
    return body


async def _found(
    request: Request,
    session: AsyncSession,
    caller: Principal,
    resource: Resource,
    sourced_id: str,
    *,
    fields: str | None = None,
    links: tuple[str, ...] = (),
    link: uuid.UUID | None = None,
) -> tuple[str, str | None]:
    """``find`` and the id of the person the object is about (its ``Resource.subject``)."""
    key = as_uuid(sourced_id)
    keys = query.parse_fields(fields, resource.keys)
    statement = object_statement(resource, links, keys)
    connection = await session_driver(session)
    row = await connection.fetchrow(
        statement.sql, *statement.args(id=key, **_values(request, caller, link))
    )
    if row is None:
        raise imsx.unknown_object()
    body: str = row["body"]
    subject: str | None = row["subject"]
    return body, subject


def own_school(caller: Principal, school_id: str) -> None:
    """``/schools/{id}/…``: only the client's own school exists for it."""
    if as_uuid(school_id) != caller.school_id:
        raise imsx.unknown_object()
