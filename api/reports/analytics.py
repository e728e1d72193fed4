"""Class and school analytics (REPORTS.md §2): the §1 indicators per subject and class,
and over the whole school; and the «сводная ведомость» from the same results.
Aggregates only — no student's name or grade leaves the analytics.

Each is one statement (``analytics_sql``) whose JSON PostgreSQL builds: the routes pass
its text on, exports validate it into the response models.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import asyncpg
import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import session_driver
from api.diary.grades import averages
from api.reports import analytics_sql, results_sql
from api.reports.period import Period
from api.reports.schemas import ClassAnalytics, ClassSummary, SchoolAnalytics
from api.schools.models import School, SchoolClass
from api.statements import Compiled


async def _read(
    connection: asyncpg.Connection[Any],
    compiled: Compiled,
    *,
    school_id: uuid.UUID,
    term_id: uuid.UUID,
    starts_on: date,
    ends_on: date,
    today: date,
    title: str,
    **more: Any,
) -> str:
    body: str = await connection.fetchval(
        compiled.sql,
        *compiled.args(
            school_id=school_id,
            term_id=term_id,
            starts_on=starts_on,
            ends_on=ends_on,
            last_day=min(ends_on, today),
            title=title,
            **more,
        ),
    )
    return body


async def class_json(
    connection: asyncpg.Connection[Any],
    *,
    class_id: uuid.UUID,
    school_id: uuid.UUID,
    term_id: uuid.UUID,
    starts_on: date,
    ends_on: date,
    today: date,
    title: str,
) -> str:
    """``ClassAnalytics`` of a class of ``school_id`` for a term, as JSON text."""
    return await _read(
        connection,
        analytics_sql.class_statement(),
        class_id=class_id,
        school_id=school_id,
        term_id=term_id,
        starts_on=starts_on,
        ends_on=ends_on,
        today=today,
        title=title,
    )


async def school_json(
    connection: asyncpg.Connection[Any],
    *,
    school_id: uuid.UUID,
    academic_year: int,
    term_id: uuid.UUID,
    starts_on: date,
    ends_on: date,
    today: date,
    title: str,
) -> str:
    """``SchoolAnalytics``: the school's classes of ``academic_year``, as JSON text."""
    return await _read(
        connection,
        analytics_sql.school_statement(),
        school_id=school_id,
        academic_year=academic_year,
        term_id=term_id,
        starts_on=starts_on,
        ends_on=ends_on,
        today=today,
        title=title,
    )


def _term(period: Period) -> uuid.UUID:
    assert period.term is not None
    return period.term.id


async def class_analytics(
    session: AsyncSession, school_class: SchoolClass, period: Period
) -> ClassAnalytics:
    school = await session.get(School, school_class.school_id)
    assert school is not None
    body = await class_json(
        await session_driver(session),
        class_id=school_class.id,
        school_id=school.id,
        term_id=_term(period),
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        today=averages.today_in(school.timezone),
        title=period.title,
    )
    return ClassAnalytics.model_validate_json(body)


async def school_analytics(
    session: AsyncSession, school: School, period: Period
) -> SchoolAnalytics:
    assert period.academic_year is not None
    body = await school_json(
        await session_driver(session),
        school_id=school.id,
        academic_year=period.academic_year,
        term_id=_term(period),
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        today=averages.today_in(school.timezone),
        title=period.title,
    )
    return SchoolAnalytics.model_validate_json(body)


async def class_summary(
    session: AsyncSession,
    school_class: SchoolClass,
    period: Period,
    subject_ids: frozenset[uuid.UUID] | None = None,
) -> ClassSummary:
    """«Сводная ведомость»: each student's result per subject, from the same results as
    the indicators (``results_sql.summary_statement``); ``subject_ids`` narrows the
    columns to a subject teacher's subjects (None: every subject)."""
    body = await _read(
        await session_driver(session),
        results_sql.summary_statement(),
        class_id=school_class.id,
        school_id=school_class.school_id,
        term_id=_term(period),
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        today=period.ends_on,
        title=period.title,
        subject_ids=None if subject_ids is None else list(subject_ids),
    )
    return ClassSummary.model_validate(
        {
            "class_id": school_class.id,
            "class_name": school_class.name,
            "term_id": _term(period),
            "term_title": period.title,
            **orjson.loads(body),
        }
    )
