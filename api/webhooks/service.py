"""Webhook subscriptions (contract §5): the client manages its own, the school admin sees
and can disable its clients'. Services flush, never commit.

Row-level access lives in ``readable_webhooks``: a client sees its own webhooks, a school
admin those of its school's clients, a platform admin all; anything else is 404.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, Uuid, and_, any_, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit import service as audit
from api.config import Settings
from api.delivery import service as delivery
from api.errors import Conflict, FieldError, NotFound, ValidationFailed
from api.i18n import Text
from api.identity import clock
from api.identity.deps import InsufficientScope, Principal
from api.identity.models import Account, Role
from api.integrations import service as clients
from api.integrations.audit import client_access
from api.integrations.models import IntegrationClient
from api.notifications import service as notifications
from api.notifications.service import Message
from api.security import ssrf
from api.webhooks import events, signing
from api.webhooks.models import (
    DeliveryStatus,
    Webhook,
    WebhookDelivery,
    WebhookEvent,
    WebhookStatus,
)
from api.webhooks.schemas import DeliveryOut, WebhookIn, WebhookOut, WebhookPatch

MAX_PER_CLIENT = 10
ROTATION_OVERLAP = timedelta(hours=24)


def admins_read(
    platform_admin: ColumnElement[bool], school_admin: ColumnElement[bool], school_id: Any
) -> ColumnElement[bool]:
    """Which webhooks an admin reads: a platform admin every one, a school admin their
    school's. The caller as SQL: a ``Principal``'s values here, the caller CTE's columns in
    a single statement (``statements.py``)."""
    return or_(platform_admin, and_(school_admin, Webhook.school_id == school_id))


def readable_webhooks(principal: Principal) -> Select[Webhook]:
    query = select(Webhook)
    if principal.is_client:
        return query.where(Webhook.client_id == principal.account_id)
    return query.where(
        admins_read(
            literal(principal.has_any(Role.platform_admin)),
            literal(principal.has_any(Role.school_admin)),
            literal(principal.school_id, Uuid),
        )
    )


async def page(
    session: AsyncSession, principal: Principal, *, limit: int, offset: int
) -> tuple[list[Webhook], int]:
    query = readable_webhooks(principal)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.scalars(
        query.order_by(Webhook.created_at, Webhook.id).limit(limit).offset(offset)
    )
    return list(rows), int(total or 0)


def out(webhook: Webhook) -> WebhookOut:
    return WebhookOut(
        id=webhook.id,
        url=webhook.url,
        event_types=list(webhook.event_types),
        status=WebhookStatus(webhook.status),
        description=webhook.description,
        created_at=webhook.created_at,
        disabled_reason=webhook.disabled_reason,
    )


def not_found() -> NotFound:
    return NotFound(code="webhook_not_found", detail=Text("Вебхук не найден", "Webhook not found"))


async def get(session: AsyncSession, principal: Principal, id: uuid.UUID) -> Webhook:
    webhook = await session.scalar(readable_webhooks(principal).where(Webhook.id == id))
    if webhook is None:
        raise not_found()
    return webhook


def _check_types(principal: Principal, types: list[str]) -> None:
    unknown = [t for t in types if t not in events.SCOPE_OF]
    if unknown:
        raise ValidationFailed(
            code="unknown_event_type",
            detail=Text("Неизвестный тип события", "Unknown event type"),
            errors=[
                FieldError(
                    "event_types",
                    "unknown_event_type",
                    Text(
                        f"Нет такого типа: {', '.join(unknown)}",
                        f"No such type: {', '.join(unknown)}",
                    ),
                )
            ],
        )
    if not all(events.SCOPE_OF[t] in principal.scopes for t in types):
        raise InsufficientScope()


async def _check_url(url: str, settings: Settings) -> None:
    try:
        await ssrf.check(url, development=settings.env == "development")
    except ssrf.UnsafeUrl as exc:
        raise ValidationFailed(
            code="webhook_url_refused",
            detail=Text(
                "Адрес вебхука должен быть https:// и вести на публичный адрес в интернете",
                "The webhook URL must be https:// and resolve to a public internet address",
            ),
            errors=[
                FieldError(
                    "url",
                    exc.reason,
                    Text("Этот адрес не принимается", "This address is not accepted"),
                )
            ],
        ) from None


async def create(
    session: AsyncSession, principal: Principal, body: WebhookIn, settings: Settings
) -> tuple[Webhook, str]:
    _check_types(principal, body.event_types)
    count = await session.scalar(
        select(func.count()).select_from(Webhook).where(Webhook.client_id == principal.account_id)
    )
    if (count or 0) >= MAX_PER_CLIENT:
        raise ValidationFailed(
            code="webhook_limit",
            detail=Text(
                f"У клиента не может быть больше {MAX_PER_CLIENT} вебхуков",
                f"A client may have at most {MAX_PER_CLIENT} webhooks",
            ),
        )
    await _check_url(body.url, settings)
    client = await session.get(IntegrationClient, principal.account_id)
    assert client is not None
    secret = signing.new_secret()
    webhook_id = uuid.uuid4()
    now = clock.now()
    webhook = Webhook(
        id=webhook_id,
        client_id=client.id,
        school_id=client.school_id,
        url=body.url,
        event_types=list(body.event_types),
        description=body.description,
        status=WebhookStatus.enabled,
        secret_enc=signing.seal(secret, webhook_id),
        created_at=now,
        updated_at=now,
    )
    session.add(webhook)
    await session.flush()
    await _client_wrote(session, principal, "create", webhook)
    return webhook, secret


async def _client_wrote(
    session: AsyncSession, principal: Principal, operation: str, webhook: Webhook
) -> None:
    """A client's change to its webhook: one row of the shared client-access audit."""
    await client_access(
        session, principal, "webhooks", object_id=webhook.id, write=True, operation=operation
    )


async def _admin_did(
    session: AsyncSession, principal: Principal, operation: str, webhook: Webhook
) -> None:
    """A school (or platform) admin's action on a client's webhook: a staff audit row
    (``client_access`` records only clients)."""
    if not principal.is_client:
        await audit.record(session, principal, f"webhook.{operation}", "webhook", webhook.id)


async def patch(
    session: AsyncSession,
    principal: Principal,
    id: uuid.UUID,
    body: WebhookPatch,
    settings: Settings,
) -> Webhook:
    webhook = await get(session, principal, id)
    fields = body.model_dump(exclude_unset=True, exclude_none=True)
    if "event_types" in fields:
        _check_types(principal, fields["event_types"])
        webhook.event_types = fields["event_types"]
    if "url" in fields:
        await _check_url(fields["url"], settings)
        webhook.url = fields["url"]
    if "status" in fields:
        status = WebhookStatus(fields["status"])
        if status is WebhookStatus.auto_disabled:
            raise ValidationFailed(
                code="status_not_settable",
                detail=Text(
                    "Можно включить (enabled) или выключить (disabled)",
                    "Status may be set to enabled or disabled",
                ),
            )
        webhook.status = status
        webhook.disabled_reason = None if status is WebhookStatus.enabled else "by_client"
        if status is WebhookStatus.enabled:
            webhook.failing_since = None
    webhook.updated_at = clock.now()
    await session.flush()
    await _client_wrote(session, principal, "update", webhook)
    return webhook


async def delete(session: AsyncSession, principal: Principal, id: uuid.UUID) -> None:
    webhook = await get(session, principal, id)
    await _client_wrote(session, principal, "delete", webhook)
    await session.delete(webhook)
    await session.flush()


async def rotate(session: AsyncSession, principal: Principal, id: uuid.UUID) -> str:
    """A new secret; the old one keeps signing (a second ``v1,``) for 24 hours."""
    webhook = await get(session, principal, id)
    old = signing.unseal(webhook.secret_enc, webhook.id)
    secret = signing.new_secret()
    webhook.previous_secret_enc = signing.seal(old, webhook.id, column="previous_secret_enc")
    webhook.previous_secret_expires_at = clock.now() + ROTATION_OVERLAP
    webhook.secret_enc = signing.seal(secret, webhook.id)
    webhook.updated_at = clock.now()
    await session.flush()
    await _client_wrote(session, principal, "rotate_secret", webhook)
    return secret


async def send_test(session: AsyncSession, principal: Principal, id: uuid.UUID) -> WebhookDelivery:
    """A ``webhook.test`` event for this webhook only (no scope needed)."""
    webhook = await get(session, principal, id)
    refuse_disabled(webhook)
    now = clock.now()
    event = WebhookEvent(
        id="evt_" + signing.ulid(),
        school_id=webhook.school_id,
        type=events.WEBHOOK_TEST,
        data={"webhook_id": str(webhook.id)},
        created_at=now,
    )
    session.add(event)
    await session.flush()
    delivery = WebhookDelivery(
        id=uuid.uuid4(),
        message_id="msg_" + signing.ulid(),
        event_id=event.id,
        webhook_id=webhook.id,
        status=DeliveryStatus.pending,
        attempts=[],
        scheduled_attempts=0,
        next_attempt_at=now,
        created_at=now,
        updated_at=now,
    )
    session.add(delivery)
    await session.flush()
    await events.queue(session, delivery.id, at=None)
    await _client_wrote(session, principal, "test", webhook)
    return delivery


def refuse_disabled(webhook: Webhook) -> None:
    if webhook.status != WebhookStatus.enabled:
        raise Conflict(
            code="webhook_disabled",
            detail=Text("Вебхук выключен: сначала включите его", "The webhook is disabled"),
        )


def delivery_out(delivery: WebhookDelivery, event_type: str) -> DeliveryOut:
    return DeliveryOut.model_validate(
        {
            "id": delivery.id,
            "message_id": delivery.message_id,
            "event_id": delivery.event_id,
            "event_type": event_type,
            "status": delivery.status,
            "attempts": delivery.attempts,
            "next_attempt_at": delivery.next_attempt_at,
            "created_at": delivery.created_at,
        }
    )


async def deliveries(
    session: AsyncSession,
    webhook: Webhook,
    *,
    status: DeliveryStatus | None,
    event_type: str | None,
    limit: int,
    offset: int,
) -> tuple[list[DeliveryOut], int]:
    query = (
        select(WebhookDelivery, WebhookEvent.type)
        .join(WebhookEvent, WebhookEvent.id == WebhookDelivery.event_id)
        .where(WebhookDelivery.webhook_id == webhook.id)
    )
    if status is not None:
        query = query.where(WebhookDelivery.status == status)
    if event_type is not None:
        query = query.where(WebhookEvent.type == event_type)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.execute(
        query.order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id)
        .limit(limit)
        .offset(offset)
    )
    return [delivery_out(d, t) for d, t in rows], int(total or 0)


async def redeliver(
    session: AsyncSession, principal: Principal, webhook_id: uuid.UUID, delivery_id: uuid.UUID
) -> DeliveryOut:
    """The same message (same ``webhook-id``) once more, now; outside the retry schedule."""
    webhook = await get(session, principal, webhook_id)
    refuse_disabled(webhook)
    row = (
        await session.execute(
            select(WebhookDelivery, WebhookEvent.type)
            .join(WebhookEvent, WebhookEvent.id == WebhookDelivery.event_id)
            .where(WebhookDelivery.id == delivery_id, WebhookDelivery.webhook_id == webhook.id)
            .with_for_update(of=WebhookDelivery)
        )
    ).first()
    if row is None:
        raise NotFound(
            code="delivery_not_found", detail=Text("Доставка не найдена", "Delivery not found")
        )
    delivery, event_type = row
    delivery.status = DeliveryStatus.pending
    delivery.updated_at = clock.now()
    await session.flush()
    await events.queue(session, delivery.id, at=None, manual=True)
    # The client's own redelivery, or the school admin's from the client's page.
    await _client_wrote(session, principal, "redeliver", webhook)
    await _admin_did(session, principal, "redeliver", webhook)
    return delivery_out(delivery, event_type)


# --- the admin's view -------------------------------------------------------------------


async def of_client_one(
    session: AsyncSession, admin: Principal, client_uuid: uuid.UUID, webhook_id: uuid.UUID
) -> Webhook:
    client = await clients.get(session, admin, client_uuid)
    webhook = await get(session, admin, webhook_id)
    if webhook.client_id != client.id:
        raise not_found()
    return webhook


async def admin_disable(
    session: AsyncSession, admin: Principal, client_uuid: uuid.UUID, webhook_id: uuid.UUID
) -> Webhook:
    webhook = await of_client_one(session, admin, client_uuid, webhook_id)
    if webhook.status == WebhookStatus.enabled:
        await disable(session, webhook, "by_school_admin")
        await _admin_did(session, admin, "disable", webhook)
    return webhook


# --- state changes the sender makes -----------------------------------------------------


async def disable(session: AsyncSession, webhook: Webhook, reason: str) -> None:
    webhook.status = WebhookStatus.disabled
    webhook.disabled_reason = reason
    webhook.updated_at = clock.now()
    await session.flush()


async def auto_disable(session: AsyncSession, webhook: Webhook) -> None:
    """Five days of failed attempts: off, and the school's admins are told (in-app and by
    e-mail)."""
    webhook.status = WebhookStatus.auto_disabled
    webhook.disabled_reason = "failing_5_days"
    webhook.updated_at = clock.now()
    client = await session.get(IntegrationClient, webhook.client_id)
    name = client.name if client is not None else ""
    admins = list(
        await session.scalars(
            select(Account.id).where(
                Account.school_id == webhook.school_id,
                literal(Role.school_admin.value) == any_(Account.roles),
            )
        )
    )
    message = Message(
        "integration",
        f"Вебхук отключён: {name}"[:200],
        f"Адрес {webhook.url} не принимал события 5 дней, вебхук клиента «{name}» отключён. "
        "Включить его снова может сам клиент или вы в разделе «Интеграции».",
        "/school/integrations",
    )
    await notifications.notify(session, [(a, message) for a in admins])
    await _email_admins(session, admins, message)
    await session.flush()


async def _email_admins(session: AsyncSession, admins: list[uuid.UUID], message: Message) -> None:
    emails = await session.scalars(
        select(Account.email).where(
            Account.id.in_(admins),
            Account.email.is_not(None),
            Account.email_confirmed_at.is_not(None),
        )
    )
    for email in emails:
        if email is None:
            continue
        await delivery.send_email(
            session,
            to=email,
            subject=message.title,
            body=message.body,
            purpose="notify:integration",
        )
