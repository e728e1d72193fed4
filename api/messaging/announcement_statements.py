"""The announcement lists as single statements (``docs/request-path.md``): a class's
announcements for its class teacher and the school's admins (``GET
/classes/{id}/announcements``) and the caller's own (``GET /me/announcements``). The rows
are chosen by ``access``'s rules (``reads_announcement``, ``received_by``, ``class_of``,
``leads_class``) and the counts shown by ``announcements.sees_counts`` — the functions
the ORM path runs — with the caller's columns in place of the principal's values.

The single announcement (``GET /announcements/{id}``) is one statement too.
``announcements.render`` stays for the writes' answers;
``tests/messaging/test_announcement_statements.py`` holds the two equal.
"""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import (
    ColumnElement,
    Integer,
    Uuid,
    and_,
    any_,
    bindparam,
    case,
    exists,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.orm import aliased

from api.identity import tokens
from api.identity.models import Account
from api.identity.statements import caller_cte, fetch_answer, fetch_read
from api.messaging import access, announcements
from api.messaging.models import Announcement, Attachment
from api.messaging.statements import account_name, attachments_json
from api.schools.models import SchoolClass
from api.statements import (
    Compiled,
    answer,
    class_name,
    datetime_text,
    json_list,
    k,
    obj,
    page_of,
)

A, R = Announcement, announcements.R


def _admin_school(caller: Any) -> Any:
    """The school the caller administers, NULL for everyone else (``access.admin_school``)."""
    return (
        select(case((caller.c.is_admin, caller.c.school_id))).select_from(caller).scalar_subquery()
    )


def announcement_json(me: Any, admin_school: Any) -> ColumnElement[Any]:
    """``AnnouncementOut`` of the row of ``Announcement`` in the enclosing select."""
    name = select(class_name(SchoolClass)).where(SchoolClass.id == A.class_id).scalar_subquery()
    author = aliased(Account)
    author_name = select(account_name(author)).where(author.id == A.author_id).scalar_subquery()
    files = attachments_json(Attachment.announcement_id == A.id, announcements.ATTACHMENT_ORDER)
    read_by_me = exists().where(
        R.announcement_id == A.id, R.account_id == me, R.read_at.is_not(None)
    )
    counted = announcements.sees_counts(me, admin_school)
    recipients = select(func.count()).select_from(R).where(R.announcement_id == A.id)
    read = select(func.count(R.read_at)).where(R.announcement_id == A.id)
    return obj(
        id=A.id,
        class_id=A.class_id,
        class_name=func.coalesce(name, k("")),
        author_id=A.author_id,
        author_name=author_name,
        title=A.title,
        text=A.text,
        audience=A.audience,
        attachments=files,
        created_at=datetime_text(A.created_at),
        read=or_(read_by_me, A.author_id.is_not_distinct_from(me)),
        recipients_count=case((counted, recipients.scalar_subquery())),
        read_count=case((counted, read.scalar_subquery())),
    )


def _page(caller: Any, rule: ColumnElement[bool]) -> Any:
    """``AnnouncementPage`` of the announcements matching ``rule``, newest first."""
    me = bindparam("account_id", type_=Uuid)
    listed = select(A.id, A.created_at).join(caller, true()).where(rule).cte("listed")
    page = (
        select(listed)
        .order_by(listed.c.created_at.desc(), listed.c.id)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery("page")
    )
    items = (
        select(json_list(announcement_json(me, _admin_school(caller)), A.created_at.desc(), A.id))
        .select_from(page)
        .join(A, A.id == page.c.id)
        .scalar_subquery()
    )
    total = select(func.count()).select_from(listed).scalar_subquery()
    return select(page_of(items, total))


@cache
def mine_statement() -> Compiled:
    """The announcements sent to the caller (``announcements.received``)."""
    caller = caller_cte()
    me = bindparam("account_id", type_=Uuid)
    return Compiled.of(answer(caller, _page(caller, access.received_by(me))))


@cache
def one_statement() -> Compiled:
    """``AnnouncementOut`` of one announcement the caller may read
    (``access.reads_announcement``); no body (NULL) otherwise."""
    caller = caller_cte()
    me = bindparam("account_id", type_=Uuid)
    admin_school = _admin_school(caller)
    body = (
        select(announcement_json(me, admin_school))
        .join(caller, true())
        .where(
            A.id == bindparam("announcement_id", type_=Uuid),
            access.reads_announcement(me, admin_school),
        )
    )
    return Compiled.of(answer(caller, body))


@cache
def class_statement() -> Compiled:
    """A class's announcements the caller may read (``announcements.written``), with
    ``class_found`` and ``may_post``: ``access.announceable_class``'s 404 and 403."""
    caller = caller_cte()
    me = bindparam("account_id", type_=Uuid)
    class_id = bindparam("class_id", type_=Uuid)
    rule = and_(access.reads_announcement(me, _admin_school(caller)), A.class_id == class_id)
    staff = and_(
        caller.c.school_id.is_not(None),
        or_(*(k(role) == any_(caller.c.roles) for role in access.SCHOOL_STAFF)),
    )
    class_found = exists(
        select(SchoolClass.id)
        .join(caller, true())
        .where(access.class_of(class_id, caller.c.school_id), staff)
    )
    may_post = exists(
        select(caller.c.account_id).where(
            or_(caller.c.is_admin, access.leads_class(class_id, caller.c.account_id))
        )
    )
    body = _page(caller, rule)
    return Compiled.of(answer(caller, body, class_found=class_found, may_post=may_post))


async def mine(
    connection: asyncpg.Connection[Any], claims: tokens.AccessClaims, *, limit: int, offset: int
) -> str:
    """``AnnouncementPage`` as JSON text (401 when the token's session is gone)."""
    body = await fetch_read(connection, claims, mine_statement(), limit=limit, offset=offset)
    assert body is not None
    return body


async def one(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    *,
    announcement_id: uuid.UUID,
) -> str:
    """``AnnouncementOut`` as JSON text; 404 ``announcement_not_found`` as on the ORM path."""
    body = await fetch_read(connection, claims, one_statement(), announcement_id=announcement_id)
    if body is None:
        raise announcements.not_found()
    return body


async def of_class(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    *,
    class_id: uuid.UUID,
    limit: int,
    offset: int,
) -> str:
    """``AnnouncementPage`` of the class; 404 ``class_not_found`` and 403
    ``announcement_not_allowed`` as on the ORM path."""
    row = await fetch_answer(
        connection, claims, class_statement(), class_id=class_id, limit=limit, offset=offset
    )
    if not row["class_found"]:
        raise access.class_not_found()
    if not row["may_post"]:
        raise access.announcement_not_allowed()
    body: str = row["body"]
    return body
