"""Managing integration clients (contract §1). Services flush, never commit.

Row-level access lives in ``readable_clients``: a school admin sees the clients of their
school, a platform admin every client; anything else is 404, as another school's id is.
"""

from __future__ import annotations

import hmac
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, Uuid, and_, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit import service as audit
from api.errors import NotFound, ValidationFailed
from api.i18n import Text
from api.identity import clock
from api.identity.deps import Principal
from api.identity.models import Role
from api.integrations import secrets
from api.integrations.models import IntegrationClient
from api.integrations.schemas import (
    ClientCreated,
    ClientIn,
    ClientOut,
    ClientPatch,
    ClientStatus,
)
from api.pagination import fetch_page

# last_used_at is written at most once a minute: a busy client must not turn every read
# into a row update.
LAST_USED_STEP = timedelta(minutes=1)


def status_of(client: IntegrationClient, now: datetime) -> ClientStatus:
    if client.revoked_at is not None:
        return ClientStatus.revoked
    if client.expires_at is not None and client.expires_at <= now:
        return ClientStatus.expired
    return ClientStatus.active


def out(client: IntegrationClient) -> ClientOut:
    return ClientOut(
        id=client.id,
        client_id=client.client_id,
        name=client.name,
        school_id=client.school_id,
        scopes=list(client.scopes),
        rate_limit_per_minute=client.rate_limit_per_minute,
        status=status_of(client, clock.now()),
        secret_hint=client.secret_hint,
        legal_basis=client.legal_basis,
        description=client.description,
        created_at=client.created_at,
        created_by=client.created_by,
        last_used_at=client.last_used_at,
        expires_at=client.expires_at,
        revoked_at=client.revoked_at,
    )


def created(
    client: IntegrationClient, secret: str, previous_expires_at: datetime | None = None
) -> ClientCreated:
    return ClientCreated(
        **out(client).model_dump(),
        client_secret=secret,
        previous_secret_expires_at=previous_expires_at,
    )


def _status_filter(query: Select[Any], status: ClientStatus, now: datetime) -> Select[Any]:
    c = IntegrationClient
    if status is ClientStatus.revoked:
        return query.where(c.revoked_at.is_not(None))
    if status is ClientStatus.expired:
        return query.where(c.revoked_at.is_(None), c.expires_at <= now)
    return query.where(c.revoked_at.is_(None), or_(c.expires_at.is_(None), c.expires_at > now))


def managed_by(
    platform_admin: ColumnElement[bool], school_admin: ColumnElement[bool], school_id: Any
) -> ColumnElement[bool]:
    """Who manages a client: a platform admin every one, a school admin their school's
    (none without a school). The caller as SQL: a ``Principal``'s values here, the caller
    CTE's columns in a single statement (``statements.managers``)."""
    return or_(platform_admin, and_(school_admin, IntegrationClient.school_id == school_id))


def readable_clients(principal: Principal) -> Select[IntegrationClient]:
    return select(IntegrationClient).where(
        managed_by(
            literal(principal.has_any(Role.platform_admin)),
            literal(principal.has_any(Role.school_admin)),
            literal(principal.school_id, Uuid),
        )
    )


def client_not_found() -> NotFound:
    return NotFound(
        code="integration_client_not_found",
        detail=Text("Клиент интеграции не найден", "Integration client not found"),
    )


async def page(
    session: AsyncSession,
    principal: Principal,
    status: ClientStatus | None,
    *,
    limit: int,
    offset: int,
) -> tuple[list[IntegrationClient], int]:
    query = readable_clients(principal)
    if status is not None:
        query = _status_filter(query, status, clock.now())
    return await fetch_page(
        session,
        query,
        order_by=(IntegrationClient.created_at.desc(), IntegrationClient.id),
        limit=limit,
        offset=offset,
    )


async def get(session: AsyncSession, principal: Principal, id: uuid.UUID) -> IntegrationClient:
    client = await session.scalar(readable_clients(principal).where(IntegrationClient.id == id))
    if client is None:
        raise client_not_found()
    return client


def _school_for(principal: Principal, body: ClientIn) -> uuid.UUID:
    # A school admin's clients always belong to the admin's school, whatever was sent.
    if principal.has_any(Role.school_admin) and principal.school_id is not None:
        return principal.school_id
    if principal.has_any(Role.platform_admin) and body.school_id is not None:
        return body.school_id
    raise ValidationFailed(
        code="school_required",
        detail=Text("Укажите школу клиента", "Specify the client's school"),
    )


async def create(
    session: AsyncSession, principal: Principal, body: ClientIn
) -> tuple[IntegrationClient, str]:
    if body.expires_at is not None and body.expires_at <= clock.now():
        raise ValidationFailed(
            code="expires_in_past",
            detail=Text("Срок действия уже истёк", "The expiry date is in the past"),
        )
    secret = secrets.new_secret()
    client = IntegrationClient(
        id=uuid.uuid4(),
        client_id=secrets.new_client_id(),
        school_id=_school_for(principal, body),
        name=body.name,
        description=body.description,
        legal_basis=body.legal_basis,
        scopes=list(body.scopes),
        rate_limit_per_minute=body.rate_limit_per_minute,
        secret_hash=secrets.secret_hash(secret),
        secret_hint=secrets.hint(secret),
        created_by=principal.account_id,
        created_at=clock.now(),
        expires_at=body.expires_at,
    )
    session.add(client)
    await session.flush()
    await audit.record(
        session, principal, "integration_client.create", "integration_client", client.id
    )
    return client, secret


async def patch(
    session: AsyncSession, principal: Principal, id: uuid.UUID, body: ClientPatch
) -> IntegrationClient:
    client = await get(session, principal, id)
    changed = body.model_dump(exclude_unset=True, exclude_none=True)
    for field, value in changed.items():
        setattr(client, field, value)
    await session.flush()
    # Narrowed scopes bind live tokens at once: every request intersects the token's
    # scopes with this row (api/integrations/door.py).
    await audit.record(
        session,
        principal,
        "integration_client.update",
        "integration_client",
        client.id,
        {"fields": sorted(changed)},
    )
    return client


async def rotate(
    session: AsyncSession, principal: Principal, id: uuid.UUID, grace_hours: int
) -> tuple[IntegrationClient, str, datetime | None]:
    client = await get(session, principal, id)
    _refuse_revoked(client)
    secret = secrets.new_secret()
    now = clock.now()
    if grace_hours > 0:
        client.previous_secret_hash = client.secret_hash
        client.previous_secret_expires_at = now + timedelta(hours=grace_hours)
    else:
        client.previous_secret_hash = None
        client.previous_secret_expires_at = None
    client.secret_hash = secrets.secret_hash(secret)
    client.secret_hint = secrets.hint(secret)
    await session.flush()
    await audit.record(
        session,
        principal,
        "integration_client.rotate_secret",
        "integration_client",
        client.id,
        {"grace_period_hours": grace_hours},
    )
    return client, secret, client.previous_secret_expires_at


def _refuse_revoked(client: IntegrationClient) -> None:
    if client.revoked_at is not None:
        raise ValidationFailed(
            code="integration_client_revoked",
            detail=Text("Клиент интеграции отозван", "The integration client is revoked"),
        )


async def revoke(
    session: AsyncSession, principal: Principal, id: uuid.UUID, reason: str | None
) -> IntegrationClient:
    client = await get(session, principal, id)
    if client.revoked_at is None:  # idempotent: a second revoke changes nothing
        client.revoked_at = clock.now()
        client.revoke_reason = reason
        # Nothing of the old credentials may outlive the revoke.
        client.previous_secret_hash = None
        client.previous_secret_expires_at = None
        await session.flush()
        await audit.record(
            session, principal, "integration_client.revoke", "integration_client", client.id
        )
    return client


# --- authentication -------------------------------------------------------------------


async def by_secret(
    session: AsyncSession, secret: str, client_id: str | None = None
) -> IntegrationClient | None:
    """The usable client holding ``secret`` (current one, or the previous one within its
    grace period); None for anything else, revoked and expired clients included."""
    if not secrets.well_formed(secret):
        return None
    digest = secrets.secret_hash(secret)
    now = clock.now()
    client = await session.scalar(
        select(IntegrationClient).where(
            or_(
                IntegrationClient.secret_hash == digest,
                (IntegrationClient.previous_secret_hash == digest)
                & (IntegrationClient.previous_secret_expires_at > now),
            )
        )
    )
    if client is None or status_of(client, now) is not ClientStatus.active:
        return None
    stored = (
        client.secret_hash
        if hmac.compare_digest(client.secret_hash, digest)
        else client.previous_secret_hash or ""
    )
    if not hmac.compare_digest(stored, digest):
        return None
    if client_id is not None and not hmac.compare_digest(client.client_id, client_id):
        return None
    return client


async def usable(session: AsyncSession, id: uuid.UUID) -> IntegrationClient | None:
    client = await session.get(IntegrationClient, id, populate_existing=True)
    if client is None or status_of(client, clock.now()) is not ClientStatus.active:
        return None
    return client


async def touch(session: AsyncSession, client: IntegrationClient) -> None:
    """One idempotent statement (a GET's session is in autocommit)."""
    now = clock.now()
    await session.execute(
        update(IntegrationClient)
        .where(
            IntegrationClient.id == client.id,
            or_(
                IntegrationClient.last_used_at.is_(None),
                IntegrationClient.last_used_at < now - LAST_USED_STEP,
            ),
        )
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )
