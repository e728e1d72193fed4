"""The one place a new message or announcement is made known to its readers.

An in-app notification for each recipient, plus SMS / e-mail per their notification
settings (``api.notifications``), and a live stream event (``api.stream``: ``message``
for every participant, the author's other tabs included; ``announcement`` for the
recipients), all in the posting transaction. Push hooks in here as well: both functions
know the recipients, the kind, the object's id and the SPA link.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from api.messaging.models import Announcement, Conversation, ConversationMessage
from api.notifications import service as notifications
from api.notifications.service import Kind, Message
from api.stream import service as stream

PREVIEW = 300


def conversation_link(conversation_id: uuid.UUID) -> str:
    return f"/messages/{conversation_id}"


def announcement_link(announcement_id: uuid.UUID) -> str:
    return f"/announcements/{announcement_id}"


def _preview(text: str) -> str:
    return text if len(text) <= PREVIEW else text[: PREVIEW - 1] + "…"


async def message_posted(
    session: AsyncSession,
    conversation: Conversation,
    message: ConversationMessage,
    author_name: str,
    recipients: Sequence[uuid.UUID],
) -> None:
    """``message`` was written to ``conversation``; ``recipients`` are the participants
    other than its author."""
    title = f"Новое сообщение: {author_name}"
    if conversation.subject:
        title = f"{title} — {conversation.subject}"
    note = Message(
        kind=Kind.message,
        title=title,
        body=_preview(message.text),
        link=conversation_link(conversation.id),
    )
    # The message event before the notification's: one account's events keep the order
    # they were written in (their ids are drawn at commit, in insertion order).
    await stream.publish(
        session,
        [*recipients, *([message.author_id] if message.author_id else [])],
        "message",
        {
            "id": str(message.id),
            "conversation_id": str(conversation.id),
            "author_id": str(message.author_id),
        },
    )
    await notifications.notify(session, [(account, note) for account in recipients])


async def announcement_posted(
    session: AsyncSession,
    announcement: Announcement,
    class_name: str,
    recipients: Sequence[uuid.UUID],
) -> None:
    note = Message(
        kind=Kind.announcement,
        title=f"Объявление для {class_name}: {announcement.title}",
        body=_preview(announcement.text),
        link=announcement_link(announcement.id),
    )
    await stream.publish(
        session,
        recipients,
        "announcement",
        {"id": str(announcement.id), "class_id": str(announcement.class_id)},
    )
    await notifications.notify(session, [(account, note) for account in recipients])
