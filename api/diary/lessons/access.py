"""Row scoping of lessons: who sees a lesson, and who may keep its journal."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select

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


def journal_readable_lessons(principal: Principal) -> Select[Lesson]:
    """Lessons whose journal (attendance, homework) the caller may read: a person, those
    they keep; an integration client, every lesson of its school (its scopes decide the
    rest; docs/integrations.md)."""
    if principal.is_client:
        return select(Lesson).where(Lesson.school_id == principal.school_id)
    return taught_lessons(principal)
