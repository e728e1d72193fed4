"""Homework: set by the lesson's teacher, marked done by the student (or a guardian),
discussed between the family and the teacher, reminded of the day before it is due."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary import families
from api.diary.homework.models import Homework, HomeworkComment, HomeworkCompletion
from api.diary.homework.schemas import CommentOut, HomeworkIn, HomeworkOut
from api.diary.lessons.access import teaches_lesson
from api.diary.lessons.models import Lesson
from api.diary.schemas import Attachment, Ref, account_ref
from api.diary.structure.models import Student, Subject
from api.diary.structure.viewer import Viewer, is_family_of, runs_class
from api.errors import FieldError, Forbidden, NotFound, ValidationFailed
from api.i18n import Text
from api.identity import clock
from api.identity.deps import Principal
from api.identity.models import Account
from api.notifications import service as notifications
from api.notifications.service import Kind, Message
from api.schools.models import School
from api.webhooks import events as webhooks


def homework_out(
    homework: Homework, lesson: Lesson, subject: Subject, teacher: Account
) -> HomeworkOut:
    return HomeworkOut(
        id=homework.id,
        lesson_id=lesson.id,
        lesson_date=lesson.date,
        subject=Ref(id=subject.id, name=subject.name),
        teacher=account_ref(teacher),
        text=homework.text,
        due_date=homework.due_date,
        attachments=[Attachment.model_validate(a) for a in homework.attachments],
        created_at=homework.created_at,
    )


def check_due_date(lesson: Lesson, due_date: date) -> None:
    """Homework is due on the lesson's day or later (when set and when corrected)."""
    if due_date < lesson.date:
        message = Text(
            "Срок сдачи не может быть раньше урока", "The due date cannot precede the lesson"
        )
        raise ValidationFailed(
            code="due_date_before_lesson",
            detail=message,
            errors=[FieldError("due_date", "due_date_before_lesson", message)],
        )


def preview(text: str) -> str:
    """The start of a homework's text, as notifications quote it."""
    return text if len(text) <= 200 else text[:199] + "…"


async def assign(
    session: AsyncSession, principal: Principal, lesson: Lesson, body: HomeworkIn
) -> HomeworkOut:
    check_due_date(lesson, body.due_date)
    homework = Homework(
        id=uuid.uuid4(),
        lesson_id=lesson.id,
        school_id=lesson.school_id,
        class_id=lesson.class_id,
        subject_id=lesson.subject_id,
        teacher_id=principal.account_id,
        text=body.text,
        due_date=body.due_date,
        attachments=[a.model_dump() for a in body.attachments],
        # The moment of setting it, not the transaction's start: a lesson's list is in the
        # order the teacher set the work even when two land in one transaction.
        created_at=clock.now(),
    )
    session.add(homework)
    await session.flush()
    await session.refresh(homework)
    await webhooks.emit(
        session,
        lesson.school_id,
        [
            webhooks.homework_event(
                homework_id=homework.id,
                lesson_id=lesson.id,
                class_id=lesson.class_id,
                subject_id=lesson.subject_id,
                due_date=homework.due_date,
                school_id=lesson.school_id,
            )
        ],
    )
    subject = await session.get(Subject, lesson.subject_id)
    teacher = await session.get(Account, principal.account_id)
    assert subject is not None
    assert teacher is not None
    pairs = await families.family_accounts(session, class_id=lesson.class_id)
    messages = {
        student: Message(
            Kind.homework,
            f"Домашнее задание: {subject.name}",
            f"К {body.due_date:%d.%m}: {preview(body.text)}",
            families.diary_link(student, lesson.date),
        )
        for student, _ in pairs
    }
    await notifications.notify(session, families.to_each(pairs, messages))
    return homework_out(homework, lesson, subject, teacher)


def homework_not_found() -> NotFound:
    return NotFound(
        code="homework_not_found", detail=Text("Такого задания нет", "No such homework")
    )


async def get_for_student(
    session: AsyncSession, principal: Principal, student: Student, homework_id: uuid.UUID
) -> tuple[Homework, Lesson]:
    """A homework of the student's class the caller may see (the family; teachers of the
    lesson; the class teacher and administration)."""
    viewer = Viewer.of(principal)
    row = (
        await session.execute(
            select(Homework, Lesson)
            .join(Lesson, Lesson.id == Homework.lesson_id)
            .where(
                Homework.id == homework_id,
                Homework.class_id == student.class_id,
                or_(
                    is_family_of(viewer, Student.id, Student.account_id),
                    runs_class(viewer, Homework.class_id, Homework.school_id),
                    teaches_lesson(viewer),
                ),
            )
            .join(Student, Student.id == student.id)
        )
    ).one_or_none()
    if row is None:
        raise homework_not_found()
    return row[0], row[1]


async def set_done(
    session: AsyncSession,
    principal: Principal,
    student: Student,
    homework_id: uuid.UUID,
    done: bool,
) -> date:
    """Mark done or not; the homework's due date (the route reads it back as listed)."""
    homework, _lesson = await get_for_student(session, principal, student, homework_id)
    family = await _is_family(session, principal, student)
    if not family:
        raise Forbidden(
            code="family_only",
            detail=Text(
                "Отметку ставит ученик или его родитель",
                "Only the student or a guardian marks homework done",
            ),
        )
    families.refuse_if_left(student)
    if done:
        await session.execute(
            insert(HomeworkCompletion)
            .values(homework_id=homework.id, student_id=student.id)
            .on_conflict_do_nothing()
        )
    else:
        await session.execute(
            delete(HomeworkCompletion).where(
                HomeworkCompletion.homework_id == homework.id,
                HomeworkCompletion.student_id == student.id,
            )
        )
    return homework.due_date


async def _is_family(session: AsyncSession, principal: Principal, student: Student) -> bool:
    viewer = Viewer.of(principal)
    return bool(
        await session.scalar(
            select(is_family_of(viewer, Student.id, Student.account_id)).where(
                Student.id == student.id
            )
        )
    )


async def add_comment(
    session: AsyncSession, principal: Principal, student: Student, homework_id: uuid.UUID, body: str
) -> CommentOut:
    """A message in the family–teacher thread about the student's homework; the other
    side is notified."""
    homework, _lesson = await get_for_student(session, principal, student, homework_id)
    from_family = await _is_family(session, principal, student)
    comment = HomeworkComment(
        id=uuid.uuid4(),
        homework_id=homework.id,
        student_id=student.id,
        author_id=principal.account_id,
        body=body,
        # The moment of writing, not the transaction's start: a thread's order is exact.
        created_at=clock.now(),
    )
    session.add(comment)
    await session.flush()
    await session.refresh(comment)
    author = await session.get(Account, principal.account_id)
    subject = await session.get(Subject, homework.subject_id)
    assert author is not None
    assert subject is not None
    link = f"/students/{student.id}/homework/{homework.id}"
    title = f"Сообщение по домашнему заданию: {subject.name}"
    text = f"{author.last_name} {author.first_name}: {body[:300]}"
    if from_family:
        recipients = [homework.teacher_id]
    else:
        recipients = [
            a for _, a in await families.family_accounts(session, student_ids=[student.id])
        ]
    await notifications.notify(
        session,
        [
            (r, Message(Kind.homework_comment, title, text, link))
            for r in recipients
            if r != principal.account_id
        ],
    )
    return CommentOut(
        id=comment.id, author=account_ref(author), body=comment.body, created_at=comment.created_at
    )


REMIND_FROM_HOUR = 15  # local time of the day before the due date


async def send_reminders(session: AsyncSession, now: datetime) -> int:
    """Remind students (and their guardians) of homework due tomorrow and not yet done;
    each homework is reminded of once. Returns how many notifications were queued."""
    rows = (
        await session.execute(
            select(Homework, School.timezone, Subject.name)
            .join(School, School.id == Homework.school_id)
            .join(Subject, Subject.id == Homework.subject_id)
            .where(
                Homework.reminded_at.is_(None),
                Homework.due_date >= func.date(now) - 1,
                Homework.due_date <= func.date(now) + 2,
            )
            .with_for_update(of=Homework, skip_locked=True)
        )
    ).all()
    sent = 0
    for homework, timezone, subject_name in rows:
        local = now.astimezone(ZoneInfo(timezone))
        if homework.due_date != local.date() + timedelta(days=1) or local.hour < REMIND_FROM_HOUR:
            if homework.due_date <= local.date():
                homework.reminded_at = now  # too late to remind: never again
            continue
        homework.reminded_at = now
        done = set(
            await session.scalars(
                select(HomeworkCompletion.student_id).where(
                    HomeworkCompletion.homework_id == homework.id
                )
            )
        )
        pairs = [
            (s, a)
            for s, a in await families.family_accounts(session, class_id=homework.class_id)
            if s not in done
        ]
        message = Message(
            Kind.homework_reminder,
            f"Завтра сдавать: {subject_name}",
            preview(homework.text),
            None,
        )
        deliveries: Sequence[tuple[uuid.UUID, Message]] = [
            (
                account,
                Message(message.kind, message.title, message.body, f"/students/{student}/homework"),
            )
            for student, account in pairs
        ]
        sent += await notifications.notify(session, deliveries)
    await session.flush()
    return sent
