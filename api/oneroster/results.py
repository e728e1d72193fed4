"""``results``: the journal's grades (edudiary-owned, sourcedId = ``grades.id``) and the
results platforms wrote on their own line items (client-owned: the teacher's
suggestions, contract §4.3, §4.5). A grade's comment never leaves (§4.4); a platform's
own comment is returned to it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Numeric,
    String,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)

from api.diary.grades.models import Grade
from api.diary.lessons.models import Lesson
from api.oneroster.enrollments import scheduled_class_id
from api.oneroster.line_items import RECENT
from api.oneroster.models import ExternalLineItem, ExternalResult
from api.oneroster.query import Kind
from api.oneroster.sql import GRADEBOOK, LINK, LINK2, SCHOOL, AnySelect, date_text, ref
from api.oneroster.statements import Resource, common_keys
from api.statements import k


def _status(live: ColumnElement[bool]) -> ColumnElement[str]:
    return case((live, k("active")), else_=k("tobedeleted"))


def readable_results() -> AnySelect:
    grades = (
        select(
            Grade.id.label("sourced_id"),
            _status(Grade.deleted_at.is_(None)).label("status"),
            func.greatest(Grade.updated_at, Grade.deleted_at).label("modified"),
            Grade.line_item_sourced_id.label("line_item_sid"),
            Grade.student_id.label("student_id"),
            scheduled_class_id(Lesson.class_id, Lesson.subject_id).label("class_sid"),
            cast(Grade.score, Numeric).label("score"),
            case(
                (Grade.passed.is_(True), k("pass")),
                (Grade.passed.is_(False), k("fail")),
                else_=cast(null(), String),
            ).label("text_score"),
            k("fully graded").label("score_status"),
            date_text(Grade.date).label("score_date"),
            cast(null(), String).label("comment"),
            literal(False, Boolean).label("external"),
        )
        .join(Lesson, Lesson.id == Grade.lesson_id)
        .where(
            Lesson.school_id == SCHOOL,
            or_(Grade.deleted_at.is_(None), Grade.deleted_at > func.now() - RECENT),
        )
    )
    result, item = ExternalResult, ExternalLineItem
    theirs = (
        select(
            result.id.label("sourced_id"),
            _status(result.deleted_at.is_(None)).label("status"),
            func.greatest(result.updated_at, result.deleted_at).label("modified"),
            result.line_item_id.label("line_item_sid"),
            result.student_id.label("student_id"),
            scheduled_class_id(item.class_id, item.subject_id).label("class_sid"),
            cast(result.score, Numeric).label("score"),
            cast(result.text_score, String).label("text_score"),
            cast(result.score_status, String).label("score_status"),
            date_text(result.score_date).label("score_date"),
            cast(result.comment, String).label("comment"),
            literal(True, Boolean).label("external"),
        )
        .join(item, item.id == result.line_item_id)
        .where(
            result.school_id == SCHOOL,
            or_(result.deleted_at.is_(None), result.deleted_at > func.now() - RECENT),
        )
    )
    return union_all(grades, theirs).subquery("results").select()


def body(row: Any) -> dict[str, ColumnElement[Any]]:
    return {
        **common_keys(row),
        "lineItem": ref("lineItem", "lineItems", row.line_item_sid, base=GRADEBOOK),
        "student": ref("user", "users", row.student_id),
        "class": ref("class", "classes", row.class_sid),
        "score": row.score,
        "textScore": row.text_score,
        "scoreStatus": row.score_status,
        "scoreDate": row.score_date,
        "comment": row.comment,
        "metadata": func.json_build_object(
            k("edudiary.owner"), case((row.external, k("client")), else_=k("edudiary"))
        ),
    }


RESULTS = Resource(
    name="results",
    singular="result",
    readable=readable_results,
    body=body,
    keys=(
        "sourcedId",
        "status",
        "dateLastModified",
        "lineItem",
        "student",
        "class",
        "score",
        "textScore",
        "scoreStatus",
        "scoreDate",
        "comment",
        "metadata",
    ),
    filterable={
        "scoreStatus": ("score_status", Kind.text),
        "scoreDate": ("score_date", Kind.text),
    },
    # Grades a cascade removed (their lesson, their pupil): migration 0034.
    tombstones="results",
    links={
        "class": lambda r: r.class_sid == LINK,
        "line_item": lambda r: r.line_item_sid == LINK2,
        "student": lambda r: r.student_id == LINK2,
    },
    subject="student_id",
)
