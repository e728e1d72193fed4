"""Messaging's hot reads as single statements (``docs/request-path.md``): the conversation
list, one conversation and the messages of one conversation. Each checks the caller's
session, scopes the rows by the rules of ``access`` (``takes_part``) and ``service``
(``unread_by``, the orders) and builds the JSON in PostgreSQL, in one round trip on the
hot pool.

The ORM rendering (``service.render``, ``service.render_messages``) stays: it answers
the writes (a new conversation, a reply) and the moderation screens.
``tests/messaging/test_statements.py`` holds the two equal, field by field.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import (
    Boolean,
    ColumnElement,
    Integer,
    Uuid,
    any_,
    bindparam,
    case,
    func,
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import aliased

from api.diary.structure.models import Student
from api.identity import tokens
from api.identity.models import Account
from api.identity.statements import caller_cte, fetch_read
from api.messaging import access, service
from api.messaging.models import Attachment, Conversation
from api.statements import (
    Compiled,
    answer,
    datetime_text,
    full_name,
    json_list,
    k,
    obj,
    page_of,
)

P, M = service.P, service.M


def _me() -> Any:
    # The token's account as the bound parameter: every statement here joins the
    # ``caller`` CTE (the session check), so its rows exist only for a live session.
    return bindparam("account_id", type_=Uuid)


def account_name(account: Any) -> ColumnElement[str]:
    """As ``service.full_name`` of the account's name parts."""
    return full_name(account.last_name, account.first_name, account.middle_name)


def roles_json(roles: Any) -> ColumnElement[Any]:
    """As ``Participant.roles``: the account's roles among ``service.ROLE_ORDER``, in
    that order."""
    picked = [case((k(role) == any_(roles), k(role))) for role in service.ROLE_ORDER]
    return func.to_json(func.array_remove(postgresql.array(picked), literal_column("NULL")))


def attachments_json(owned: ColumnElement[bool], order: Sequence[Any]) -> Any:
    """``AttachmentOut`` list of the attachments ``owned`` selects (a message's or an
    announcement's), in ``order``."""
    return (
        select(
            json_list(
                obj(
                    id=Attachment.id,
                    file_name=Attachment.file_name,
                    content_type=Attachment.content_type,
                    size=Attachment.size,
                ),
                *order,
            )
        )
        .where(owned)
        .scalar_subquery()
    )


def message_json(m: Any) -> ColumnElement[Any]:
    """``MessageOut`` of the message row ``m`` (the message table, an alias or a
    subquery's columns): its attachments and who else has read it."""
    files = attachments_json(Attachment.message_id == m.id, service.ATTACHMENT_ORDER)
    readers = (
        select(json_list(P.account_id, *service.READ_BY_ORDER))
        .where(
            P.conversation_id == m.conversation_id,
            P.account_id.is_distinct_from(m.author_id),
            P.read_seq >= m.seq,
        )
        .scalar_subquery()
    )
    return obj(
        id=m.id,
        conversation_id=m.conversation_id,
        author_id=m.author_id,
        text=m.text,
        attachments=files,
        created_at=datetime_text(m.created_at),
        read_by=readers,
    )


def conversation_json(c: Any, me: Any) -> ColumnElement[Any]:
    """``ConversationOut`` of the conversation row ``c`` (the table or a subquery's
    columns) for the caller ``me``: participants, the last message, the unread count."""
    people = (
        select(
            json_list(
                obj(
                    account_id=Account.id,
                    name=account_name(Account),
                    roles=roles_json(Account.roles),
                ),
                *service.PARTICIPANT_ORDER,
            )
        )
        .select_from(P)
        .join(Account, Account.id == P.account_id)
        .where(P.conversation_id == c.id)
        .scalar_subquery()
    )
    last = aliased(M)
    last_message = (
        select(message_json(last))
        .where(last.conversation_id == c.id)
        .order_by(last.seq.desc())
        .limit(1)
        .scalar_subquery()
    )
    unread_count = (
        select(func.count())
        .select_from(P)
        .join(M, service.unread_by(me))
        .where(P.conversation_id == c.id, P.account_id == me)
        .scalar_subquery()
    )
    student_name = (
        select(func.concat(Student.last_name, k(" "), Student.first_name))
        .where(Student.id == c.student_id)
        .scalar_subquery()
    )
    return obj(
        id=c.id,
        subject=c.subject,
        student_id=c.student_id,
        student_name=student_name,
        participants=people,
        last_message=last_message,
        unread_count=unread_count,
        created_at=datetime_text(c.created_at),
        reported=c.reported_at.is_not(None),
    )


@cache
def conversations_statement() -> Compiled:
    """``ConversationPage``: the caller's conversations (only those with unread messages
    when ``unread``), most recent message first, with participants, the last message and
    the caller's unread count."""
    caller = caller_cte()
    me = _me()
    unread = bindparam("unread", type_=Boolean)
    mine = (
        select(
            Conversation.id,
            Conversation.subject,
            Conversation.student_id,
            Conversation.created_at,
            Conversation.last_message_at,
            Conversation.reported_at,
        )
        .join(caller, true())
        .where(access.takes_part(me), or_(~unread, service.unread_condition(me)))
        .cte("mine")
    )
    page = (
        select(mine)
        .order_by(mine.c.last_message_at.desc(), mine.c.id)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery("page")
    )
    item = conversation_json(page.c, me)
    items = (
        select(json_list(item, page.c.last_message_at.desc(), page.c.id))
        .select_from(page)
        .scalar_subquery()
    )
    total = select(func.count()).select_from(mine).scalar_subquery()
    return Compiled.of(answer(caller, select(page_of(items, total))))


@cache
def conversation_statement() -> Compiled:
    """``ConversationOut`` of one conversation the caller takes part in; no body (NULL)
    when the caller does not take part in it or it does not exist."""
    caller = caller_cte()
    me = _me()
    body = (
        select(conversation_json(Conversation, me))
        .join(caller, true())
        .where(Conversation.id == bindparam("conversation_id", type_=Uuid), access.takes_part(me))
    )
    return Compiled.of(answer(caller, body))


@cache
def messages_statement() -> Compiled:
    """``MessagePage`` of one conversation the caller takes part in, in order; no body
    (NULL) when the caller does not take part in it or it does not exist."""
    caller = caller_cte()
    conversation_id = bindparam("conversation_id", type_=Uuid)
    found = (
        select(Conversation.id)
        .join(caller, true())
        .where(Conversation.id == conversation_id, access.takes_part(_me()))
        .exists()
    )
    page = (
        select(M)
        .where(M.conversation_id == conversation_id)
        .order_by(M.seq)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery("page")
    )
    items = select(json_list(message_json(page.c), page.c.seq)).select_from(page).scalar_subquery()
    total = (
        select(func.count()).select_from(M).where(M.conversation_id == conversation_id)
    ).scalar_subquery()
    return Compiled.of(answer(caller, select(page_of(items, total)).where(found)))


async def conversations(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    *,
    unread: bool,
    limit: int,
    offset: int,
) -> str:
    """``ConversationPage`` as JSON text (401 when the token's session is gone)."""
    body = await fetch_read(
        connection, claims, conversations_statement(), unread=unread, limit=limit, offset=offset
    )
    assert body is not None
    return body


async def messages(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    *,
    conversation_id: uuid.UUID,
    limit: int,
    offset: int,
) -> str:
    """``MessagePage`` as JSON text; 404 ``conversation_not_found`` as on the ORM path."""
    body = await fetch_read(
        connection,
        claims,
        messages_statement(),
        conversation_id=conversation_id,
        limit=limit,
        offset=offset,
    )
    if body is None:
        raise service.not_found()
    return body


async def conversation(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    *,
    conversation_id: uuid.UUID,
) -> str:
    """``ConversationOut`` as JSON text; 404 ``conversation_not_found`` as on the ORM path."""
    body = await fetch_read(
        connection, claims, conversation_statement(), conversation_id=conversation_id
    )
    if body is None:
        raise service.not_found()
    return body
