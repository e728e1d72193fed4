"""Staff reads of a child's diary and grades go into the audit log; family reads do not.

The week diary and the grade list are single statements on the hot path
(``statements.py``); rather than widen them, the route runs this one INSERT … SELECT after
a successful read. The statement itself decides whether the caller is staff *for this
child*: an account with a staff role that is neither the child's guardian nor the child
(a teacher reading their own child's diary reads it as a parent). For everyone else it
inserts nothing. Details carry ids and the period only, never marks or names.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import Uuid, bindparam, insert, literal, select
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.types import String

from api.audit.models import AuditEvent
from api.diary.structure.models import Guardianship, Student
from api.identity import tokens
from api.identity.models import STAFF_ROLES, Account
from api.logs import request_id_var
from api.statements import Compiled


@cache
def _statement() -> Compiled:
    student_id = bindparam("student_id", type_=Uuid)
    staff = literal(sorted(STAFF_ROLES), ARRAY(String(32)))
    guardian = (
        select(Guardianship.id)
        .where(Guardianship.student_id == student_id, Guardianship.account_id == Account.id)
        .exists()
    )
    themselves = (
        select(Student.id)
        .where(Student.id == student_id, Student.account_id == Account.id)
        .exists()
    )
    caller = select(
        Account.id,
        Account.roles,
        bindparam("action", type_=String),
        literal("student"),
        student_id,
        bindparam("details", type_=JSONB),
        bindparam("request_id", type_=String),
    ).where(
        Account.id == bindparam("account_id", type_=Uuid),
        Account.roles.overlap(staff),
        ~guardian,
        ~themselves,
    )
    return Compiled.of(
        insert(AuditEvent).from_select(
            [
                AuditEvent.actor_id,
                AuditEvent.actor_roles,
                AuditEvent.action,
                AuditEvent.object_type,
                AuditEvent.object_id,
                AuditEvent.details,
                AuditEvent.request_id,
            ],
            caller,
        )
    )


async def record_staff_read(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    student_id: uuid.UUID,
    action: str,
    details: Mapping[str, str | None],
) -> None:
    compiled = _statement()
    await connection.execute(
        compiled.sql,
        *compiled.args(
            account_id=claims.account_id,
            student_id=student_id,
            action=action,
            details=json.dumps(details),
            request_id=request_id_var.get(),
        ),
    )
