"""Row scoping of grades: who sees which grade."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, select

from api.diary.grades.models import Grade
from api.diary.structure.models import Student
from api.diary.structure.viewer import Viewer, sees_subject_record
from api.identity.deps import Principal


def grade_visible(viewer: Viewer, grade: type[Grade] = Grade) -> ColumnElement[bool]:
    """Family, class teacher, administration; a subject teacher for their subject. The
    grade's ``Student`` must be joined in the query (see ``readable_grades``)."""
    return sees_subject_record(viewer, grade.subject_id)


def readable_grades(principal: Principal) -> Select[Grade]:
    """Grades a caller may see: their family's; a subject teacher's subjects in the classes
    they teach; the class teacher's class; the administration's school."""
    return (
        select(Grade)
        .join(Student, Student.id == Grade.student_id)
        .where(Grade.deleted_at.is_(None), grade_visible(Viewer.of(principal)))
    )
