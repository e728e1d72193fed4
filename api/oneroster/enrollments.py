"""``enrollments``: a pupil in their homeroom and in each of its scheduled classes; a
teacher in each class they are assigned to; the class teacher in the homeroom
(contract §4.3). sourcedId = UUIDv5 of ``enrollment:{class}:{user}:{role}``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, select, union_all

from api.diary.structure.models import ClassTeacher, Student, TeachingAssignment, on_roster
from api.oneroster.query import Kind
from api.oneroster.sql import LINK, SCHOOL, AnySelect, date_text, ref, school_ref, uuid5
from api.oneroster.statements import Resource, common_keys
from api.oneroster.structure import scheduled_pairs, year_end_exclusive, year_start
from api.schools.models import SchoolClass
from api.statements import k


def scheduled_class_id(class_id: Any, subject_id: Any) -> ColumnElement[Any]:
    return uuid5("class:", class_id, ":", subject_id)


def enrollment_id(class_sid: Any, user_sid: Any, role: str) -> ColumnElement[Any]:
    return uuid5("enrollment:", class_sid, ":", user_sid, f":{role}")


def _columns(
    class_sid: Any, user_sid: Any, role: str, modified: Any, year: Any, class_id: Any
) -> list[Any]:
    return [
        enrollment_id(class_sid, user_sid, role).label("sourced_id"),
        k("active").label("status"),
        modified.label("modified"),
        k(role).label("role"),
        k("true" if role == "teacher" else "false").label("primary"),
        class_sid.label("class_sid"),
        user_sid.label("user_sid"),
        year.label("academic_year"),
        class_id.label("class_id"),
    ]


def readable_enrollments() -> AnySelect:
    pairs = scheduled_pairs()
    homeroom = (
        select(
            *_columns(
                SchoolClass.id,
                Student.id,
                "student",
                func.greatest(Student.updated_at, SchoolClass.updated_at),
                SchoolClass.academic_year,
                SchoolClass.id,
            )
        )
        .join(SchoolClass, SchoolClass.id == Student.class_id)
        .where(Student.school_id == SCHOOL, on_roster())
    )
    scheduled = (
        select(
            *_columns(
                scheduled_class_id(pairs.c.class_id, pairs.c.subject_id),
                Student.id,
                "student",
                func.greatest(Student.updated_at, SchoolClass.updated_at, pairs.c.modified),
                SchoolClass.academic_year,
                SchoolClass.id,
            )
        )
        .select_from(Student)
        .join(pairs, pairs.c.class_id == Student.class_id)
        .join(SchoolClass, SchoolClass.id == Student.class_id)
        .where(Student.school_id == SCHOOL, on_roster())
    )
    taught = (
        select(
            *_columns(
                scheduled_class_id(TeachingAssignment.class_id, TeachingAssignment.subject_id),
                TeachingAssignment.teacher_id,
                "teacher",
                func.greatest(TeachingAssignment.updated_at, SchoolClass.updated_at),
                SchoolClass.academic_year,
                SchoolClass.id,
            )
        )
        .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
        .where(TeachingAssignment.school_id == SCHOOL)
    )
    led = (
        select(
            *_columns(
                SchoolClass.id,
                ClassTeacher.teacher_id,
                "teacher",
                func.greatest(ClassTeacher.assigned_at, SchoolClass.updated_at),
                SchoolClass.academic_year,
                SchoolClass.id,
            )
        )
        .join(SchoolClass, SchoolClass.id == ClassTeacher.class_id)
        .where(SchoolClass.school_id == SCHOOL)
    )
    return union_all(homeroom, scheduled, taught, led).subquery("enrollments").select()


def body(row: Any) -> dict[str, ColumnElement[Any]]:
    return {
        **common_keys(row),
        "user": ref("user", "users", row.user_sid),
        "class": ref("class", "classes", row.class_sid),
        "school": school_ref(),
        "role": row.role,
        "primary": row.primary,
        "beginDate": date_text(year_start(row.academic_year)),
        "endDate": date_text(year_end_exclusive(row.academic_year)),
    }


ENROLLMENTS = Resource(
    name="enrollments",
    singular="enrollment",
    readable=readable_enrollments,
    body=body,
    keys=(
        "sourcedId",
        "status",
        "dateLastModified",
        "user",
        "class",
        "school",
        "role",
        "primary",
        "beginDate",
        "endDate",
    ),
    filterable={"role": ("role", Kind.text), "primary": ("primary", Kind.text)},
    tombstones="enrollments",
    links={"class": lambda r: r.class_sid == LINK, "user": lambda r: r.user_sid == LINK},
    subject="user_sid",
)


def members(role: str) -> Any:
    """The user sourcedIds enrolled in the class ``:link`` with ``role``."""
    rows = readable_enrollments().subquery("members")
    return select(rows.c.user_sid).where(rows.c.class_sid == LINK, rows.c.role == k(role))


def classes_of_user() -> Any:
    """The class sourcedIds the user ``:link`` is enrolled in."""
    rows = readable_enrollments().subquery("memberships")
    return select(rows.c.class_sid).where(rows.c.user_sid == LINK)
