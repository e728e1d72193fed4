"""Where a push goes: a browser's push service (Web Push) or a native platform's relay.

Outcomes, as the delivery of SMS and e-mail has them: a normal return is delivered;
``Gone`` means the subscription or token no longer exists (404/410: the caller removes
it); ``DeliveryError`` is temporary (the job retries); ``PermanentDeliveryError`` will not
get better by retrying.
"""

from __future__ import annotations

import base64
import logging
import time
import uuid
from typing import Protocol
from urllib.parse import urlsplit

import httpx
from pywebpush import WebPusher

from api.config import Settings
from api.delivery.gateways import DeliveryError, PermanentDeliveryError
from api.push.models import Platform
from api.push.vapid import VapidKey

logger = logging.getLogger("edudiary.push")

# How long a push service keeps a message for a device that is offline (RFC 8030 TTL).
TTL_S = 24 * 3600
TIMEOUT_S = 10.0


class Gone(Exception):
    """The push service or platform says the subscription / token is no more."""


def _outcome(status: int, what: str) -> None:
    if status in (404, 410):
        raise Gone(f"{what} answered {status}")
    if status == 429 or status >= 500:
        raise DeliveryError(f"{what} answered {status}")
    if status >= 400:
        raise PermanentDeliveryError(f"{what} refused: {status}")


async def send_web_push(
    *,
    endpoint: str,
    p256dh: str,
    auth: str,
    payload: bytes,
    key: VapidKey,
    subject: str,
    message_id: uuid.UUID,
    address: str,
) -> None:
    """One Web Push message: the payload encrypted to the subscription's keys
    (RFC 8291, ``aes128gcm`` of RFC 8188) and the request signed with VAPID (RFC 8292).
    It goes to ``address``, the endpoint host's address the SSRF guard has just checked
    (``api.security.ssrf``), never to what a second look-up would say; the host name
    stays the request's ``Host`` and the TLS server name."""
    encrypted = WebPusher({"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": auth}}).encode(
        payload, "aes128gcm"
    )["body"]
    parts = urlsplit(endpoint)
    claims = {
        "aud": f"{parts.scheme}://{parts.netloc}",
        "sub": subject,
        "exp": int(time.time()) + 12 * 3600,
    }
    headers: dict[str, str] = dict(key.signer.sign(claims))
    headers.update(
        {
            "Content-Encoding": "aes128gcm",
            "Content-Type": "application/octet-stream",
            "TTL": str(TTL_S),
            "Urgency": "normal",
            # A retry replaces a copy the push service still holds instead of adding one.
            "Topic": base64.urlsafe_b64encode(message_id.bytes).rstrip(b"=").decode(),
        }
    )
    host = parts.hostname or ""
    default_port = 443 if parts.scheme == "https" else 80
    headers["Host"] = host if parts.port in (None, default_port) else f"{host}:{parts.port}"
    pinned = httpx.URL(endpoint).copy_with(host=address)
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT_S) as client:
            response = await client.post(
                pinned,
                content=encrypted,
                headers=headers,
                extensions={"sni_hostname": host} if parts.scheme == "https" else {},
            )
    except httpx.HTTPError as exc:
        raise DeliveryError(f"push service unreachable: {type(exc).__name__}") from exc
    _outcome(response.status_code, "push service")


class DeviceGateway(Protocol):
    async def send(
        self, *, message_id: uuid.UUID, token: str, title: str, body: str, link: str | None
    ) -> None: ...


class LogDeviceGateway:
    """Development: records that a push would go out; nothing leaves the server. The
    token and the text stay out of the log (they identify a person's phone and talk
    about their child)."""

    def __init__(self, platform: Platform) -> None:
        self.platform = platform

    async def send(
        self, *, message_id: uuid.UUID, token: str, title: str, body: str, link: str | None
    ) -> None:
        logger.info(
            "native push (log gateway)",
            extra={"message_id": str(message_id), "platform": self.platform.value},
        )


class HttpDeviceGateway:
    """A relay that speaks to FCM / RuStore / APNs: POST JSON {platform, token,
    notification: {title, body, link}}, Bearer token, ``Idempotency-Key: <message id>``.
    2xx: accepted; 404/410: the token is unregistered."""

    def __init__(self, platform: Platform, url: str, token: str | None) -> None:
        self.platform = platform
        self.url = url
        self.token = token

    async def send(
        self, *, message_id: uuid.UUID, token: str, title: str, body: str, link: str | None
    ) -> None:
        headers = {"Idempotency-Key": str(message_id)}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        payload = {
            "platform": self.platform.value,
            "token": token,
            "notification": {"title": title, "body": body, "link": link},
        }
        try:
            async with httpx.AsyncClient(timeout=TIMEOUT_S) as client:
                response = await client.post(self.url, json=payload, headers=headers)
        except httpx.HTTPError as exc:
            raise DeliveryError(f"push relay unreachable: {type(exc).__name__}") from exc
        _outcome(response.status_code, "push relay")


def device_gateway(settings: Settings, platform: Platform) -> DeviceGateway:
    # Spelled out rather than built from the platform's name: each setting stays findable
    # (and typed), and tests/core/test_settings_are_used.py sees it read.
    configured: dict[str, tuple[str, str | None, str | None]] = {
        "fcm": (
            settings.push_fcm_gateway,
            settings.push_fcm_http_url,
            settings.push_fcm_http_token,
        ),
        "rustore": (
            settings.push_rustore_gateway,
            settings.push_rustore_http_url,
            settings.push_rustore_http_token,
        ),
        "apns": (
            settings.push_apns_gateway,
            settings.push_apns_http_url,
            settings.push_apns_http_token,
        ),
    }
    kind, url, token = configured[platform.value]
    if kind == "http" and url:
        return HttpDeviceGateway(platform, url, token)
    return LogDeviceGateway(platform)
