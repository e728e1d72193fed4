"""The contact list (``GET /me/contacts``) as one statement: the rows of
``access.reachable_select`` for the token's caller, with names, roles and subjects, sorted
and paged, JSON built by PostgreSQL, the session checked in the same round trip."""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import (
    ColumnElement,
    Integer,
    Uuid,
    and_,
    any_,
    bindparam,
    case,
    exists,
    func,
    literal_column,
    not_,
    or_,
    select,
)
from sqlalchemy.orm import aliased

from api.diary.structure.models import ClassTeacher, Student
from api.identity import tokens
from api.identity.models import Account
from api.identity.statements import caller_cte, fetch_read
from api.messaging import access, service
from api.messaging.statements import account_name, roles_json
from api.statements import Compiled, answer, json_list, k, obj, page_of


def _roles(account: Any, student: Any) -> ColumnElement[Any]:
    """The roles a contact shows: about a child, the child's own account is «student», a
    class teacher of the child's class is «class_teacher», anyone else who is not staff a
    «parent»; without a child, the account's roles."""
    leads = exists().where(
        ClassTeacher.class_id == student.class_id, ClassTeacher.teacher_id == account.id
    )
    staff = or_(account.roles.overlap(access.STAFF_ARRAY), leads)
    return case(
        (student.account_id == account.id, literal_column("ARRAY['student']::varchar[]")),
        (
            and_(student.id.is_not(None), not_(staff)),
            literal_column("ARRAY['parent']::varchar[]"),
        ),
        (leads, func.array_append(account.roles, k("class_teacher"))),
        else_=account.roles,
    )


def _order(contact: Any) -> tuple[Any, ...]:
    """Staff first (admins, class teachers, teachers), then families; by name, then by
    the child's name — compared as Python compares strings (by code point: «Ё» before
    «А», «ё» after «я», capitals first), the order the list always had. Account and
    child only make ties between namesakes come out the same way every time."""
    rank = case(
        *((k(role) == any_(contact.roles), i) for i, role in enumerate(service.ROLE_ORDER)),
        else_=len(service.ROLE_ORDER),
    )
    return (
        rank,
        contact.name.collate("C"),
        func.coalesce(contact.student_name, k("")).collate("C"),
        contact.account_id,
        contact.student_id,
    )


@cache
def statement() -> Compiled:
    """``ContactPage`` for the caller (about ``student_id`` when not NULL); no body (NULL)
    when that child is neither the caller's nor in the caller's classes."""
    caller = caller_cte()

    def of_caller(value: Any) -> Any:
        return select(value).scalar_subquery()

    writer = access.Writer(
        account_id=bindparam("account_id", type_=Uuid),
        school_id=of_caller(caller.c.school_id),
        is_staff=of_caller(
            and_(caller.c.school_id.is_not(None), or_(caller.c.is_admin, caller.c.is_teacher))
        ),
        is_admin=of_caller(caller.c.is_admin),
        student_id=bindparam("student_id", type_=Uuid),
    )
    found = access.reachable_select(writer).subquery("reachable")
    student = aliased(Student)
    student_name = func.concat(student.last_name, k(" "), student.first_name)
    contacts = (
        select(
            found.c.account_id,
            found.c.student_id,
            found.c.subjects,
            account_name(Account).label("name"),
            _roles(Account, student).label("roles"),
            case((student.id.is_not(None), student_name)).label("student_name"),
        )
        .select_from(found)
        .join(Account, Account.id == found.c.account_id)
        .outerjoin(student, student.id == found.c.student_id)
        .cte("contacts")
    )
    page = (
        select(contacts)
        .order_by(*_order(contacts.c))
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery("page")
    )
    item = obj(
        account_id=page.c.account_id,
        name=page.c.name,
        roles=roles_json(page.c.roles),
        subjects=func.to_json(page.c.subjects),
        student_id=page.c.student_id,
        student_name=page.c.student_name,
    )
    items = select(json_list(item, *_order(page.c))).select_from(page).scalar_subquery()
    total = select(func.count()).select_from(contacts).scalar_subquery()
    body = select(page_of(items, total)).where(access.student_known(writer))
    return Compiled.of(answer(caller, body))


async def page(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    *,
    student_id: uuid.UUID | None,
    limit: int,
    offset: int,
) -> str:
    """``ContactPage`` as JSON text; 404 ``student_not_found`` for another family's child."""
    body = await fetch_read(
        connection, claims, statement(), student_id=student_id, limit=limit, offset=offset
    )
    if body is None:
        raise access.student_not_found()
    return body
