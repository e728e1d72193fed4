"""The operator's two reads of accounts in one statement each (``operator_router``): the
session and roles checked, the account, its documents and confirmations read in one round
trip, the JSON built by PostgreSQL. Operators see every account (identity confirmation is
national, not a school's); the route audits each read (``account.search``,
``account.view``) on the same connection before the data leaves.

The account's SNILS and passport are decrypted and masked in Python
(``service.masked_snils``), never in SQL: the statement leaves them null in the JSON and
returns the encrypted values beside it."""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any

import asyncpg
import orjson
from sqlalchemy import Integer, String, Text, Uuid, bindparam, cast, func, null, select

from api.documents.models import Document
from api.identity import tokens
from api.identity.deps import role_required
from api.identity.models import Account, AccountIdentity, RegistryStatus, Role
from api.identity.statements import caller_cte, fetch_rows, fetch_staff_read, lean_rows
from api.statements import Compiled, answer, datetime_text, json_list, k, obj, page_of
from api.verification import service
from api.verification.models import AccountConfirmation
from api.verification.statements import IDENTITY_COLUMNS, identity_of

OPERATORS = (Role.operator, Role.platform_admin)
DOCUMENTS_SHOWN = 100  # as the ORM screen read them: the newest hundred


@cache
def search_statement() -> Compiled:
    """``OperatorAccountList`` of the accounts with the phone ``phone`` (normalised), oldest
    first; ``ids``: the page's ids, for the audit."""
    caller = caller_cte()
    documents = (
        select(func.count(Document.id)).where(Document.account_id == Account.id).scalar_subquery()
    )
    matching = Account.phone == bindparam("phone", type_=String)
    page = (
        select(
            Account.id,
            Account.last_name,
            Account.first_name,
            Account.middle_name,
            Account.phone,
            Account.level,
            Account.created_at,
            documents.label("documents_count"),
        )
        .where(matching)
        .order_by(Account.created_at)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .cte("page")
    )
    p = page.c
    item = obj(
        id=p.id,
        last_name=p.last_name,
        first_name=p.first_name,
        middle_name=p.middle_name,
        phone=p.phone,
        level=p.level,
        created_at=datetime_text(p.created_at),
        documents_count=p.documents_count,
    )
    items = select(json_list(item, p.created_at)).scalar_subquery()
    total = select(func.count(Account.id)).where(matching).scalar_subquery()
    ids = select(func.array_agg(p.id)).scalar_subquery()
    return Compiled.of(answer(caller, select(page_of(items, total)), ids=ids))


async def search(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    *,
    phone: str,
    limit: int,
    offset: int,
) -> asyncpg.Record:
    """The row of the search: ``body`` (JSON text), ``ids`` and ``roles``; 403 for anyone
    but operators, 401 when the session is gone."""
    return await fetch_staff_read(
        connection,
        claims,
        search_statement(),
        roles=OPERATORS,
        phone=phone,
        limit=limit,
        offset=offset,
    )


@cache
def account_statement() -> Compiled:
    """One account as ``OperatorAccountOut``, with ``snils``, ``passport`` and
    ``registry_message`` left null for Python to fill from ``IDENTITY_COLUMNS``."""
    caller = caller_cte()
    subject = bindparam("subject_id", type_=Uuid)
    c = AccountConfirmation
    confirmations = (
        select(
            json_list(
                obj(
                    method=c.method,
                    operator_id=c.operator_id,
                    created_at=datetime_text(c.created_at),
                ),
                c.created_at.desc(),
            )
        )
        .where(c.account_id == subject)
        .scalar_subquery()
    )
    shown = (
        select(Document)
        .where(Document.account_id == subject)
        .order_by(Document.created_at.desc(), Document.id)
        .limit(DOCUMENTS_SHOWN)
        .subquery("shown")
    )
    d = shown.c
    document = obj(
        id=d.id,
        kind=d.kind,
        content_type=d.content_type,
        size=d.size,
        status=d.status,
        dpi=d.dpi,
        child_id=d.child_id,
        created_at=datetime_text(d.created_at),
    )
    documents = select(json_list(document, d.created_at.desc(), d.id)).scalar_subquery()
    body = obj(
        id=Account.id,
        last_name=Account.last_name,
        first_name=Account.first_name,
        middle_name=Account.middle_name,
        phone=Account.phone,
        email=Account.email,
        level=Account.level,
        status=Account.status,
        created_at=datetime_text(Account.created_at),
        snils=null(),
        passport=null(),
        registry_status=func.coalesce(
            cast(AccountIdentity.registry_status, String), k(RegistryStatus.pending)
        ),
        registry_message=null(),
        confirmations=confirmations,
        documents=documents,
    )
    found = (
        select(cast(body, Text).label("body"), *IDENTITY_COLUMNS)
        .select_from(Account)
        .outerjoin(AccountIdentity, AccountIdentity.account_id == Account.id)
        .where(Account.id == subject)
    )
    return Compiled.of(lean_rows(caller, found, paged=False, counted=False))


async def account(
    connection: asyncpg.Connection[Any], claims: tokens.AccessClaims, account_id: uuid.UUID
) -> tuple[bytes | None, frozenset[Role]]:
    """``OperatorAccountOut`` as JSON (None: no such account) and the caller's roles; 403
    for anyone but operators, 401 when the session is gone."""
    found = await fetch_rows(connection, claims, account_statement(), subject_id=account_id)
    if found.roles.isdisjoint(OPERATORS):
        raise role_required()
    if not found.rows:
        return None, found.roles
    (row,) = found.rows
    identity = identity_of(row)
    out = orjson.loads(row["body"])
    out["snils"] = service.masked_snils(identity)
    out["passport"] = service.masked_passport(identity)
    out["registry_message"] = service.registry_message(identity)
    return orjson.dumps(out), found.roles
