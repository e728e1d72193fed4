"""``academicSessions`` (``terms``, ``gradingPeriods``): years, terms and a grading period
per term (contract §4.3)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Uuid,
    case,
    cast,
    exists,
    func,
    null,
    select,
    union_all,
)

from api.diary.structure.models import AcademicYear, Term, TermKind
from api.oneroster.query import Kind
from api.oneroster.sql import (
    LINK,
    SCHOOL,
    AnySelect,
    date_text,
    empty_json,
    json_array,
    ref,
    school_ref,
    text_of,
    uuid5,
)
from api.oneroster.statements import Resource, common_keys
from api.schools.models import SchoolClass
from api.statements import k

_TERM_NAMES = {
    TermKind.quarter: "четверть",
    TermKind.trimester: "триместр",
    TermKind.half: "полугодие",
}


def _year_title(year: Any) -> ColumnElement[str]:
    return func.concat(text_of(year), k("/"), text_of(year + 1))


def _term_title() -> ColumnElement[str]:
    kind = case(*((Term.kind == member, k(name)) for member, name in _TERM_NAMES.items()))
    return func.concat(text_of(Term.number), k(" "), kind)


def _grading_period_id(term_id: Any) -> ColumnElement[Any]:
    return uuid5("gradingPeriod:", term_id)


def readable_sessions() -> AnySelect:
    term_children = (
        select(func.json_agg(ref("academicSession", "academicSessions", Term.id)))
        .where(Term.academic_year_id == AcademicYear.id)
        .scalar_subquery()
    )
    years = select(
        AcademicYear.id.label("sourced_id"),
        k("active").label("status"),
        AcademicYear.updated_at.label("modified"),
        _year_title(AcademicYear.year).label("title"),
        k("schoolYear").label("type"),
        text_of(AcademicYear.year + 1).label("school_year"),
        AcademicYear.starts_on.label("start_date"),
        AcademicYear.ends_on.label("end_date"),
        cast(null(), Uuid).label("parent_id"),
        func.coalesce(term_children, empty_json()).label("children"),
    ).where(AcademicYear.school_id == SCHOOL)
    has_row = exists().where(
        AcademicYear.school_id == SCHOOL, AcademicYear.year == SchoolClass.academic_year
    )
    class_years = (
        select(
            SchoolClass.academic_year.label("year"),
            func.max(SchoolClass.updated_at).label("modified"),
        )
        .where(SchoolClass.school_id == SCHOOL, ~has_row)
        .group_by(SchoolClass.academic_year)
        .subquery("class_years")
    )
    synthesised = select(
        uuid5("schoolYear:", SCHOOL, ":", class_years.c.year).label("sourced_id"),
        k("active").label("status"),
        class_years.c.modified,
        _year_title(class_years.c.year).label("title"),
        k("schoolYear").label("type"),
        text_of(class_years.c.year + 1).label("school_year"),
        func.make_date(class_years.c.year, 9, 1).label("start_date"),
        func.make_date(class_years.c.year + 1, 9, 1).label("end_date"),
        cast(null(), Uuid).label("parent_id"),
        empty_json().label("children"),
    )
    terms = (
        select(
            Term.id.label("sourced_id"),
            k("active").label("status"),
            func.greatest(Term.updated_at, AcademicYear.updated_at).label("modified"),
            _term_title().label("title"),
            k("term").label("type"),
            text_of(AcademicYear.year + 1).label("school_year"),
            Term.starts_on.label("start_date"),
            Term.ends_on.label("end_date"),
            AcademicYear.id.label("parent_id"),
            json_array(
                ref("academicSession", "academicSessions", _grading_period_id(Term.id))
            ).label("children"),
        )
        .join(AcademicYear, AcademicYear.id == Term.academic_year_id)
        .where(Term.school_id == SCHOOL)
    )
    periods = (
        select(
            _grading_period_id(Term.id).label("sourced_id"),
            k("active").label("status"),
            func.greatest(Term.updated_at, AcademicYear.updated_at).label("modified"),
            _term_title().label("title"),
            k("gradingPeriod").label("type"),
            text_of(AcademicYear.year + 1).label("school_year"),
            Term.starts_on.label("start_date"),
            Term.ends_on.label("end_date"),
            Term.id.label("parent_id"),
            empty_json().label("children"),
        )
        .join(AcademicYear, AcademicYear.id == Term.academic_year_id)
        .where(Term.school_id == SCHOOL)
    )
    return union_all(years, synthesised, terms, periods).subquery("sessions").select()


def body(row: Any) -> dict[str, ColumnElement[Any]]:
    parent = case(
        (row.parent_id.is_(None), null()),
        else_=ref("academicSession", "academicSessions", row.parent_id),
    )
    return {
        **common_keys(row),
        "title": row.title,
        "startDate": date_text(row.start_date),
        "endDate": date_text(row.end_date),
        "type": row.type,
        "schoolYear": row.school_year,
        "parent": parent,
        "children": row.children,
        "org": school_ref(),
    }


SESSIONS = Resource(
    name="academicSessions",
    singular="academicSession",
    readable=readable_sessions,
    body=body,
    keys=(
        "sourcedId",
        "status",
        "dateLastModified",
        "title",
        "startDate",
        "endDate",
        "type",
        "schoolYear",
        "parent",
        "children",
        "org",
    ),
    filterable={
        "type": ("type", Kind.text),
        "schoolYear": ("school_year", Kind.text),
        "title": ("title", Kind.text),
    },
    tombstones="academicSessions",
    links={
        "terms": lambda r: r.type == k("term"),
        "grading_periods": lambda r: r.type == k("gradingPeriod"),
        "parent": lambda r: r.parent_id == LINK,
    },
)
