"""``classes``: homerooms (``9-Б``) and scheduled classes (``9-Б Алгебра``: a class × a
subject with a teaching assignment or a timetable slot) (contract §4.3)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, String, Uuid, case, cast, func, null, select, union_all

from api.diary.structure.models import AcademicYear, Subject, Term, TimetableSlot
from api.oneroster import enrollments
from api.oneroster.courses import course_id, homeroom_course_id
from api.oneroster.query import Kind
from api.oneroster.sql import (
    LINK,
    SCHOOL,
    AnySelect,
    grade_code,
    json_array,
    ref,
    school_ref,
    text_of,
    uuid5,
)
from api.oneroster.statements import Resource, common_keys
from api.oneroster.structure import scheduled_pairs
from api.schools.models import SchoolClass
from api.statements import k, obj


def _class_name() -> ColumnElement[str]:
    return func.concat(text_of(SchoolClass.grade), k("-"), SchoolClass.letter)


def readable_classes() -> AnySelect:
    pairs = scheduled_pairs()
    homerooms = select(
        SchoolClass.id.label("sourced_id"),
        k("active").label("status"),
        SchoolClass.updated_at.label("modified"),
        _class_name().label("title"),
        _class_name().label("class_code"),
        k("homeroom").label("class_type"),
        homeroom_course_id(SchoolClass.grade).label("course_id"),
        SchoolClass.academic_year.label("academic_year"),
        SchoolClass.grade.label("grade"),
        SchoolClass.id.label("class_id"),
        cast(null(), Uuid).label("subject_id"),
        cast(null(), String).label("subject"),
    ).where(SchoolClass.school_id == SCHOOL)
    title = func.concat(_class_name(), k(" "), Subject.name)
    scheduled = (
        select(
            enrollments.scheduled_class_id(pairs.c.class_id, pairs.c.subject_id).label(
                "sourced_id"
            ),
            k("active").label("status"),
            func.greatest(SchoolClass.updated_at, Subject.updated_at, pairs.c.modified).label(
                "modified"
            ),
            title.label("title"),
            title.label("class_code"),
            k("scheduled").label("class_type"),
            course_id(Subject.id, SchoolClass.grade).label("course_id"),
            SchoolClass.academic_year.label("academic_year"),
            SchoolClass.grade.label("grade"),
            SchoolClass.id.label("class_id"),
            Subject.id.label("subject_id"),
            Subject.name.label("subject"),
        )
        .select_from(pairs)
        .join(SchoolClass, SchoolClass.id == pairs.c.class_id)
        .join(Subject, Subject.id == pairs.c.subject_id)
    )
    return union_all(homerooms, scheduled).subquery("classes").select()


def _terms(row: Any) -> ColumnElement[Any]:
    """The year's terms, or ``[schoolYear]`` while it has none (never empty)."""
    year = (
        select(AcademicYear.id)
        .where(AcademicYear.school_id == SCHOOL, AcademicYear.year == row.academic_year)
        .scalar_subquery()
    )
    terms = (
        select(func.json_agg(ref("academicSession", "academicSessions", Term.id)))
        .join(AcademicYear, AcademicYear.id == Term.academic_year_id)
        .where(AcademicYear.school_id == SCHOOL, AcademicYear.year == row.academic_year)
        .scalar_subquery()
    )
    school_year = func.coalesce(year, uuid5("schoolYear:", SCHOOL, ":", row.academic_year))
    return func.coalesce(terms, json_array(ref("academicSession", "academicSessions", school_year)))


def _periods(row: Any) -> ColumnElement[Any]:
    numbers = (
        select(func.json_agg(func.distinct(text_of(TimetableSlot.number))))
        .where(TimetableSlot.class_id == row.class_id, TimetableSlot.subject_id == row.subject_id)
        .scalar_subquery()
    )
    return func.coalesce(numbers, json_array())


def body(row: Any) -> dict[str, ColumnElement[Any]]:
    return {
        **common_keys(row),
        "title": row.title,
        "classCode": row.class_code,
        "classType": row.class_type,
        "grades": json_array(grade_code(row.grade)),
        "subjects": case((row.subject.is_(None), json_array()), else_=json_array(row.subject)),
        "course": ref("course", "courses", row.course_id),
        "school": school_ref(),
        "terms": _terms(row),
        "periods": _periods(row),
        "metadata": obj(**{"edudiary.classId": row.class_id, "edudiary.subjectId": row.subject_id}),
    }


def _in_term(row: Any) -> ColumnElement[bool]:
    year = (
        select(AcademicYear.year)
        .join(Term, Term.academic_year_id == AcademicYear.id)
        .where(Term.id == LINK, Term.school_id == SCHOOL)
        .scalar_subquery()
    )
    same_year: ColumnElement[bool] = row.academic_year == year
    return same_year


CLASSES = Resource(
    name="classes",
    singular="class",
    readable=readable_classes,
    body=body,
    keys=(
        "sourcedId",
        "status",
        "dateLastModified",
        "title",
        "classCode",
        "classType",
        "grades",
        "subjects",
        "course",
        "school",
        "terms",
        "periods",
        "metadata",
    ),
    filterable={
        "title": ("title", Kind.text),
        "classCode": ("class_code", Kind.text),
        "classType": ("class_type", Kind.text),
    },
    tombstones="classes",
    links={
        "course": lambda r: r.course_id == LINK,
        "term": _in_term,
        "user": lambda r: r.sourced_id.in_(enrollments.classes_of_user()),
    },
)
