"""``scoreScales``: one per scheduled class — the five-point scale, or pass / fail for a
subject assessed so (contract §4.3)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, case, func, select

from api.diary.structure.models import Subject, SubjectAssessment
from api.oneroster.courses import course_id
from api.oneroster.enrollments import scheduled_class_id
from api.oneroster.line_items import score_scale_id
from api.oneroster.sql import LINK, AnySelect, ref
from api.oneroster.statements import Resource, common_keys
from api.oneroster.structure import scheduled_pairs
from api.schools.models import SchoolClass
from api.statements import k, obj

FIVE = (
    ("5", "отлично"),
    ("4", "хорошо"),
    ("3", "удовлетворительно"),
    ("2", "неудовлетворительно"),
    ("1", "плохо"),
)
PASS_FAIL = (("pass", "зачтено"), ("fail", "не зачтено"))


def _values(pairs: tuple[tuple[str, str], ...]) -> ColumnElement[Any]:
    return func.json_build_array(
        *(obj(itemValueLHS=k(value), itemValueRHS=k(text)) for value, text in pairs)
    )


def readable_score_scales() -> AnySelect:
    pairs = scheduled_pairs()
    passfail = Subject.assessment == SubjectAssessment.pass_fail
    class_sid = scheduled_class_id(pairs.c.class_id, pairs.c.subject_id)
    return (
        select(
            score_scale_id(class_sid, passfail).label("sourced_id"),
            k("active").label("status"),
            func.greatest(SchoolClass.updated_at, Subject.updated_at, pairs.c.modified).label(
                "modified"
            ),
            case((passfail, k("Зачёт / незачёт")), else_=k("Пятибалльная шкала")).label("title"),
            passfail.label("passfail"),
            class_sid.label("class_sid"),
            course_id(Subject.id, SchoolClass.grade).label("course_id"),
        )
        .select_from(pairs)
        .join(SchoolClass, SchoolClass.id == pairs.c.class_id)
        .join(Subject, Subject.id == pairs.c.subject_id)
    )


def body(row: Any) -> dict[str, ColumnElement[Any]]:
    return {
        **common_keys(row),
        "title": row.title,
        "type": case((row.passfail, k("passfail")), else_=k("five")),
        "class": ref("class", "classes", row.class_sid),
        "course": ref("course", "courses", row.course_id),
        "scoreScaleValue": case((row.passfail, _values(PASS_FAIL)), else_=_values(FIVE)),
    }


SCORE_SCALES = Resource(
    name="scoreScales",
    singular="scoreScale",
    readable=readable_score_scales,
    body=body,
    keys=(
        "sourcedId",
        "status",
        "dateLastModified",
        "title",
        "type",
        "class",
        "course",
        "scoreScaleValue",
    ),
    filterable={},
    links={"class": lambda r: r.class_sid == LINK},
)
