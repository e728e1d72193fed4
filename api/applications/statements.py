"""Applications read in one statement each: the family's list, one application, the
school's review queue. Plain rows, not JSON: the child's SNILS and birth certificate are
decrypted and masked in Python (``views``), never in SQL. Who sees which application is
``access`` (here over the caller CTE, ``access.as_caller``)."""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import (
    Boolean,
    ColumnElement,
    FromClause,
    Select,
    String,
    and_,
    bindparam,
    cast,
    func,
    not_,
    nulls_last,
    or_,
    select,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import aggregate_order_by

from api.applications import views
from api.applications.access import applicant_sees, as_caller, readable, staff_sees
from api.applications.models import (
    Application,
    ApplicationAttachment,
    ApplicationEvent,
    ApplicationStatus,
)
from api.applications.schemas import ApplicationListItem, ApplicationOut, ApplicationPage
from api.children.models import Child
from api.documents.models import Document
from api.identity import tokens
from api.identity.models import Account
from api.identity.statements import LeanRows, caller_cte, fetch_rows, lean_rows
from api.schools.models import School, SchoolClass
from api.statements import Compiled


def _rows(*extra: Any) -> Select[Any]:
    """The columns of ``views.Row`` (and ``extra``), from the application and its school,
    class and child."""
    joined: FromClause = (
        Application.__table__.outerjoin(School, School.id == Application.school_id)
        .outerjoin(SchoolClass, SchoolClass.id == Application.class_id)
        .join(Child, Child.id == Application.child_id)
    )
    return select(
        *Application.__table__.c,
        School.short_name.label("school_short_name"),
        School.timezone.label("school_timezone"),
        School.connected.label("school_connected"),
        SchoolClass.grade.label("class_grade"),
        SchoolClass.letter.label("class_letter"),
        SchoolClass.academic_year.label("class_academic_year"),
        Child.last_name.label("child_last_name"),
        Child.first_name.label("child_first_name"),
        Child.middle_name.label("child_middle_name"),
        Child.birth_date.label("child_birth_date"),
        Child.snils_enc.label("child_snils_enc"),
        Child.birth_certificate_enc.label("child_birth_certificate_enc"),
        Child.student_id.label("child_student_id"),
        *extra,
    ).select_from(joined)


def _page(found: LeanRows, now: Any, *, limit: int, offset: int) -> ApplicationPage:
    items: list[ApplicationListItem] = [views.list_item(row, now) for row in found.rows]
    return ApplicationPage(items=items, total=found.total, limit=limit, offset=offset)


@cache
def own_statement() -> Compiled:
    caller = caller_cte()
    mine = _rows().where(applicant_sees(as_caller(caller)))
    order = (Application.created_at.desc(), Application.id.desc())
    return Compiled.of(lean_rows(caller, mine, *order))


async def read_own(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    now: Any,
    *,
    limit: int,
    offset: int,
) -> ApplicationPage:
    """The applicant's applications, newest first (401: session gone)."""
    found = await fetch_rows(connection, claims, own_statement(), limit=limit, offset=offset)
    return _page(found, now, limit=limit, offset=offset)


@cache
def queue_statement() -> Compiled:
    caller = caller_cte()
    school_id = bindparam("school_id", type_=postgresql.UUID(as_uuid=True))
    status = bindparam("status", type_=Application.status.type)
    overdue = bindparam("overdue", type_=Boolean)
    # The applications' clock (``service.now``), which is not the session check's.
    moment = bindparam("at", type_=postgresql.TIMESTAMP(timezone=True))
    due = Application.due_at
    late: ColumnElement[bool] = due < moment
    in_time: ColumnElement[bool] = or_(due.is_(None), due >= moment)
    queue = _rows().where(
        staff_sees(as_caller(caller)),
        Application.school_id == school_id,
        or_(status.is_(None), Application.status == status),
        or_(overdue.is_(None), and_(overdue, late), and_(not_(overdue), in_time)),
    )
    order = (nulls_last(due.asc()), Application.submitted_at, Application.id)
    return Compiled.of(lean_rows(caller, queue, *order))


async def read_queue(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    now: Any,
    *,
    school_id: uuid.UUID,
    status: ApplicationStatus | None,
    overdue: bool | None,
    limit: int,
    offset: int,
) -> tuple[ApplicationPage, LeanRows]:
    """The school's queue as the caller may see it, and what the statement read (the
    route checks the caller's roles and school from it, and audits the page)."""
    found = await fetch_rows(
        connection,
        claims,
        queue_statement(),
        at=now,
        school_id=school_id,
        status=status,
        overdue=overdue,
        limit=limit,
        offset=offset,
    )
    return _page(found, now, limit=limit, offset=offset), found


def _text(enum_column: Any) -> ColumnElement[str]:
    """An enum inside a record as its text: asyncpg decodes no enum in an anonymous record."""
    return cast(enum_column, String)


def _documents(where: ColumnElement[bool], *order: Any) -> Any:
    d = Document
    record = func.row(d.id, _text(d.kind), d.content_type, d.size, _text(d.status), d.created_at)
    return select(func.array_agg(aggregate_order_by(record, *order))).where(where)


@cache
def one_statement() -> Compiled:
    caller = caller_cte()
    e = ApplicationEvent
    a = ApplicationAttachment
    d = Document
    event = func.row(
        e.id,
        e.at,
        e.action,
        _text(e.status_from),
        _text(e.status_to),
        e.actor_role,
        e.comment,
        _text(e.reason_code),
    )
    events = select(func.array_agg(aggregate_order_by(event, e.id))).where(
        e.application_id == Application.id
    )
    attachment = func.row(
        a.event_id, d.id, _text(d.kind), d.content_type, d.size, _text(d.status), d.created_at
    )
    attached = (
        select(func.array_agg(aggregate_order_by(attachment, a.added_at, d.id)))
        .select_from(a)
        .join(d, d.id == a.document_id)
        .where(a.application_id == Application.id)
    )
    child_documents = _documents(
        and_(d.child_id == Application.child_id, d.account_id == Application.applicant_id),
        d.created_at,
        d.id,
    )
    applicant = select(
        func.row(
            Account.id,
            Account.last_name,
            Account.first_name,
            Account.middle_name,
            _text(Account.level),
        )
    ).where(Account.id == Application.applicant_id)
    one = _rows(
        events.scalar_subquery().label("events"),
        attached.scalar_subquery().label("attached"),
        child_documents.scalar_subquery().label("child_documents"),
        applicant.scalar_subquery().label("applicant"),
    ).where(
        Application.id == bindparam("application_id", type_=postgresql.UUID(as_uuid=True)),
        readable(as_caller(caller)),
    )
    return Compiled.of(lean_rows(caller, one, paged=False, counted=False))


async def read_one(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    now: Any,
    application_id: uuid.UUID,
) -> tuple[ApplicationOut, asyncpg.Record, LeanRows] | None:
    """One application the caller may read (None: 404), with the row read and the head
    (the caller's roles, for the audit). School staff — anybody but the applicant — also
    see the applicant and the child's documents."""
    found = await fetch_rows(connection, claims, one_statement(), application_id=application_id)
    if not found.rows:
        return None
    (row,) = found.rows
    staff = row["applicant_id"] != claims.account_id
    out = views.detail_of(
        row,
        row["events"] or [],
        row["attached"] or [],
        now,
        applicant=row["applicant"] if staff else None,
        child_documents=(row["child_documents"] or []) if staff else None,
    )
    return out, row, found
