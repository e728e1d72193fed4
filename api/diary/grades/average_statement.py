"""``GET /students/{id}/averages`` as one statement and Python arithmetic: the student,
the subject, the term (asked for, else under way, else the first), the school's
thresholds and the readable grades come in one round trip; the average, the result and
the explanation are computed by ``averages.explained`` — the same code «what if» uses.
Held equal to ``averages.explain`` with no hypothetical grades by the tests."""

from __future__ import annotations

import uuid
from decimal import Decimal
from functools import cache
from typing import Any

import asyncpg
import orjson
from sqlalchemy import Date, Text, Uuid, and_, bindparam, case, cast, func, or_, select
from sqlalchemy.dialects.postgresql import TIMESTAMP
from sqlalchemy.orm import aliased

from api.diary.grades import averages, service
from api.diary.grades.models import Grade, GradingPolicy, WorkType
from api.diary.grades.schemas import (
    AverageGrade,
    AverageOut,
    AverageTerm,
    grade_value,
)
from api.diary.schemas import Ref, WorkTypeRef
from api.diary.sql import student_cte, viewer_in, viewer_of, work_type_json
from api.diary.structure import terms as structure_terms
from api.diary.structure.access import student_not_found
from api.diary.structure.models import Subject, SubjectAssessment, Term, TermKind
from api.diary.structure.viewer import teaches
from api.identity import tokens
from api.identity.statements import caller_cte, fetch_read
from api.statements import Compiled, answer, json_list, obj


@cache
def average_statement() -> Compiled:
    caller = caller_cte()
    st = student_cte(caller, viewer_of(caller))
    viewer = viewer_in(st)
    term_id = bindparam("term_id", type_=Uuid)
    today = cast(
        func.timezone(st.c.timezone, bindparam("now", type_=TIMESTAMP(timezone=True))), Date
    )
    # As ``averages.resolve_term``; the candidates from their own alias.
    candidate = aliased(Term)
    of_school = candidate.school_id == st.c.school_id
    begun = (
        select(candidate.id)
        .where(of_school, candidate.starts_on <= today)
        .order_by(candidate.starts_on.desc())
        .limit(1)
        .scalar_subquery()
    )
    first = (
        select(candidate.id).where(of_school).order_by(candidate.starts_on).limit(1)
    ).scalar_subquery()
    asked = select(candidate.id).where(of_school, candidate.id == term_id).scalar_subquery()
    chosen = case((term_id.is_(None), func.coalesce(begun, first)), else_=asked)
    tm = (
        select(Term.id, Term.kind, Term.number, Term.starts_on, Term.ends_on)
        .select_from(st)
        .join(Term, Term.id == chosen)
        .cte("tm")
    )
    subject_id = bindparam("subject_id", type_=Uuid)
    subject = (
        select(obj(id=Subject.id, name=Subject.name, assessment=Subject.assessment))
        .where(Subject.id == subject_id, Subject.school_id == st.c.school_id)
        .scalar_subquery()
    )
    term = (
        select(
            obj(
                id=tm.c.id,
                kind=tm.c.kind,
                number=tm.c.number,
                starts_on=tm.c.starts_on,
                ends_on=tm.c.ends_on,
            )
        )
        .select_from(tm)
        .scalar_subquery()
    )
    # Text, not numbers: the thresholds reach Python as the exact decimals stored.
    policy = (
        select(
            obj(
                five_from=cast(GradingPolicy.five_from, Text),
                four_from=cast(GradingPolicy.four_from, Text),
                three_from=cast(GradingPolicy.three_from, Text),
            )
        )
        .where(GradingPolicy.school_id == st.c.school_id)
        .scalar_subquery()
    )
    grades = (
        select(
            json_list(
                obj(
                    score=Grade.score,
                    passed=Grade.passed,
                    date=Grade.date,
                    work_type=work_type_json(WorkType),
                ),
                Grade.date,
                Grade.created_at,
                Grade.id,
            )
        )
        .join(WorkType, WorkType.id == Grade.work_type_id)
        .join(tm, and_(Grade.date >= tm.c.starts_on, Grade.date <= tm.c.ends_on))
        .where(
            Grade.student_id == st.c.id,
            Grade.subject_id == subject_id,
            Grade.deleted_at.is_(None),
            or_(st.c.full, teaches(viewer, st.c.class_id, Grade.subject_id)),
        )
        .scalar_subquery()
    )
    body = select(
        obj(student_id=st.c.id, subject=subject, term=term, policy=policy, grades=grades)
    ).select_from(st)
    return Compiled.of(answer(caller, body))


async def student_average(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    *,
    student_id: uuid.UUID,
    subject_id: uuid.UUID,
    term_id: uuid.UUID | None,
) -> AverageOut:
    """As ``averages.explain`` with no hypothetical grades (same errors, same order)."""
    text = await fetch_read(
        connection,
        claims,
        average_statement(),
        student_id=student_id,
        subject_id=subject_id,
        term_id=term_id,
    )
    if text is None:
        raise student_not_found()
    data: dict[str, Any] = orjson.loads(text)
    subject = data["subject"]
    if subject is None:
        raise averages.subject_not_found()
    term = data["term"]
    if term is None:
        raise averages.term_not_found()
    policy = data["policy"]
    thresholds = (
        service.DEFAULT_POLICY
        if policy is None
        else (
            Decimal(policy["five_from"]),
            Decimal(policy["four_from"]),
            Decimal(policy["three_from"]),
        )
    )
    listed = [
        AverageGrade(
            value=grade_value(g["score"], g["passed"]),
            work_type=WorkTypeRef.model_validate(g["work_type"]),
            date=g["date"],
            hypothetical=False,
        )
        for g in data["grades"]
    ]
    counted = [averages.Counted(g.value, Decimal(str(g.work_type.weight))) for g in listed]
    return averages.explained(
        uuid.UUID(data["student_id"]),
        Ref(id=subject["id"], name=subject["name"]),
        SubjectAssessment(subject["assessment"]),
        AverageTerm(
            id=term["id"],
            name=structure_terms.term_name(TermKind(term["kind"]), term["number"]),
            starts_on=term["starts_on"],
            ends_on=term["ends_on"],
        ),
        listed,
        counted,
        thresholds,
    )
