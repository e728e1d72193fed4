"""``courses``: a subject in a grade (``Алгебра, 9 класс``) and a homeroom course per
grade (``9 класс``) (contract §4.3)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, String, case, cast, func, null, select, union_all

from api.diary.structure.models import Subject
from api.oneroster.query import Kind
from api.oneroster.sql import SCHOOL, AnySelect, grade_code, json_array, school_ref, text_of, uuid5
from api.oneroster.statements import Resource, common_keys
from api.oneroster.structure import scheduled_pairs
from api.schools.models import SchoolClass
from api.statements import k


def course_id(subject_id: Any, grade: Any) -> ColumnElement[Any]:
    return uuid5("course:", subject_id, ":", grade)


def homeroom_course_id(grade: Any) -> ColumnElement[Any]:
    return uuid5("course:homeroom:", SCHOOL, ":", grade)


def readable_courses() -> AnySelect:
    pairs = scheduled_pairs()
    subjects = (
        select(
            course_id(Subject.id, SchoolClass.grade).label("sourced_id"),
            k("active").label("status"),
            func.max(
                func.greatest(Subject.updated_at, SchoolClass.updated_at, pairs.c.modified)
            ).label("modified"),
            func.concat(Subject.name, k(", "), text_of(SchoolClass.grade), k(" класс")).label(
                "title"
            ),
            func.concat(text_of(SchoolClass.grade), k("-"), Subject.name).label("course_code"),
            SchoolClass.grade.label("grade"),
            Subject.name.label("subject"),
        )
        .select_from(pairs)
        .join(SchoolClass, SchoolClass.id == pairs.c.class_id)
        .join(Subject, Subject.id == pairs.c.subject_id)
        .group_by(Subject.id, Subject.name, SchoolClass.grade)
    )
    homerooms = (
        select(
            homeroom_course_id(SchoolClass.grade).label("sourced_id"),
            k("active").label("status"),
            func.max(SchoolClass.updated_at).label("modified"),
            func.concat(text_of(SchoolClass.grade), k(" класс")).label("title"),
            text_of(SchoolClass.grade).label("course_code"),
            SchoolClass.grade.label("grade"),
            cast(null(), String).label("subject"),
        )
        .where(SchoolClass.school_id == SCHOOL)
        .group_by(SchoolClass.grade)
    )
    return union_all(subjects, homerooms).subquery("courses").select()


def body(row: Any) -> dict[str, ColumnElement[Any]]:
    return {
        **common_keys(row),
        "title": row.title,
        "courseCode": row.course_code,
        "grades": json_array(grade_code(row.grade)),
        "subjects": case((row.subject.is_(None), json_array()), else_=json_array(row.subject)),
        "org": school_ref(),
    }


COURSES = Resource(
    name="courses",
    singular="course",
    readable=readable_courses,
    body=body,
    keys=(
        "sourcedId",
        "status",
        "dateLastModified",
        "title",
        "courseCode",
        "grades",
        "subjects",
        "org",
    ),
    filterable={"title": ("title", Kind.text), "courseCode": ("course_code", Kind.text)},
)
