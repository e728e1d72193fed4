"""Row scoping of attendance: whose marks the caller may clear, whose absence notes read.

Everything else answers 404 (ARCHITECTURE §4.3), so a teacher of another class cannot
learn that a lesson or a note exists.
"""

from __future__ import annotations

from sqlalchemy import Select, and_, or_, select

from api.diary.attendance.models import AbsenceNote
from api.diary.lessons.access import teaches_lesson
from api.diary.lessons.models import Lesson
from api.diary.structure.models import Student
from api.diary.structure.viewer import Viewer, runs_class
from api.identity.deps import Principal


def clearable_lessons(principal: Principal) -> Select[Lesson]:
    """Lessons whose attendance marks the caller may clear: those they teach or substitute
    (as for marking), and every lesson of their school for a school administrator."""
    viewer = Viewer.of(principal)
    return select(Lesson).where(
        or_(
            teaches_lesson(viewer),
            and_(viewer.is_school_admin, Lesson.school_id == viewer.school_id),
        )
    )


def readable_absence_notes(principal: Principal) -> Select[AbsenceNote]:
    """Absence notes the caller handles: the class teacher's class, the administration's
    school. Families read their own through the student's page, not here."""
    viewer = Viewer.of(principal)
    return (
        select(AbsenceNote)
        .join(Student, Student.id == AbsenceNote.student_id)
        .where(runs_class(viewer, Student.class_id, Student.school_id))
    )
