"""The school's work types as one statement (``GET /work-types``, every journal screen
opens it): the school's own rows, and the defaults (``service.DEFAULT_WORK_TYPES``) for the
codes it has not stored yet — the list ``service.ensure_work_types`` would leave, without
writing on a read."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import Boolean, Numeric, String, column, select, true, union_all, values

from api.diary.grades.models import WorkType
from api.diary.grades.service import DEFAULT_WORK_TYPES
from api.identity import tokens
from api.identity.statements import caller_cte, fetch_staff_read
from api.statements import Compiled, answer, json_list, obj


@cache
def work_types_statement() -> Compiled:
    """``list[WorkTypeOut]`` of the caller's school, by code."""
    caller = caller_cte()
    defaults = values(
        column("code", String),
        column("name", String),
        column("weight", Numeric(3, 1)),
        column("is_default", Boolean),
        name="defaults",
        literal_binds=True,
    ).data([(code, name, Decimal(w), d) for code, name, w, d in DEFAULT_WORK_TYPES])
    stored = select(WorkType.code).where(
        WorkType.school_id == caller.c.school_id, WorkType.code == defaults.c.code
    )
    own = select(WorkType.code, WorkType.name, WorkType.weight, WorkType.is_default).join(
        caller, caller.c.school_id == WorkType.school_id
    )
    missing = (
        select(defaults.c.code, defaults.c.name, defaults.c.weight, defaults.c.is_default)
        .select_from(defaults)
        .join(caller, true())
        .where(caller.c.school_id.is_not(None), ~stored.exists())
    )
    rows = union_all(own, missing).subquery("rows")
    item = obj(
        code=rows.c.code, name=rows.c.name, weight=rows.c.weight, is_default=rows.c.is_default
    )
    body = select(json_list(item, rows.c.code)).select_from(rows)
    return Compiled.of(answer(caller, body))


async def work_types(
    connection: asyncpg.Connection[Any], claims: tokens.AccessClaims
) -> asyncpg.Record:
    return await fetch_staff_read(connection, claims, work_types_statement())
