"""Grades as single statements: the bulk grade post (the context read — lesson, roster,
work types, opted-in families — and the one data-modifying statement that writes grades,
history and notifications) and a student's term and year grades."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import (
    ColumnElement,
    Float,
    Text,
    Uuid,
    and_,
    any_,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal_column,
    or_,
    select,
    true,
    union_all,
)

from api.diary.attendance.models import AttendanceMark, AttendanceStatus
from api.diary.grades.models import TermGrade, WorkType
from api.diary.lessons.access import teaches_lesson
from api.diary.lessons.models import Lesson
from api.diary.sql import student_cte, viewer_in, viewer_of
from api.diary.structure.models import Guardianship, Student, Subject, pupils_of
from api.diary.structure.viewer import teaches
from api.identity import clock, tokens
from api.identity.statements import caller_cte, fetch_read
from api.notifications.models import NotificationPreference
from api.notifications.service import DEFAULT_EMAIL, DEFAULT_SMS, Kind
from api.push.models import Device, PushSubscription
from api.statements import Compiled, answer, json_list, k, obj, utc_text

ABSENT_STATUSES = (AttendanceStatus.absent, AttendanceStatus.excused)


@cache
def grade_context_statement() -> Compiled:
    """The lesson the caller teaches, its class roster and the school's work types."""
    caller = caller_cte()
    viewer = viewer_of(caller)
    lesson = (
        select(
            Lesson.id,
            Lesson.school_id,
            Lesson.class_id,
            Lesson.subject_id,
            Lesson.date,
            Subject.name,
            Subject.assessment,
        )
        .join(Subject, Subject.id == Lesson.subject_id)
        .join(caller, true())
        .where(
            Lesson.id == bindparam("lesson_id", type_=Uuid),
            caller.c.is_teacher,
            teaches_lesson(viewer),
        )
        .cte("l")
    )
    # «Н» at this lesson (absent, with or without a reason): a grade then needs the
    # teacher's confirmation (``grades.service.plan``).
    absent = (
        select(AttendanceMark.id)
        .where(
            AttendanceMark.lesson_id == lesson.c.id,
            AttendanceMark.student_id == Student.id,
            or_(*(AttendanceMark.status == status for status in ABSENT_STATUSES)),
        )
        .exists()
    )
    students = (
        select(
            json_list(obj(id=Student.id, first_name=Student.first_name, absent=absent), Student.id)
        )
        .where(pupils_of(lesson.c.class_id))
        .scalar_subquery()
    )
    work_types = (
        select(
            json_list(
                obj(
                    id=WorkType.id,
                    code=WorkType.code,
                    name=WorkType.name,
                    is_default=WorkType.is_default,
                ),
                WorkType.code,
            )
        )
        .where(WorkType.school_id == lesson.c.school_id)
        .scalar_subquery()
    )
    family = union_all(
        select(Guardianship.student_id, Guardianship.account_id)
        .join(Student, Student.id == Guardianship.student_id)
        .where(pupils_of(lesson.c.class_id)),
        select(Student.id, Student.account_id).where(
            pupils_of(lesson.c.class_id), Student.account_id.is_not(None)
        ),
    ).subquery("family")
    default_on: ColumnElement[bool] = literal_column(
        "true" if Kind.grade in DEFAULT_SMS | DEFAULT_EMAIL else "false"
    )
    opted_in = (
        select(
            json_list(
                obj(student_id=family.c.student_id, account_id=family.c.account_id),
                family.c.account_id,
            )
        )
        .select_from(family)
        .outerjoin(NotificationPreference, NotificationPreference.account_id == family.c.account_id)
        .where(
            or_(
                k(Kind.grade) == any_(NotificationPreference.sms_kinds),
                k(Kind.grade) == any_(NotificationPreference.email_kinds),
                and_(NotificationPreference.account_id.is_(None), default_on),
                # Push goes to every browser and device the account has.
                exists().where(PushSubscription.account_id == family.c.account_id),
                exists().where(Device.account_id == family.c.account_id),
            )
        )
        .scalar_subquery()
    )
    body = select(
        obj(
            opted_in=opted_in,
            id=lesson.c.id,
            school_id=lesson.c.school_id,
            class_id=lesson.c.class_id,
            subject_id=lesson.c.subject_id,
            subject_name=lesson.c.name,
            date=lesson.c.date,
            assessment=lesson.c.assessment,
            students=students,
            work_types=work_types,
        )
    ).select_from(lesson)
    is_teacher = select(func.bool_or(caller.c.is_teacher)).scalar_subquery()
    return Compiled.of(
        select(
            select(func.count()).select_from(caller).scalar_subquery().label("authed"),
            is_teacher.label("is_teacher"),
            cast(body.scalar_subquery(), Text).label("body"),
        )
    )


# The bulk grade write: one statement. ``old`` sees the rows as they were before the
# statement (all CTEs share one snapshot), so the history gets the old values. (No FOR
# UPDATE there: a row the upsert updates in the same statement would be skipped by it;
# the upsert's own row lock serialises concurrent posts.)
GRADE_WRITE_SQL = """
WITH input AS (
    SELECT * FROM unnest($3::uuid[], $4::uuid[], $5::int2[], $6::bool[], $7::text[])
        WITH ORDINALITY AS i(student_id, work_type_id, score, passed, comment, ord)
),
old AS (
    SELECT g.id, g.score, g.passed, g.comment
    FROM grades g JOIN input i ON i.student_id = g.student_id AND i.work_type_id = g.work_type_id
    WHERE g.lesson_id = $1 AND g.deleted_at IS NULL
),
up AS (
    INSERT INTO grades AS g (id, lesson_id, student_id, subject_id, date, work_type_id, score,
                             passed, comment, teacher_id, created_at, updated_at)
    SELECT gen_random_uuid(), $1, i.student_id, $8, $9, i.work_type_id, i.score, i.passed,
           i.comment, $2, now(), now()
    FROM input i
    ON CONFLICT (lesson_id, student_id, work_type_id) WHERE deleted_at IS NULL DO UPDATE
    SET score = excluded.score, passed = excluded.passed, comment = excluded.comment,
        teacher_id = CASE WHEN (g.score, g.passed, g.comment)
                               IS DISTINCT FROM (excluded.score, excluded.passed, excluded.comment)
                          THEN excluded.teacher_id ELSE g.teacher_id END,
        updated_at = CASE WHEN (g.score, g.passed, g.comment)
                               IS DISTINCT FROM (excluded.score, excluded.passed, excluded.comment)
                          THEN now() ELSE g.updated_at END
    RETURNING g.*
),
changed AS (
    SELECT up.id, up.student_id, up.score, up.passed, up.comment, up.work_type_id,
           old.id AS old_id, old.score AS old_score, old.passed AS old_passed
    FROM up LEFT JOIN old ON old.id = up.id
    WHERE old.id IS NULL OR (old.score, old.passed, old.comment)
                            IS DISTINCT FROM (up.score, up.passed, up.comment)
),
history AS (
    INSERT INTO grade_changes (grade_id, student_id, action, old_value, new_value, comment,
                               changed_by, changed_at)
    SELECT c.id, c.student_id,
           (CASE WHEN c.old_id IS NULL THEN 'created' ELSE 'changed' END)::diary_grade_action,
           CASE WHEN c.old_id IS NULL THEN NULL
                ELSE coalesce(c.old_score::text, CASE WHEN c.old_passed THEN 'pass' ELSE 'fail' END)
           END,
           coalesce(c.score::text, CASE WHEN c.passed THEN 'pass' ELSE 'fail' END),
           c.comment, $2, now()
    FROM changed c
),
family AS (
    SELECT s.id AS student_id, s.first_name, gs.account_id
    FROM students s JOIN guardianships gs ON gs.student_id = s.id
    WHERE s.id IN (SELECT student_id FROM changed)
    UNION ALL
    SELECT s.id, s.first_name, s.account_id FROM students s
    WHERE s.account_id IS NOT NULL AND s.id IN (SELECT student_id FROM changed)
),
-- The one place a grade's notice is worded and linked: the in-app rows below and the SMS
-- and e-mails of families who asked for them (``grades.service``) all read these rows.
messages AS (
    SELECT f.account_id,
           CASE WHEN c.old_id IS NULL THEN 'Новая оценка: ' ELSE 'Оценка изменена: ' END
             || coalesce(c.score::text, CASE WHEN c.passed THEN 'зачёт' ELSE 'незачёт' END)
             AS title,
           f.first_name || ': ' || $10 || ', ' || to_char($9::date, 'DD.MM') || ', ' || w.name
             || coalesce('. ' || c.comment, '') AS body,
           '/students/' || c.student_id || '/diary?week=' || $11 AS link
    FROM changed c JOIN family f ON f.student_id = c.student_id
    JOIN work_types w ON w.id = c.work_type_id
),
notified AS (
    INSERT INTO notifications (id, account_id, kind, title, body, link, created_at)
    SELECT gen_random_uuid(), m.account_id, 'grade', m.title, m.body, m.link, now()
    FROM messages m
    RETURNING account_id
)
SELECT (SELECT count(*) FROM notified) AS notified,
       (SELECT json_agg(json_build_object(
            'id', up.id, 'student_id', up.student_id, 'lesson_id', up.lesson_id,
            'date', up.date, 'subject', json_build_object('id', sj.id, 'name', sj.name),
            'value', CASE WHEN up.score IS NOT NULL THEN to_json(up.score)
                          ELSE to_json(CASE WHEN up.passed THEN 'pass' ELSE 'fail' END) END,
            'work_type', json_build_object('code', w.code, 'name', w.name, 'weight', w.weight),
            'comment', up.comment,
            'absent', EXISTS (SELECT 1 FROM attendance_marks am
                              WHERE am.lesson_id = $1 AND am.student_id = up.student_id
                                AND am.status IN ('absent', 'excused')),
            'teacher', json_build_object('id', t.id,
                         'name', concat_ws(' ', t.last_name, t.first_name, t.middle_name)),
            'created_at', to_char(timezone('UTC', up.created_at), 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
            'updated_at', to_char(timezone('UTC', up.updated_at), 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
        ) ORDER BY i.ord)
        FROM up JOIN input i ON i.student_id = up.student_id AND i.work_type_id = up.work_type_id
        JOIN subjects sj ON sj.id = up.subject_id
        JOIN work_types w ON w.id = up.work_type_id
        JOIN accounts t ON t.id = up.teacher_id)::text AS body,
       (SELECT json_agg(json_build_object('account_id', m.account_id, 'title', m.title,
                                          'body', m.body, 'link', m.link))
        FROM messages m)::text AS changed,
       -- What the webhooks hear (grade.created / grade.updated): the changed grades only.
       (SELECT json_agg(json_build_object('id', c.id, 'student_id', c.student_id,
                                          'work_type_id', c.work_type_id,
                                          'created', c.old_id IS NULL))
        FROM changed c)::text AS events
"""


async def grade_context(
    connection: asyncpg.Connection[Any], claims: tokens.AccessClaims, lesson_id: uuid.UUID
) -> tuple[bool, str | None]:
    """(caller is a teacher, the context JSON or None when the lesson is not theirs);
    401 when the token's session is gone."""
    compiled = grade_context_statement()
    row = await connection.fetchrow(
        compiled.sql,
        *compiled.args(
            account_id=claims.account_id,
            session_id=claims.session_id,
            now=clock.now(),
            lesson_id=lesson_id,
        ),
    )
    assert row is not None
    if not row["authed"]:
        raise tokens.TokenInvalid()
    return bool(row["is_teacher"]), row["body"]


@dataclass(frozen=True, slots=True)
class GradeRows:
    student_ids: list[uuid.UUID]
    work_type_ids: list[uuid.UUID]
    scores: list[int | None]
    passed: list[bool | None]
    comments: list[str | None]


async def write_grades(
    connection: asyncpg.Connection[Any],
    *,
    lesson_id: uuid.UUID,
    teacher_id: uuid.UUID,
    subject_id: uuid.UUID,
    subject_name: str,
    day: date,
    week: str,
    rows: GradeRows,
) -> tuple[str, str | None, str | None]:
    """(the grades as JSON text in input order, the changed ones' notices as JSON text or
    None, the changed grades for webhooks as JSON text or None)."""
    row = await connection.fetchrow(
        GRADE_WRITE_SQL,
        lesson_id,
        teacher_id,
        rows.student_ids,
        rows.work_type_ids,
        rows.scores,
        rows.passed,
        rows.comments,
        subject_id,
        day,
        subject_name,
        week,
    )
    assert row is not None
    return row["body"], row["changed"], row["events"]


@cache
def term_grades_statement() -> Compiled:
    """``list[TermGradeOut]`` of a student: a subject teacher sees their subjects only."""
    caller = caller_cte()
    st = student_cte(caller, viewer_of(caller))
    viewer = viewer_in(st)
    value = case(
        (TermGrade.score.is_not(None), func.to_json(TermGrade.score)),
        (
            TermGrade.passed.is_not(None),
            func.to_json(case((TermGrade.passed.is_(True), k("pass")), else_=k("fail"))),
        ),
    )
    items = (
        select(
            json_list(
                obj(
                    student_id=TermGrade.student_id,
                    subject=obj(id=Subject.id, name=Subject.name),
                    period=TermGrade.period,
                    term_id=TermGrade.term_id,
                    academic_year=TermGrade.academic_year,
                    value=value,
                    average=cast(TermGrade.average, Float),
                    set_at=utc_text(TermGrade.set_at),
                ),
                TermGrade.academic_year,
                Subject.name,
                TermGrade.period,
                TermGrade.set_at,
            )
        )
        .select_from(TermGrade)
        .join(Subject, Subject.id == TermGrade.subject_id)
        .where(
            TermGrade.student_id == st.c.id,
            or_(st.c.full, teaches(viewer, st.c.class_id, TermGrade.subject_id)),
        )
        .scalar_subquery()
    )
    # From ``st``: no row (so no body, a 404) when the student is not the caller's.
    return Compiled.of(answer(caller, select(items).select_from(st)))


async def read_term_grades(
    connection: asyncpg.Connection[Any], claims: tokens.AccessClaims, student_id: uuid.UUID
) -> str | None:
    """The student's term and year grades as JSON text; None when not the caller's."""
    return await fetch_read(connection, claims, term_grades_statement(), student_id=student_id)
