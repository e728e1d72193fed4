"""``lineItems``: a column of the journal — a lesson × a work type with at least one grade
(edudiary-owned, sourcedId ``lineItem:{lesson_id}:{work_type_id}``) — and the line items
platforms wrote themselves (client-owned, contract §4.3, §4.5).

The journal only marks grades ``deleted_at`` (so do platforms' deletes on their rows): a
lesson × work type whose grades are all removed, or a deleted client row, is its own
tombstone for ``TOMBSTONE_DAYS``. Rows a cascade removes (a deleted lesson takes its grades
along) are buried by triggers (migration 0034) in ``oneroster_tombstones``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Numeric,
    String,
    Uuid,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)

from api.diary.grades.models import Grade, WorkType
from api.diary.lessons.models import Lesson
from api.diary.structure.models import Subject, SubjectAssessment
from api.oneroster.enrollments import scheduled_class_id
from api.oneroster.models import TOMBSTONE_DAYS, ExternalLineItem
from api.oneroster.query import Kind
from api.oneroster.sql import (
    GRADEBOOK,
    LINK,
    SCHOOL,
    AnySelect,
    modified_text,
    ref,
    school_ref,
    uuid5,
)
from api.oneroster.statements import Resource, common_keys
from api.statements import NULL_JSON, k, obj

RECENT = timedelta(days=TOMBSTONE_DAYS)


def score_scale_id(class_sid: Any, passfail: Any) -> ColumnElement[Any]:
    """``scoreScale:{class_sourcedId}:five|passfail`` (``passfail``: a boolean expression)."""
    five = uuid5("scoreScale:", class_sid, ":five")
    return case((passfail, uuid5("scoreScale:", class_sid, ":passfail")), else_=five)


def _status(live: ColumnElement[bool]) -> ColumnElement[str]:
    return case((live, k("active")), else_=k("tobedeleted"))


def readable_line_items() -> AnySelect:
    columns = (
        select(
            Grade.line_item_sourced_id,
            Grade.lesson_id,
            Grade.work_type_id,
            func.bool_or(Grade.deleted_at.is_(None)).label("live"),
            func.max(func.greatest(Grade.updated_at, Grade.deleted_at)).label("changed"),
        )
        .join(Lesson, Lesson.id == Grade.lesson_id)
        .where(Lesson.school_id == SCHOOL)
        # The stored sourcedId (migration 0034) first: ``sourced_id = …`` is pushed down
        # into this grouping as an index condition on grades.
        .group_by(Grade.line_item_sourced_id, Grade.lesson_id, Grade.work_type_id)
        .subquery("columns")
    )
    passfail = Subject.assessment == SubjectAssessment.pass_fail
    class_sid = scheduled_class_id(Lesson.class_id, Lesson.subject_id)
    modified = func.greatest(columns.c.changed, Lesson.updated_at, WorkType.updated_at)
    owned = (
        select(
            columns.c.line_item_sourced_id.label("sourced_id"),
            _status(columns.c.live).label("status"),
            modified.label("modified"),
            func.concat(
                Subject.name, k(" "), func.to_char(Lesson.date, k("DD.MM")), k(" — "), WorkType.name
            ).label("title"),
            cast(null(), String).label("description"),
            Lesson.starts_at.label("assign_date"),
            Lesson.ends_at.label("due_date"),
            class_sid.label("class_sid"),
            WorkType.id.label("category_id"),
            Lesson.term_id.label("term_id"),
            score_scale_id(class_sid, passfail).label("scale_id"),
            cast(literal(1), Numeric).label("value_min"),
            cast(literal(5), Numeric).label("value_max"),
            Lesson.id.label("lesson_id"),
            literal(False, Boolean).label("external"),
        )
        .select_from(columns)
        .join(Lesson, Lesson.id == columns.c.lesson_id)
        .join(WorkType, WorkType.id == columns.c.work_type_id)
        .join(Subject, Subject.id == Lesson.subject_id)
        .where(or_(columns.c.live, columns.c.changed > func.now() - RECENT))
    )
    item = ExternalLineItem
    item_class = scheduled_class_id(item.class_id, item.subject_id)
    theirs = (
        select(
            item.id.label("sourced_id"),
            _status(item.deleted_at.is_(None)).label("status"),
            func.greatest(item.updated_at, item.deleted_at).label("modified"),
            item.title.label("title"),
            item.description.label("description"),
            item.assign_date.label("assign_date"),
            item.due_date.label("due_date"),
            item_class.label("class_sid"),
            item.work_type_id.label("category_id"),
            cast(null(), Uuid).label("term_id"),
            score_scale_id(item_class, passfail).label("scale_id"),
            cast(item.result_value_min, Numeric).label("value_min"),
            cast(item.result_value_max, Numeric).label("value_max"),
            cast(null(), Uuid).label("lesson_id"),
            literal(True, Boolean).label("external"),
        )
        .join(Subject, Subject.id == item.subject_id)
        .where(
            item.school_id == SCHOOL,
            or_(item.deleted_at.is_(None), item.deleted_at > func.now() - RECENT),
        )
    )
    return union_all(owned, theirs).subquery("line_items").select()


def body(row: Any) -> dict[str, ColumnElement[Any]]:
    period = case(
        (row.term_id.is_(None), NULL_JSON),
        else_=ref("academicSession", "academicSessions", uuid5("gradingPeriod:", row.term_id)),
    )
    return {
        **common_keys(row),
        "title": row.title,
        "description": row.description,
        "assignDate": modified_text(row.assign_date),
        "dueDate": modified_text(row.due_date),
        "class": ref("class", "classes", row.class_sid),
        "school": school_ref(),
        "category": ref("category", "categories", row.category_id, base=GRADEBOOK),
        "gradingPeriod": period,
        "scoreScale": ref("scoreScale", "scoreScales", row.scale_id, base=GRADEBOOK),
        "resultValueMin": row.value_min,
        "resultValueMax": row.value_max,
        "metadata": obj(
            **{
                "edudiary.lessonId": row.lesson_id,
                "edudiary.owner": case((row.external, k("client")), else_=k("edudiary")),
            }
        ),
    }


LINE_ITEMS = Resource(
    name="lineItems",
    singular="lineItem",
    readable=readable_line_items,
    body=body,
    keys=(
        "sourcedId",
        "status",
        "dateLastModified",
        "title",
        "description",
        "assignDate",
        "dueDate",
        "class",
        "school",
        "category",
        "gradingPeriod",
        "scoreScale",
        "resultValueMin",
        "resultValueMax",
        "metadata",
    ),
    filterable={
        "title": ("title", Kind.text),
        "assignDate": ("assign_date", Kind.instant),
        "dueDate": ("due_date", Kind.instant),
    },
    tombstones="lineItems",
    links={"class": lambda r: r.class_sid == LINK},
)
