"""Correcting and withdrawing homework already set: the teacher fixes a typo or a due
date (the families hear of a change that matters to them) or removes the homework."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from api.diary import families
from api.diary.homework import service
from api.diary.homework.access import managed_homework
from api.diary.homework.models import Homework
from api.diary.homework.schemas import HomeworkOut, HomeworkPatch
from api.diary.lessons.models import Lesson
from api.diary.structure.models import Subject
from api.identity import clock
from api.identity.deps import Principal
from api.identity.models import Account
from api.notifications import service as notifications
from api.notifications.service import Kind, Message


async def get_managed(
    session: AsyncSession, principal: Principal, homework_id: uuid.UUID
) -> tuple[Homework, Lesson]:
    """A homework the caller may change, locked against a concurrent change; any other
    answers 404 (another teacher's or school's homework is not theirs to see)."""
    row = (
        await session.execute(
            managed_homework(principal)
            .where(Homework.id == homework_id)
            .with_for_update(of=Homework)
        )
    ).one_or_none()
    if row is None:
        raise service.homework_not_found()
    return row[0], row[1]


async def change(
    session: AsyncSession, homework: Homework, lesson: Lesson, patch: HomeworkPatch
) -> HomeworkOut:
    """Apply the fields sent. A new text or due date notifies the class's families as
    setting the homework did (in-app; SMS and e-mail per each account's settings); new
    attachments alone do not."""
    fields = patch.model_fields_set
    before = homework.due_date
    noticed = False
    if "due_date" in fields and patch.due_date is not None and patch.due_date != before:
        # Checked only when it changes: a lesson moved later must not block fixing a typo.
        service.check_due_date(lesson, patch.due_date)
        homework.due_date = patch.due_date
        # The reminder already sent named the old day: remind again of the new one.
        homework.reminded_at = None
        noticed = True
    if "text" in fields and patch.text is not None and patch.text != homework.text:
        homework.text = patch.text
        noticed = True
    attachments = None if patch.attachments is None else [a.model_dump() for a in patch.attachments]
    changed = noticed
    if "attachments" in fields and attachments is not None and attachments != homework.attachments:
        homework.attachments = attachments
        changed = True
    if changed:
        homework.updated_at = clock.now()
        await session.flush()
    subject = await session.get(Subject, homework.subject_id)
    teacher = await session.get(Account, homework.teacher_id)
    assert subject is not None
    assert teacher is not None
    if noticed:
        await _notify_families(session, homework, lesson, subject, before)
    return service.homework_out(homework, lesson, subject, teacher)


async def _notify_families(
    session: AsyncSession,
    homework: Homework,
    lesson: Lesson,
    subject: Subject,
    due_before: date,
) -> None:
    text = service.preview(homework.text)
    if homework.due_date != due_before:
        body = f"Новый срок — к {homework.due_date:%d.%m} (было к {due_before:%d.%m}): {text}"
    else:
        body = f"К {homework.due_date:%d.%m}: {text}"
    pairs = await families.family_accounts(session, class_id=homework.class_id)
    messages = {
        student: Message(
            Kind.homework,
            f"Домашнее задание изменено: {subject.name}",
            body,
            families.diary_link(student, lesson.date),
        )
        for student, _ in pairs
    }
    await notifications.notify(session, families.to_each(pairs, messages))


async def remove(session: AsyncSession, homework: Homework) -> None:
    """Delete the homework with its students' done marks and comment threads.

    A hard delete, on purpose: the foreign keys of ``homework_completions`` and
    ``homework_comments`` cascade, so nothing is left pointing at a homework nobody sees.
    A soft delete would have every reader (the week diary and its fast path, the student's
    list, the lesson's list, the reminder job) filter it out, and a reader that forgot
    would show families a homework the teacher withdrew. Notifications already sent stay in the
    families' feeds (their history); a link to the gone homework answers 404.
    """
    await session.delete(homework)
    await session.flush()
