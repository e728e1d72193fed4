"""Event types and their emission (contract §5): one statement, in the caller's transaction.

``emit`` is the one place an event is written. It inserts the event (thin: ids only), one
delivery per subscribed webhook of the school, and one procrastinate job per delivery —
all in the transaction of the change that caused it, so a rolled-back change has no event
and a committed one never misses its deliveries. A school with no subscriber writes
nothing (the statement's webhook look-up comes up empty).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import asyncpg
import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import session_driver
from api.jobs.defer import NAMESPACE, defer

_OR = "https://purl.imsglobal.org/spec/or/v1p2/scope/"

GRADE_CREATED = "grade.created"
GRADE_UPDATED = "grade.updated"
GRADE_DELETED = "grade.deleted"
ATTENDANCE_MARKED = "attendance.marked"
HOMEWORK_ASSIGNED = "homework.assigned"
LESSON_CHANGED = "lesson.changed"
APPLICATION_STATUS_CHANGED = "application.status_changed"
WEBHOOK_TEST = "webhook.test"

# Event type → the scope a client needs to subscribe to it and to receive it.
SCOPE_OF: dict[str, str] = {
    GRADE_CREATED: f"{_OR}gradebook.readonly",
    GRADE_UPDATED: f"{_OR}gradebook.readonly",
    GRADE_DELETED: f"{_OR}gradebook.readonly",
    ATTENDANCE_MARKED: "edudiary:attendance.readonly",
    HOMEWORK_ASSIGNED: "edudiary:homework.readonly",
    LESSON_CHANGED: "edudiary:schedule.readonly",
    APPLICATION_STATUS_CHANGED: "edudiary:applications.readonly",
}
EVENT_TYPES: tuple[str, ...] = tuple(SCOPE_OF)

QUEUE = "webhooks"
DELIVER_TASK = "deliver_webhook"

# The webhooks that get an event: enabled, of the event's school, subscribed to its type,
# of a usable client that still holds the type's scope (narrowed scopes bind at once).
# Events nobody receives are not written.
_EMIT_SQL = """
WITH input AS (
    SELECT * FROM unnest($2::text[], $3::text[], $4::jsonb[]) AS i(type, scope, data)
),
hooks AS (
    SELECT w.id, p.type
    FROM webhooks w
    JOIN integration_clients c ON c.id = w.client_id
    JOIN (SELECT DISTINCT type, scope FROM input) p
      ON p.type = ANY (w.event_types) AND p.scope = ANY (c.scopes)
    WHERE w.school_id = $1 AND w.status = 'enabled'
      AND c.revoked_at IS NULL AND (c.expires_at IS NULL OR c.expires_at > now())
),
events AS (
    INSERT INTO webhook_events (id, school_id, type, data, created_at)
    SELECT 'evt_' || webhook_ulid(), $1, i.type, i.data, now()
    FROM input i
    WHERE EXISTS (SELECT 1 FROM hooks h WHERE h.type = i.type)
    RETURNING id, type
),
deliveries AS (
    INSERT INTO webhook_deliveries (id, message_id, event_id, webhook_id, status,
                                    next_attempt_at, created_at, updated_at)
    SELECT gen_random_uuid(), 'msg_' || webhook_ulid(), e.id, h.id, 'pending', now(), now(),
           now()
    FROM events e JOIN hooks h ON h.type = e.type
    RETURNING id
),
jobs AS (
    SELECT procrastinate_defer_jobs_v1(array_agg(ROW(
        'webhooks', 'edudiary:deliver_webhook', 0, NULL, NULL,
        jsonb_build_object('delivery_id', d.id::text), NULL
    )::procrastinate_job_to_defer_v1)) AS ids
    FROM deliveries d
    HAVING count(*) > 0
)
SELECT coalesce((SELECT cardinality(ids) FROM jobs), 0) AS deliveries
"""
# The job the statement defers is this task on this queue.
assert f"'{QUEUE}', '{NAMESPACE}:{DELIVER_TASK}'" in _EMIT_SQL

Event = tuple[str, dict[str, Any]]


async def emit_on(
    connection: asyncpg.Connection[Any], school_id: uuid.UUID, items: Sequence[Event]
) -> int:
    """Write one event per ``(type, data)`` of ``items`` for ``school_id``'s subscribers;
    returns how many deliveries were queued. ``connection`` must be in the change's
    transaction (the bulk grade post calls this on its own driver connection)."""
    if not items:
        return 0
    count = await connection.fetchval(
        _EMIT_SQL,
        school_id,
        [t for t, _ in items],
        [SCOPE_OF[t] for t, _ in items],
        [orjson.dumps(_jsonable(d)).decode() for _, d in items],
    )
    return int(count or 0)


async def emit(session: AsyncSession, school_id: uuid.UUID, items: Sequence[Event]) -> int:
    """``emit_on`` through the request's session (the same transaction)."""
    if not items:
        return 0
    await session.flush()
    return await emit_on(await session_driver(session), school_id, items)


def _jsonable(item: dict[str, Any]) -> dict[str, Any]:
    return {k: str(v) if isinstance(v, uuid.UUID) else v for k, v in item.items()}


# --- the contract's ``data`` of each event, built in one place per type -----------------


def scheduled_class(class_id: uuid.UUID | str, subject_id: uuid.UUID | str) -> str:
    """The OneRoster sourcedId of a scheduled class (class × subject), contract §4.3."""
    return f"class:{class_id}:{subject_id}"


def grade_data(
    *,
    grade_id: uuid.UUID | str,
    student_id: uuid.UUID | str,
    lesson_id: uuid.UUID | str,
    work_type_id: uuid.UUID | str,
    class_id: uuid.UUID | str,
    subject_id: uuid.UUID | str,
    school_id: uuid.UUID | str,
) -> dict[str, Any]:
    return {
        "id": str(grade_id),
        "student_id": str(student_id),
        "lesson_id": str(lesson_id),
        "line_item_id": f"lineItem:{lesson_id}:{work_type_id}",
        "class_id": scheduled_class(class_id, subject_id),
        "homeroom_id": str(class_id),
        "subject_id": str(subject_id),
        "school_id": str(school_id),
    }


async def queue(
    session: AsyncSession, delivery_id: uuid.UUID, *, at: datetime | None, manual: bool = False
) -> None:
    """A job for one attempt of the delivery, at ``at`` (None: now)."""
    args: dict[str, Any] = {"delivery_id": str(delivery_id)}
    if manual:
        args["manual"] = True
    await defer(session, DELIVER_TASK, args, queue=QUEUE, scheduled_at=at)


def grade_event(created: bool, **ids: uuid.UUID | str) -> Event:
    return (GRADE_CREATED if created else GRADE_UPDATED, grade_data(**ids))


def attendance_event(
    *,
    lesson_id: uuid.UUID,
    homeroom_id: uuid.UUID,
    day: date,
    student_ids: Sequence[uuid.UUID],
    school_id: uuid.UUID,
) -> Event:
    return (
        ATTENDANCE_MARKED,
        {
            "lesson_id": str(lesson_id),
            "homeroom_id": str(homeroom_id),
            "date": day.isoformat(),
            "student_ids": sorted(str(s) for s in student_ids),
            "school_id": str(school_id),
        },
    )


def homework_event(
    *,
    homework_id: uuid.UUID,
    lesson_id: uuid.UUID,
    class_id: uuid.UUID,
    subject_id: uuid.UUID,
    due_date: date,
    school_id: uuid.UUID,
) -> Event:
    return (
        HOMEWORK_ASSIGNED,
        {
            "id": str(homework_id),
            "lesson_id": str(lesson_id),
            "class_id": scheduled_class(class_id, subject_id),
            "subject_id": str(subject_id),
            "due_date": due_date.isoformat(),
            "school_id": str(school_id),
        },
    )


LESSON_CHANGES = ("moved", "cancelled", "substitute", "topic", "room")


def lesson_events(
    *,
    lesson_id: uuid.UUID,
    class_id: uuid.UUID,
    subject_id: uuid.UUID,
    school_id: uuid.UUID,
    changes: Sequence[str],
) -> list[Event]:
    """One ``lesson.changed`` per kind of change; a cancelled lesson put back on the
    timetable is reported as ``moved`` (its time is what changed for the reader)."""
    kinds = dict.fromkeys("moved" if c == "restored" else c for c in changes)
    return [
        (
            LESSON_CHANGED,
            {
                "id": str(lesson_id),
                "class_id": scheduled_class(class_id, subject_id),
                "subject_id": str(subject_id),
                "change": kind,
                "school_id": str(school_id),
            },
        )
        for kind in kinds
        if kind in LESSON_CHANGES
    ]


def application_event(
    *,
    application_id: uuid.UUID,
    number: str | None,
    status: str,
    previous: str,
    school_id: uuid.UUID,
) -> Event:
    return (
        APPLICATION_STATUS_CHANGED,
        {
            "id": str(application_id),
            "number": number,
            "status": status,
            "previous_status": previous,
            "school_id": str(school_id),
        },
    )
