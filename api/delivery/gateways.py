"""Gateways that hand a message to the outside world.

Each gateway gets the message id and passes it on as an idempotency key (HTTP header,
e-mail Message-ID), so a retry after a crash between "sent" and "recorded" is recognised
by the provider instead of reaching the person twice.
"""

from __future__ import annotations

import uuid
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Protocol

import aiosmtplib
import httpx

from api.config import Settings


class DeliveryError(Exception):
    """Temporary failure: the job retries."""


class SmsGateway(Protocol):
    async def send_sms(self, *, message_id: uuid.UUID, to: str, text: str) -> str | None: ...


class EmailGateway(Protocol):
    async def send_email(
        self, *, message_id: uuid.UUID, to: str, subject: str, body: str
    ) -> str | None: ...


class OutboxGateway:
    """Development: the stored row is the delivery (read it at /api/v1/dev/outbox)."""

    async def send_sms(self, *, message_id: uuid.UUID, to: str, text: str) -> str | None:
        return None

    async def send_email(
        self, *, message_id: uuid.UUID, to: str, subject: str, body: str
    ) -> str | None:
        return None


class HttpSmsGateway:
    """A JSON-over-HTTP SMS provider: POST {to, text, sender}, Bearer token,
    ``Idempotency-Key: <message id>``; 2xx with optional {"id"} means accepted."""

    def __init__(self, url: str, token: str | None, sender: str, *, timeout: float = 10.0) -> None:
        self.url = url
        self.token = token
        self.sender = sender
        self.timeout = timeout

    async def send_sms(self, *, message_id: uuid.UUID, to: str, text: str) -> str | None:
        headers = {"Idempotency-Key": str(message_id)}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            async with httpx.AsyncClient(timeout=self.timeout) as client:
                response = await client.post(
                    self.url, json={"to": to, "text": text, "sender": self.sender}, headers=headers
                )
        except httpx.HTTPError as exc:
            raise DeliveryError(f"SMS provider unreachable: {type(exc).__name__}") from exc
        if response.status_code >= 500 or response.status_code == 429:
            raise DeliveryError(f"SMS provider answered {response.status_code}")
        if response.status_code >= 400:
            # A permanent refusal (bad number, bad token): retrying will not help.
            raise PermanentDeliveryError(f"SMS provider refused: {response.status_code}")
        try:
            provider_id = response.json().get("id")
        except ValueError:
            provider_id = None
        return str(provider_id) if provider_id is not None else None


class PermanentDeliveryError(Exception):
    """The provider refused the message for good."""


class SmtpGateway:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def send_email(
        self, *, message_id: uuid.UUID, to: str, subject: str, body: str
    ) -> str | None:
        s = self.settings
        message = EmailMessage()
        message["From"] = s.email_from
        message["To"] = to
        message["Subject"] = subject
        msgid = make_msgid(idstring=str(message_id), domain="edudiary")
        message["Message-ID"] = msgid
        message.set_content(body)
        try:
            await aiosmtplib.send(
                message,
                hostname=s.smtp_host,
                port=s.smtp_port,
                username=s.smtp_username,
                password=s.smtp_password,
                start_tls=s.smtp_starttls,
                use_tls=s.smtp_tls,
                timeout=20,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            raise PermanentDeliveryError("recipient refused") from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"SMTP failure: {type(exc).__name__}") from exc
        return msgid


def sms_gateway(settings: Settings) -> SmsGateway:
    if settings.sms_gateway == "http" and settings.sms_http_url:
        return HttpSmsGateway(settings.sms_http_url, settings.sms_http_token, settings.sms_sender)
    return OutboxGateway()


def email_gateway(settings: Settings) -> EmailGateway:
    if settings.email_gateway == "smtp":
        return SmtpGateway(settings)
    return OutboxGateway()
