"""``GET /me/verification`` in one statement: the caller's session, level, identity row,
latest confirmation and the kinds of their documents in one round trip. Plain rows, not
JSON: the SNILS and the passport are decrypted and masked in Python (``views``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import distinct, func, select, true

from api.documents.models import Document, DocumentKind
from api.identity import tokens
from api.identity.models import AccountIdentity, AccountLevel, RegistryStatus
from api.identity.statements import caller_cte, fetch_rows, lean_rows
from api.statements import Compiled, Row
from api.verification.models import AccountConfirmation, ConfirmationMethod
from api.verification.schemas import VerificationOut
from api.verification.views import verification_view


@dataclass(frozen=True, slots=True)
class IdentityRow:
    """``service.IdentityFields`` from a statement's row (``IDENTITY_COLUMNS``)."""

    account_id: uuid.UUID
    snils_enc: bytes | None
    passport_enc: bytes | None
    registry_status: RegistryStatus
    registry_message: str | None
    registry_message_en: str | None
    registry_checked_at: datetime | None


IDENTITY_COLUMNS = (
    AccountIdentity.account_id.label("identity_id"),
    AccountIdentity.snils_enc,
    AccountIdentity.passport_enc,
    AccountIdentity.registry_status,
    AccountIdentity.registry_message,
    AccountIdentity.registry_message_en,
    AccountIdentity.registry_checked_at,
)
"""What ``identity_of`` reads, from an outer join of ``account_identities``."""


def identity_of(row: Row) -> IdentityRow | None:
    """The identity a row of ``IDENTITY_COLUMNS`` holds, None when the account has none."""
    if row["identity_id"] is None:
        return None
    return IdentityRow(
        account_id=row["identity_id"],
        snils_enc=row["snils_enc"],
        passport_enc=row["passport_enc"],
        registry_status=RegistryStatus(row["registry_status"]),
        registry_message=row["registry_message"],
        registry_message_en=row["registry_message_en"],
        registry_checked_at=row["registry_checked_at"],
    )


@cache
def verification_statement() -> Compiled:
    caller = caller_cte()
    holder = caller.c.account_id
    latest = (
        select(AccountConfirmation.created_at, AccountConfirmation.method)
        .where(AccountConfirmation.account_id == holder)
        .order_by(AccountConfirmation.created_at.desc())
        .limit(1)
        .lateral("latest")
    )
    kinds = (
        select(func.array_agg(distinct(Document.kind)))
        .where(Document.account_id == holder)
        .scalar_subquery()
    )
    row = (
        select(
            caller.c.level,
            *IDENTITY_COLUMNS,
            latest.c.created_at.label("confirmed_at"),
            latest.c.method.label("confirmation_method"),
            kinds.label("kinds"),
        )
        .select_from(caller)
        .outerjoin(AccountIdentity, AccountIdentity.account_id == holder)
        .outerjoin(latest, true())
    )
    return Compiled.of(lean_rows(caller, row, paged=False, counted=False))


async def read_verification(
    connection: asyncpg.Connection[Any], claims: tokens.AccessClaims
) -> VerificationOut:
    (row,) = (await fetch_rows(connection, claims, verification_statement())).rows
    identity = identity_of(row)
    confirmation = (
        (row["confirmed_at"], ConfirmationMethod(row["confirmation_method"]))
        if row["confirmed_at"] is not None
        else None
    )
    kinds = {DocumentKind(kind) for kind in row["kinds"] or ()}
    return verification_view(AccountLevel(row["level"]), identity, confirmation, kinds)
