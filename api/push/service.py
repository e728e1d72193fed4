"""Subscriptions and devices of the caller; queueing and sending pushes.

Pushes are queued in the caller's transaction (a rolled-back change pushes nothing), one
job per target — a browser subscription or a device — so that a retry towards one never
repeats the message on another.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import orjson
from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.delivery.gateways import PermanentDeliveryError
from api.errors import Conflict, FieldError, NotFound, ValidationFailed
from api.i18n import Text
from api.jobs.defer import defer
from api.push import gateways
from api.push.models import Device, PushMessage, PushSubscription
from api.push.schemas import DeviceIn, PushSubscriptionIn
from api.push.vapid import vapid_key
from api.security import ssrf

logger = logging.getLogger("edudiary.push")

WEB_TASK = "send_web_push"
DEVICE_TASK = "send_device_push"
QUEUE = "notifications"
# The text of a push is needed until its jobs are done (retries ride out ~1 hour).
KEEP_MESSAGES = timedelta(days=2)


# --- The caller's subscriptions and devices -------------------------------------------


def _bad_endpoint() -> ValidationFailed:
    text = Text(
        "Адрес службы уведомлений браузера недопустим",
        "The browser's push service address is not acceptable",
    )
    return ValidationFailed(
        code="push_endpoint_invalid", detail=text, errors=[FieldError("endpoint", "invalid", text)]
    )


async def _check_endpoint(endpoint: str, settings: Settings) -> None:
    """Push services are public HTTPS servers. The worker posts to whatever address is
    stored, so in production a plain-HTTP, local or private address is refused (it would
    turn the worker into a way to reach the internal network) — by the webhooks' SSRF
    guard, which resolves a host name and refuses it when any of its addresses is
    loopback, private, link-local or a cloud metadata service (a name pointing at
    10.0.0.5 is as local as the literal). Development and tests deliver to a receiver on
    this machine."""
    parts = urlsplit(endpoint)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise _bad_endpoint()
    if settings.env != "production":
        return
    try:
        await ssrf.check(endpoint, development=False)
    except ssrf.UnsafeUrl:
        raise _bad_endpoint() from None


def _taken() -> Conflict:
    return Conflict(
        code="push_subscription_taken",
        detail=Text(
            "Этот адрес уведомлений браузера уже подписан другой учётной записью. "
            "Отключите уведомления в браузере и включите их снова.",
            "This browser push address is already subscribed by another account. "
            "Turn the browser's notifications off and on again.",
        ),
    )


async def subscribe(
    session: AsyncSession, settings: Settings, account_id: uuid.UUID, body: PushSubscriptionIn
) -> uuid.UUID:
    """Store the browser's subscription for the caller (again: the same id, new keys).

    An endpoint another account holds moves to the caller only when the caller sends the
    subscription's own keys. Two people signing in one after the other in the same
    browser (a family computer) share its one subscription: the SPA reads it back with
    ``pushManager.getSubscription()``, keys and all, so the second sign-in presents the
    same ``auth`` secret and takes the browser over — the browser now shows the second
    person's notifications, which is what the person at it expects. The ``auth`` secret
    never leaves the browser and this server (the push service and anyone who saw the
    endpoint URL do not have it), so it proves the caller holds the subscription. Someone
    who learnt only the endpoint is refused (409 ``push_subscription_taken``): before,
    posting it silently stole the victim's notifications from their browser. The owner
    may always change the keys of their own endpoint."""
    await _check_endpoint(body.endpoint, settings)
    values = {"p256dh": body.keys.p256dh, "auth": body.keys.auth, "account_id": account_id}
    same_keys = and_(
        PushSubscription.p256dh == body.keys.p256dh, PushSubscription.auth == body.keys.auth
    )
    result = await session.execute(
        pg_insert(PushSubscription)
        .values(id=uuid.uuid4(), endpoint=body.endpoint, **values)
        .on_conflict_do_update(
            index_elements=["endpoint"],
            set_={**values, "updated_at": func.now()},
            where=or_(PushSubscription.account_id == account_id, same_keys),
        )
        .returning(PushSubscription.id)
    )
    subscription_id = result.scalar_one_or_none()
    if subscription_id is None:  # the endpoint is another account's, the keys differ
        raise _taken()
    return subscription_id


async def unsubscribe(
    session: AsyncSession, account_id: uuid.UUID, subscription_id: uuid.UUID
) -> None:
    gone = await session.scalar(
        delete(PushSubscription)
        .where(PushSubscription.id == subscription_id, PushSubscription.account_id == account_id)
        .returning(PushSubscription.id)
    )
    if gone is None:
        raise NotFound(
            code="push_subscription_not_found",
            detail=Text("Такой подписки на уведомления нет", "No such push subscription"),
        )


async def register_device(
    session: AsyncSession, account_id: uuid.UUID, body: DeviceIn
) -> uuid.UUID:
    """Store the app's push token for the caller (again: the same id, moved to the caller)."""
    values = {"account_id": account_id, "app_version": body.app_version}
    result = await session.execute(
        pg_insert(Device)
        .values(id=uuid.uuid4(), platform=body.platform, token=body.token, **values)
        .on_conflict_do_update(
            index_elements=["platform", "token"], set_={**values, "updated_at": func.now()}
        )
        .returning(Device.id)
    )
    return result.scalar_one()


async def remove_device(session: AsyncSession, account_id: uuid.UUID, device_id: uuid.UUID) -> None:
    gone = await session.scalar(
        delete(Device)
        .where(Device.id == device_id, Device.account_id == account_id)
        .returning(Device.id)
    )
    if gone is None:
        raise NotFound(
            code="device_not_found",
            detail=Text("Такого устройства нет", "No such device"),
        )


# --- Queueing ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Push:
    account_id: uuid.UUID
    kind: str
    title: str
    body: str
    link: str | None
    not_before: datetime | None = None


async def queue(session: AsyncSession, pushes: Sequence[Push]) -> int:
    """Queue each push to every browser and device of its account; returns the jobs."""
    accounts = {p.account_id for p in pushes}
    if not accounts:
        return 0
    web = (
        await session.execute(
            select(PushSubscription.account_id, PushSubscription.id).where(
                PushSubscription.account_id.in_(accounts)
            )
        )
    ).all()
    devices = (
        await session.execute(
            select(Device.account_id, Device.id).where(Device.account_id.in_(accounts))
        )
    ).all()
    targets: dict[uuid.UUID, list[tuple[str, uuid.UUID]]] = {}
    for account_id, target_id in web:
        targets.setdefault(account_id, []).append((WEB_TASK, target_id))
    for account_id, target_id in devices:
        targets.setdefault(account_id, []).append((DEVICE_TASK, target_id))
    jobs = 0
    for push in pushes:
        mine = targets.get(push.account_id)
        if not mine:
            continue
        message = PushMessage(
            id=uuid.uuid4(),
            account_id=push.account_id,
            kind=push.kind,
            title=push.title[:200],
            body=push.body[:1000],
            link=push.link,
            not_before=push.not_before,
        )
        session.add(message)
        await session.flush()
        for task, target_id in mine:
            await defer(
                session,
                task,
                {"message_id": str(message.id), "target_id": str(target_id)},
                queue=QUEUE,
                scheduled_at=push.not_before,
            )
            jobs += 1
    return jobs


# --- Sending (from the jobs) -----------------------------------------------------------


def payload_of(message: PushMessage) -> bytes:
    """What the service worker receives (frontend/public/sw.js shows it)."""
    return orjson.dumps(
        {
            "type": "notification",
            "id": str(message.id),
            "kind": message.kind,
            "title": message.title,
            "body": message.body,
            "link": message.link,
        }
    )


async def send_web(
    session: AsyncSession, settings: Settings, message_id: uuid.UUID, subscription_id: uuid.UUID
) -> bool:
    """Send one message to one browser; True when it went out. A subscription the push
    service no longer knows (404/410) is removed. Raises ``DeliveryError`` to retry."""
    row = (
        await session.execute(
            select(PushMessage, PushSubscription)
            .join(PushSubscription, PushSubscription.account_id == PushMessage.account_id)
            .where(PushMessage.id == message_id, PushSubscription.id == subscription_id)
        )
    ).first()
    key = vapid_key(settings)
    if row is None or key is None:
        return False  # unsubscribed, moved to another account, or web push turned off
    message, subscription = row
    endpoint = subscription.endpoint
    await session.commit()  # no transaction is held open while the push service answers
    try:
        # Checked again at every send (a name may point elsewhere since it was stored),
        # and the send connects to the address checked here. Development and tests
        # deliver to a receiver on this machine (loopback, plain HTTP).
        target = await ssrf.check(endpoint, development=settings.env != "production")
    except ssrf.UnsafeUrl as exc:
        logger.warning(
            "push endpoint refused",
            extra={"subscription_id": str(subscription_id), "reason": exc.reason},
        )
        return False
    try:
        await gateways.send_web_push(
            endpoint=endpoint,
            p256dh=subscription.p256dh,
            auth=subscription.auth,
            payload=payload_of(message),
            key=key,
            subject=settings.vapid_subject,
            message_id=message.id,
            address=target.address,
        )
    except gateways.Gone:
        await session.execute(
            delete(PushSubscription).where(
                PushSubscription.id == subscription_id, PushSubscription.endpoint == endpoint
            )
        )
        await session.commit()
        logger.info("push subscription expired", extra={"subscription_id": str(subscription_id)})
        return False
    except PermanentDeliveryError as exc:
        logger.warning(
            "push refused", extra={"subscription_id": str(subscription_id), "error": str(exc)}
        )
        return False
    return True


async def send_device(
    session: AsyncSession, settings: Settings, message_id: uuid.UUID, device_id: uuid.UUID
) -> bool:
    row = (
        await session.execute(
            select(PushMessage, Device)
            .join(Device, Device.account_id == PushMessage.account_id)
            .where(PushMessage.id == message_id, Device.id == device_id)
        )
    ).first()
    if row is None:
        return False
    message, device = row
    token = device.token
    await session.commit()
    try:
        await gateways.device_gateway(settings, device.platform).send(
            message_id=message.id,
            token=token,
            title=message.title,
            body=message.body,
            link=message.link,
        )
    except gateways.Gone:
        await session.execute(delete(Device).where(Device.id == device_id, Device.token == token))
        await session.commit()
        logger.info("device token unregistered", extra={"device_id": str(device_id)})
        return False
    except PermanentDeliveryError as exc:
        logger.warning(
            "device push refused", extra={"device_id": str(device_id), "error": str(exc)}
        )
        return False
    return True


async def purge_sent(session: AsyncSession, now: datetime) -> int:
    """Remove the text of pushes whose jobs are long done."""
    result = await session.execute(
        delete(PushMessage)
        .where(func.coalesce(PushMessage.not_before, PushMessage.created_at) < now - KEEP_MESSAGES)
        .returning(PushMessage.id)
    )
    return len(result.all())
