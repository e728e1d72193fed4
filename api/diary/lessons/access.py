"""Row scoping of lessons: who sees a lesson, and who may keep its journal."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, Uuid, literal, or_, select

from api.diary.lessons.models import Lesson
from api.diary.structure.viewer import Viewer, has_family_in_class, runs_class, teaches
from api.identity.deps import Principal


def teaches_lesson(viewer: Viewer, lesson: Any = Lesson) -> ColumnElement[bool]:
    """The viewer teaches it: its teacher, its substitute, or assigned to the subject."""
    return or_(
        lesson.teacher_id == viewer.account_id,
        lesson.substitute_teacher_id == viewer.account_id,
        teaches(viewer, lesson.class_id, lesson.subject_id),
    )


def lesson_visible(viewer: Viewer, lesson: Any = Lesson) -> ColumnElement[bool]:
    return or_(
        teaches_lesson(viewer, lesson),
        runs_class(viewer, lesson.class_id, lesson.school_id),
        has_family_in_class(viewer, lesson.class_id),
    )


def readable_lessons(principal: Principal) -> Select[Lesson]:
    """Families: their children's classes; teachers: what they teach or substitute; class
    teachers: their class; school administrators: their school."""
    return select(Lesson).where(lesson_visible(Viewer.of(principal)))


def taught_lessons(principal: Principal) -> Select[Lesson]:
    """Lessons whose journal (grades, attendance, homework) the caller keeps."""
    return select(Lesson).where(teaches_lesson(Viewer.of(principal)))


def client_reads_journal(school_id: Any, lesson: Any = Lesson) -> ColumnElement[bool]:
    """An integration client reads the journal of every lesson of its school (its scopes
    decide the rest; docs/integrations.md)."""
    readable: ColumnElement[bool] = lesson.school_id == school_id
    return readable


def journal_readable_lessons(principal: Principal) -> Select[Lesson]:
    """Lessons whose journal (attendance, homework) the caller may read: a person, those
    they keep (``teaches_lesson``); an integration client, ``client_reads_journal``. The
    lesson attendance statement (``api/diary/attendance/statements.py``) embeds the same
    two predicates."""
    if principal.is_client:
        return select(Lesson).where(client_reads_journal(literal(principal.school_id, Uuid)))
    return taught_lessons(principal)
