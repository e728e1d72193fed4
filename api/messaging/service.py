"""Conversations: start one with the people the table allows, reply, read, report."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Exists, Select, and_, exists, func, select, update
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit import service as audit
from api.diary.structure.models import Student
from api.errors import FieldError, NotFound, ValidationFailed
from api.i18n import Text
from api.identity import clock
from api.identity.deps import Principal
from api.identity.models import Account
from api.messaging import access, publish
from api.messaging.models import (
    Attachment,
    Conversation,
    ConversationMessage,
    ConversationParticipant,
    ConversationReport,
)
from api.messaging.schemas import (
    AttachmentOut,
    ConversationIn,
    ConversationOut,
    MessageOut,
    Participant,
)

P, M = ConversationParticipant, ConversationMessage
ROLE_ORDER = ("school_admin", "class_teacher", "teacher", "parent", "student")
# Orders shared with the single statements (``statements.py``); the last key of each only
# makes ties (people who joined together, namesakes) come out the same way every time.
PARTICIPANT_ORDER = (P.joined_at, Account.last_name, Account.id)
READ_BY_ORDER = (P.account_id,)
# A conversation's attachments: in the order they were uploaded.
ATTACHMENT_ORDER = (Attachment.created_at, Attachment.id)


def full_name(last: str, first: str, middle: str | None) -> str:
    return " ".join(part for part in (last, first, middle) if part)


def not_found() -> NotFound:
    return NotFound(
        code="conversation_not_found", detail=Text("Переписка не найдена", "No such conversation")
    )


async def get(
    session: AsyncSession, query: Select[Conversation], conversation_id: uuid.UUID
) -> Conversation:
    conversation = await session.scalar(query.where(Conversation.id == conversation_id))
    if conversation is None:
        raise not_found()
    return conversation


async def claim_attachments(
    session: AsyncSession, principal: Principal, ids: Sequence[uuid.UUID]
) -> list[Attachment]:
    """The caller's own uploads not yet sent anywhere, in the order given (else 422)."""
    if not ids:
        return []
    rows = await session.scalars(
        select(Attachment)
        .where(
            Attachment.id.in_(list(ids)),
            Attachment.uploader_id == principal.account_id,
            Attachment.message_id.is_(None),
            Attachment.announcement_id.is_(None),
        )
        .with_for_update()
    )
    found = {a.id: a for a in rows}
    missing = [i for i, a in enumerate(ids) if a not in found]
    if missing or len(set(ids)) != len(ids):
        text = Text(
            "Вложение не найдено среди ваших неотправленных файлов: загрузите его снова",
            "No such unsent upload of yours: upload the file again",
        )
        raise ValidationFailed(
            code="attachment_not_found",
            detail=text,
            errors=[
                FieldError(f"attachment_ids.{i}", "attachment_not_found", text) for i in missing
            ],
        )
    return [found[i] for i in ids]


async def _author_name(session: AsyncSession, account_id: uuid.UUID) -> str:
    row = (
        await session.execute(
            select(Account.last_name, Account.first_name, Account.middle_name).where(
                Account.id == account_id
            )
        )
    ).one()
    return full_name(*row)


async def _post(
    session: AsyncSession,
    principal: Principal,
    conversation: Conversation,
    text: str,
    attachments: Sequence[Attachment],
) -> ConversationMessage:
    message = ConversationMessage(
        id=uuid.uuid4(),
        conversation_id=conversation.id,
        author_id=principal.account_id,
        text=text,
        created_at=clock.now(),
    )
    session.add(message)
    await session.flush()
    await session.refresh(message, ["seq"])
    for attachment in attachments:
        attachment.message_id = message.id
    conversation.last_message_at = message.created_at
    # The author has read what they wrote.
    await session.execute(
        update(P)
        .where(P.conversation_id == conversation.id, P.account_id == principal.account_id)
        .values(read_seq=message.seq)
    )
    recipients = await session.scalars(
        select(P.account_id).where(
            P.conversation_id == conversation.id, P.account_id != principal.account_id
        )
    )
    await publish.message_posted(
        session,
        conversation,
        message,
        await _author_name(session, principal.account_id),
        list(recipients),
    )
    await session.flush()
    return message


async def start(session: AsyncSession, principal: Principal, body: ConversationIn) -> Conversation:
    """A new conversation. Every recipient is checked against the table before anything
    is written: one refused recipient → 403 and nothing stored."""
    recipients = list(dict.fromkeys(body.recipient_ids))
    chosen = await access.refuse_unreachable(session, principal, recipients, body.student_id)
    attachments = await claim_attachments(session, principal, body.attachment_ids)
    student_id = body.student_id
    if student_id is None:
        about = {c.student_id for c in chosen}
        if len(about) == 1 and not access.is_school_staff(principal):
            student_id = about.pop()
    conversation = Conversation(
        id=uuid.uuid4(),
        school_id=chosen[0].school_id,
        subject=body.subject or None,
        student_id=student_id,
        created_by=principal.account_id,
        created_at=clock.now(),
        last_message_at=clock.now(),
    )
    session.add(conversation)
    await session.flush()
    session.add_all(
        [
            P(conversation_id=conversation.id, account_id=account_id)
            for account_id in [principal.account_id, *recipients]
        ]
    )
    await session.flush()
    await _post(session, principal, conversation, body.text, attachments)
    return conversation


async def reply(
    session: AsyncSession,
    principal: Principal,
    conversation: Conversation,
    text: str,
    attachment_ids: Sequence[uuid.UUID],
) -> ConversationMessage:
    attachments = await claim_attachments(session, principal, attachment_ids)
    return await _post(session, principal, conversation, text, attachments)


async def mark_read(
    session: AsyncSession, principal: Principal, conversation: Conversation, up_to: uuid.UUID
) -> None:
    """Read everything up to ``up_to`` (never moves back)."""
    seq = await session.scalar(
        select(M.seq).where(M.id == up_to, M.conversation_id == conversation.id)
    )
    if seq is None:
        raise NotFound(
            code="message_not_found", detail=Text("Сообщение не найдено", "No such message")
        )
    await session.execute(
        update(P)
        .where(
            P.conversation_id == conversation.id,
            P.account_id == principal.account_id,
            P.read_seq < seq,
        )
        .values(read_seq=seq)
    )


async def report(
    session: AsyncSession, principal: Principal, conversation: Conversation, reason: str
) -> None:
    """A participant asks the school's administration to look at the conversation."""
    session.add(
        ConversationReport(
            id=uuid.uuid4(),
            conversation_id=conversation.id,
            reporter_id=principal.account_id,
            reason=reason,
        )
    )
    conversation.reported_at = clock.now()
    await session.flush()
    await audit.record(session, principal, "conversation.report", "conversation", conversation.id)


def unread_by(account_id: Any) -> ColumnElement[bool]:
    """A message ``account_id`` has not read, whose participant row is ``P``: past their
    read mark and written by someone else. ``account_id`` is a value or, inside a single
    statement, the caller's column (``api/messaging/statements.py``)."""
    return and_(
        M.conversation_id == P.conversation_id,
        M.seq > P.read_seq,
        M.author_id.is_distinct_from(account_id),
    )


def unread_condition(account_id: Any) -> Exists:
    # The inner EXISTS names the participant row's conversation, not ``Conversation``:
    # SQLAlchemy correlates a subquery to the query right around it only, and a
    # ``conversations`` of its own there made every conversation unread whenever any
    # newer message existed anywhere (``seq`` is global).
    return exists().where(
        P.conversation_id == Conversation.id,
        P.account_id == account_id,
        exists().where(unread_by(account_id)),
    )


def _count(query: Select[Conversation]) -> Select[int]:
    # Counted over the query as a subquery: its WHERE is a correlated EXISTS only, and
    # ``with_only_columns(count())`` would drop ``conversations`` from the FROM list and
    # count one row for anybody with any conversation.
    return select(func.count()).select_from(query.order_by(None).subquery())


async def page(
    session: AsyncSession, query: Select[Conversation], *, limit: int, offset: int
) -> tuple[list[Conversation], int]:
    """One statement: the page and the total beside each row (a window count)."""
    rows = (
        await session.execute(
            query.add_columns(func.count().over().label("total"))
            .order_by(Conversation.last_message_at.desc(), Conversation.id)
            .limit(limit)
            .offset(offset)
        )
    ).all()
    if rows:
        return [row[0] for row in rows], int(rows[0].total)
    # An empty page past the end still says how many there are.
    total = 0 if offset == 0 else int(await session.scalar(_count(query)) or 0)
    return [], total


# ---- rendering -------------------------------------------------------------------------


async def _attachments_of(
    session: AsyncSession, message_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[AttachmentOut]]:
    found: dict[uuid.UUID, list[AttachmentOut]] = {}
    if not message_ids:
        return found
    rows = await session.scalars(
        select(Attachment)
        .where(Attachment.message_id.in_(list(message_ids)))
        .order_by(*ATTACHMENT_ORDER)
    )
    for a in rows:
        assert a.message_id is not None
        found.setdefault(a.message_id, []).append(
            AttachmentOut(id=a.id, file_name=a.file_name, content_type=a.content_type, size=a.size)
        )
    return found


async def render_messages(
    session: AsyncSession, messages: Sequence[ConversationMessage]
) -> list[MessageOut]:
    """Messages with their attachments and read receipts (the other participants whose
    read mark has reached them)."""
    if not messages:
        return []
    conversation_ids = list({m.conversation_id for m in messages})
    marks = (
        await session.execute(
            select(P.conversation_id, P.account_id, P.read_seq)
            .where(P.conversation_id.in_(conversation_ids))
            .order_by(*READ_BY_ORDER)
        )
    ).all()
    files = await _attachments_of(session, [m.id for m in messages])
    return [
        MessageOut(
            id=m.id,
            conversation_id=m.conversation_id,
            author_id=m.author_id,
            text=m.text,
            attachments=files.get(m.id, []),
            created_at=m.created_at,
            read_by=[
                account
                for conversation, account, read_seq in marks
                if conversation == m.conversation_id
                and account != m.author_id
                and read_seq >= m.seq
            ],
        )
        for m in messages
    ]


async def messages_page(
    session: AsyncSession, conversation: Conversation, *, limit: int, offset: int
) -> tuple[list[MessageOut], int]:
    total = await session.scalar(
        select(func.count()).select_from(M).where(M.conversation_id == conversation.id)
    )
    rows = await session.scalars(
        select(M)
        .where(M.conversation_id == conversation.id)
        .order_by(M.seq)
        .limit(limit)
        .offset(offset)
    )
    return await render_messages(session, list(rows)), int(total or 0)


async def render(
    session: AsyncSession, viewer: Principal, conversations: Sequence[Conversation]
) -> list[ConversationOut]:
    """Conversations with participants, the last message and the viewer's unread count,
    in a fixed number of queries whatever the page size."""
    if not conversations:
        return []
    ids = [c.id for c in conversations]
    people = (
        await session.execute(
            select(
                P.conversation_id,
                Account.id,
                Account.last_name,
                Account.first_name,
                Account.middle_name,
                Account.roles,
            )
            .join(Account, Account.id == P.account_id)
            .where(P.conversation_id.in_(ids))
            .order_by(*PARTICIPANT_ORDER)
        )
    ).all()
    last = await session.scalars(
        select(M)
        .where(M.conversation_id.in_(ids))
        .ext(distinct_on(M.conversation_id))
        .order_by(M.conversation_id, M.seq.desc())
    )
    last_out = {m.conversation_id: m for m in await render_messages(session, list(last))}
    counted = (
        select(P.conversation_id, func.count(M.id).label("n"))
        .join(M, unread_by(viewer.account_id))
        .where(P.conversation_id.in_(ids), P.account_id == viewer.account_id)
        .group_by(P.conversation_id)
    )
    unread = {row.conversation_id: int(row.n) for row in await session.execute(counted)}
    student_ids = [c.student_id for c in conversations if c.student_id is not None]
    students = (
        {
            s.id: f"{s.last_name} {s.first_name}"
            for s in await session.scalars(select(Student).where(Student.id.in_(student_ids)))
        }
        if student_ids
        else {}
    )
    out = []
    for c in conversations:
        participants = [
            Participant(
                account_id=account_id,
                name=full_name(last_name, first_name, middle_name),
                roles=[r for r in ROLE_ORDER if r in roles],
            )
            for conversation_id, account_id, last_name, first_name, middle_name, roles in people
            if conversation_id == c.id
        ]
        out.append(
            ConversationOut(
                id=c.id,
                subject=c.subject,
                student_id=c.student_id,
                student_name=students.get(c.student_id) if c.student_id else None,
                participants=participants,
                last_message=last_out.get(c.id),
                unread_count=int(unread.get(c.id, 0)),
                created_at=c.created_at,
                reported=c.reported_at is not None,
            )
        )
    return out


async def unread_conversations(session: AsyncSession, principal: Principal) -> int:
    query = access.readable_conversations(principal).where(unread_condition(principal.account_id))
    return int(await session.scalar(_count(query)) or 0)


async def admin_read(session: AsyncSession, admin: Principal, conversation: Conversation) -> None:
    """A school admin opens a reported conversation: recorded in the audit log."""
    await audit.record(
        session, admin, "conversation.moderation_read", "conversation", conversation.id
    )
