"""Row scoping of students: the one place that says whose records a caller sees."""

from __future__ import annotations

from sqlalchemy import Select, select

from api.diary.access import Viewer, sees_student
from api.diary.structure.models import Student
from api.identity.deps import Principal


def readable_students(principal: Principal) -> Select[Student]:
    """Guardians: their children; students: themselves; teachers: the classes they teach;
    class teachers: their class; school administrators: their school."""
    return select(Student).where(sees_student(Viewer.of(principal)))
