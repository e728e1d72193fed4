"""Signed records read in one statement each on the hot pool: a class's records (JSON built
by PostgreSQL) and one record (a plain row: a family's excerpt is cut in Python by
``signoff.excerpt``, the same code that signed it). Who reads what is ``signoff``'s
``staff_sees_class`` and ``family_child``, here over the caller CTE."""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import JSON, Integer, String, Uuid, and_, bindparam, cast, false, func, or_, select
from sqlalchemy.orm import aliased

from api.diary.grades import signoff
from api.diary.grades.signoff_models import SignedRecord
from api.diary.grades.signoff_schemas import SignedRecordOut
from api.diary.sql import viewer_of
from api.identity import tokens
from api.identity.deps import STAFF
from api.identity.statements import caller_cte, fetch_rows, fetch_staff_read, lean_rows
from api.statements import Compiled, answer, json_list, obj, page_of, utc_text


def _corrected_by(record: Any) -> Any:
    """The record that corrected ``record`` (a record is corrected at most once)."""
    correction = aliased(SignedRecord)
    return select(correction.id).where(correction.corrects_id == record.id).scalar_subquery()


@cache
def class_records_statement() -> Compiled:
    """``Page[SignedRecordOut]`` of a class, newest first; ``visible``: whether the caller
    is the class's staff (404 otherwise)."""
    caller = caller_cte()
    visible = signoff.staff_sees_class(viewer_of(caller), bindparam("class_id", type_=Uuid))
    r = SignedRecord
    subject = bindparam("subject_id", type_=Uuid)
    term = bindparam("term_id", type_=Uuid)
    where = and_(
        visible,
        r.class_id == bindparam("class_id", type_=Uuid),
        or_(subject.is_(None), r.subject_id == subject),
        or_(term.is_(None), r.term_id == term),
    )
    page = (
        select(r, _corrected_by(r).label("corrected_by"))
        .where(where)
        .order_by(r.signed_at.desc(), r.id)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .cte("page")
    )
    p = page.c
    item = obj(
        id=p.id,
        document=cast(p.document, JSON),
        signature=p.signature,
        key_id=p.key_id,
        signed_at=utc_text(p.signed_at),
        corrects=p.corrects_id,
        corrected_by=p.corrected_by,
        correction_reason=p.correction_reason,
        excerpt=false(),
    )
    items = select(json_list(item, p.signed_at.desc(), p.id)).scalar_subquery()
    total = select(func.count()).select_from(r).where(where).scalar_subquery()
    return Compiled.of(answer(caller, select(page_of(items, total)), visible=visible))


async def read_class_records(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    class_id: uuid.UUID,
    *,
    subject_id: uuid.UUID | None,
    term_id: uuid.UUID | None,
    limit: int,
    offset: int,
) -> str:
    """The page as JSON text; 403 for non-staff, 404 ``class_not_found`` for a class the
    caller does not read, 401 when the session is gone."""
    row = await fetch_staff_read(
        connection,
        claims,
        class_records_statement(),
        roles=STAFF,
        class_id=class_id,
        subject_id=subject_id,
        term_id=term_id,
        limit=limit,
        offset=offset,
    )
    if not row["visible"]:
        raise signoff.class_not_found()
    body: str = row["body"]
    return body


@cache
def record_statement() -> Compiled:
    """One record's ``signoff.RECORD_COLUMNS``, whether the caller reads it whole
    (``whole``) and otherwise the family's child whose excerpt they read (``child``,
    with ``excerpt_signature``)."""
    caller = caller_cte()
    viewer = viewer_of(caller)
    r = SignedRecord
    child = signoff.family_child(viewer)
    row = (
        select(
            *(getattr(r, name) for name in signoff.RECORD_COLUMNS),
            _corrected_by(r).label("corrected_by"),
            signoff.staff_sees_class(viewer, r.class_id).label("whole"),
            child.label("child"),
            r.excerpts.op("->>")(cast(child, String)).label("excerpt_signature"),
        )
        .select_from(caller)
        .join(r, r.id == bindparam("record_id", type_=Uuid))
    )
    return Compiled.of(lean_rows(caller, row, paged=False, counted=False))


async def read_record(
    connection: asyncpg.Connection[Any], claims: tokens.AccessClaims, record_id: uuid.UUID
) -> SignedRecordOut:
    """The record for its class's staff, a family's excerpt for a family; 404 for anyone
    else and for no record, 401 when the session is gone."""
    found = await fetch_rows(connection, claims, record_statement(), record_id=record_id)
    if not found.rows:
        raise signoff.record_not_found()
    (row,) = found.rows
    if row["whole"]:
        return signoff.record_view(row, row["corrected_by"])
    if row["child"] is None:
        raise signoff.record_not_found()
    return signoff.record_view(
        row,
        row["corrected_by"],
        for_student=str(row["child"]),
        excerpt_signature=row["excerpt_signature"],
    )
