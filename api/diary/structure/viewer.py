"""Who may see what in the diary: the predicates every ``readable_*`` function is built of.

They are the school structure's (guardianships, class teachers, teaching assignments), so
they live here: every diary feature imports them, and the structure imports no feature.

A *viewer* is the caller as SQL expressions, so one predicate serves both the ORM
queries (the principal's values as bound parameters) and the fast path (the caller
resolved from the access token inside the same statement, see ``api/diary/sql.py``).

Guardians see their children, students themselves, teachers the classes and subjects
they are assigned to (and lessons they teach or substitute), class teachers their class,
school administrators their school. Anything else is invisible: routes answer 404.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Uuid, and_, exists, false, literal, or_, select

from api.diary.structure.models import ClassTeacher, Guardianship, Student, TeachingAssignment
from api.identity.deps import Principal
from api.identity.models import Role

# A column, a mapped attribute or a plain value: what SQLAlchemy accepts in a comparison.
Sql = Any


@dataclass(frozen=True, slots=True)
class Viewer:
    account_id: ColumnElement[uuid.UUID]
    school_id: Sql
    is_school_admin: ColumnElement[bool]

    @classmethod
    def of(cls, principal: Principal) -> Viewer:
        return cls(
            account_id=literal(principal.account_id, Uuid),
            school_id=literal(principal.school_id, Uuid),
            is_school_admin=literal(principal.has_any(Role.school_admin)),
        )


def is_family_of(
    viewer: Viewer,
    student_id: Sql,
    student_account_id: Sql,
) -> ColumnElement[bool]:
    """The viewer is the student, or one of the student's guardians."""
    return or_(
        student_account_id == viewer.account_id,
        exists().where(
            Guardianship.student_id == student_id, Guardianship.account_id == viewer.account_id
        ),
    )


def runs_class(viewer: Viewer, class_id: Sql, school_id: Sql) -> ColumnElement[bool]:
    """The viewer administers the class's school or is the class teacher."""
    return or_(
        and_(viewer.is_school_admin, school_id == viewer.school_id),
        exists().where(
            ClassTeacher.class_id == class_id, ClassTeacher.teacher_id == viewer.account_id
        ),
    )


def teaches(
    viewer: Viewer,
    class_id: Sql,
    subject_id: Sql | None = None,
) -> ColumnElement[bool]:
    """The viewer is assigned to teach in the class (the given subject, or any)."""
    condition = [
        TeachingAssignment.teacher_id == viewer.account_id,
        TeachingAssignment.class_id == class_id,
    ]
    if subject_id is not None:
        condition.append(TeachingAssignment.subject_id == subject_id)
    return exists().where(*condition)


def sees_student_fully(viewer: Viewer, student: Any = Student) -> ColumnElement[bool]:
    """Family, class teacher and school administration see everything about a student."""
    return or_(
        is_family_of(viewer, student.id, student.account_id),
        runs_class(viewer, student.class_id, student.school_id),
    )


def sees_subject_record(viewer: Viewer, subject_id: Sql) -> ColumnElement[bool]:
    """A student's record in one subject (grades, attendance): family, class teacher and
    administration; a subject teacher for their subject. ``Student`` must be joined."""
    return or_(sees_student_fully(viewer, Student), teaches(viewer, Student.class_id, subject_id))


def sees_student(viewer: Viewer, student: Any = Student) -> ColumnElement[bool]:
    """Those who see a student at all: the above, and the class's subject teachers."""
    return or_(sees_student_fully(viewer, student), teaches(viewer, student.class_id))


def has_family_in_class(viewer: Viewer, class_id: Sql) -> ColumnElement[bool]:
    """The viewer is a student of the class or a guardian of one."""
    mine = or_(
        Student.account_id == viewer.account_id,
        exists().where(
            Guardianship.student_id == Student.id, Guardianship.account_id == viewer.account_id
        ),
    )
    return exists(select(Student.id).where(Student.class_id == class_id, mine))


def nobody() -> ColumnElement[bool]:
    return false()
