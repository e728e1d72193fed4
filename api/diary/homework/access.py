"""Row scoping of homework the caller may correct or withdraw.

Reading a homework follows its lesson (``readable_lessons``) or its student
(``service.get_for_student``); changing one is narrower: whoever keeps the lesson's journal
(its teacher, a substitute, a teacher of the subject in the class — as for setting it)
and the administration of the school. Anyone else does not see it: 404.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, and_, or_, select

from api.diary.homework.models import Homework
from api.diary.lessons.access import teaches_lesson
from api.diary.lessons.models import Lesson
from api.diary.structure.viewer import Viewer
from api.identity.deps import Principal


def manages_homework(viewer: Viewer) -> ColumnElement[bool]:
    """Over ``Homework`` joined with its ``Lesson``."""
    return or_(
        teaches_lesson(viewer),
        and_(viewer.is_school_admin, Homework.school_id == viewer.school_id),
    )


def managed_homework(principal: Principal) -> Select[Homework, Lesson]:
    """(homework, its lesson) the caller may change or delete."""
    return (
        select(Homework, Lesson)
        .join(Lesson, Lesson.id == Homework.lesson_id)
        .where(manages_homework(Viewer.of(principal)))
    )
