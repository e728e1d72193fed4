"""Row scoping of grades: who sees which grade."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_

from api.diary.grades.models import Grade
from api.diary.structure.models import Student
from api.diary.structure.viewer import Viewer, sees_student_fully, teaches


def grade_visible(viewer: Viewer, grade: type[Grade] = Grade) -> ColumnElement[bool]:
    """Family, class teacher, administration; a subject teacher for their subject. The
    grade's ``Student`` must be joined in the query (see ``readable_grades``)."""
    return or_(
        sees_student_fully(viewer, Student), teaches(viewer, Student.class_id, grade.subject_id)
    )
