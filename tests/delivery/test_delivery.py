"""SMS and e-mail: queued in the caller's transaction, delivered once, retried on failure.

Real peers: a local SMTP server (aiosmtpd) and a local HTTP SMS provider stub that fails
on demand.
"""

from __future__ import annotations

import asyncio
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message

import pytest
import uvicorn
from aiosmtpd.controller import Controller
from httpx import ASGITransport, AsyncClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from api.config import Settings
from api.delivery import service
from api.delivery.gateways import DeliveryError
from api.delivery.models import DeliveryStatus, OutboundMessage
from api.delivery.tasks import deliver_message
from api.jobs import runtime
from api.main import create_app


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class SmsProviderStub:
    """Accepts SMS like a real provider; fails the next ``fail_next`` calls with 503."""

    fail_next: int = 0
    refuse: bool = False
    received: list[dict[str, str]] = field(default_factory=list)
    calls: int = 0

    async def handle(self, request: Request) -> JSONResponse:
        self.calls += 1
        if request.headers.get("authorization") != "Bearer stub-token":
            return JSONResponse({"error": "unauthorized"}, status_code=401)
        if self.refuse:
            return JSONResponse({"error": "bad number"}, status_code=400)
        if self.fail_next > 0:
            self.fail_next -= 1
            return JSONResponse({"error": "busy"}, status_code=503)
        payload = await request.json()
        self.received.append({**payload, "key": request.headers["idempotency-key"]})
        return JSONResponse({"id": f"prov-{len(self.received)}"})


@pytest.fixture
async def sms_provider() -> AsyncIterator[tuple[SmsProviderStub, str]]:
    stub = SmsProviderStub()
    port = _free_port()
    app = Starlette(routes=[Route("/send", stub.handle, methods=["POST"])])
    server = uvicorn.Server(
        uvicorn.Config(
            # log_config=None: uvicorn would otherwise reconfigure the process's loggers
            # (uvicorn.error at WARNING), and later tests of our logging would see nothing.
            app,
            host="127.0.0.1",
            port=port,
            log_config=None,
            lifespan="off",
        )
    )
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn exposes only a flag
        await asyncio.sleep(0.01)
    yield stub, f"http://127.0.0.1:{port}/send"
    server.should_exit = True
    await task


class _Mailbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.messages.append(message_from_bytes(envelope.content))  # type: ignore[attr-defined]
        return "250 OK"


@pytest.fixture
def smtp_server() -> Iterator[tuple[_Mailbox, int]]:
    mailbox = _Mailbox()
    port = _free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield mailbox, port
    controller.stop()


async def _job_for(session: AsyncSession, message_id: uuid.UUID) -> dict[str, object] | None:
    row = (
        (
            await session.execute(
                text(
                    "SELECT task_name, queue_name, status FROM procrastinate_jobs "
                    "WHERE args->>'message_id' = :id"
                ),
                {"id": str(message_id)},
            )
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


async def test_sms_is_stored_and_its_job_queued_in_the_same_transaction(
    session: AsyncSession,
) -> None:
    message_id = await service.send_sms(
        session, to="+79991234567", text="Код: 123456", purpose="register"
    )

    message = await session.get(OutboundMessage, message_id)
    assert message is not None
    assert message.status == DeliveryStatus.queued
    assert await _job_for(session, message_id) == {
        "task_name": "edudiary:deliver_message",
        "queue_name": "notifications",
        "status": "todo",
    }


async def test_rolled_back_change_sends_nothing(session: AsyncSession) -> None:
    savepoint = await session.begin_nested()
    message_id = await service.send_sms(session, to="+79991234567", text="x", purpose="test")
    await savepoint.rollback()

    assert await session.get(OutboundMessage, message_id) is None
    assert await _job_for(session, message_id) is None


async def test_http_provider_outage_is_retried_and_sends_exactly_once(
    session: AsyncSession, sms_provider: tuple[SmsProviderStub, str]
) -> None:
    stub, url = sms_provider
    settings = Settings(
        env="test", sms_gateway="http", sms_http_url=url, sms_http_token="stub-token"
    )
    message_id = await service.send_sms(session, to="+79991234567", text="Код 1", purpose="t")
    stub.fail_next = 2

    for _ in range(2):
        with pytest.raises(DeliveryError):
            await service.deliver(session, message_id, settings)
    assert await service.deliver(session, message_id, settings) is True
    # A duplicate job (or a retry after the crash window) finds it sent and does nothing.
    assert await service.deliver(session, message_id, settings) is False

    assert stub.calls == 3
    assert stub.received == [
        {"to": "+79991234567", "text": "Код 1", "sender": "edudiary", "key": str(message_id)}
    ]
    message = await session.get(OutboundMessage, message_id)
    assert message is not None
    assert message.status == DeliveryStatus.sent
    assert message.attempts == 3
    assert message.provider_message_id == "prov-1"
    assert message.body == ""  # outside development the code is not kept at rest


async def test_permanent_refusal_is_recorded_and_not_retried(
    session: AsyncSession, sms_provider: tuple[SmsProviderStub, str]
) -> None:
    stub, url = sms_provider
    stub.refuse = True
    settings = Settings(
        env="test", sms_gateway="http", sms_http_url=url, sms_http_token="stub-token"
    )
    message_id = await service.send_sms(session, to="+79991234567", text="x", purpose="t")

    assert await service.deliver(session, message_id, settings) is False

    message = await session.get(OutboundMessage, message_id)
    assert message is not None
    assert message.status == DeliveryStatus.failed
    assert "400" in (message.last_error or "")


async def test_email_goes_through_a_real_smtp_server(
    session: AsyncSession, smtp_server: tuple[_Mailbox, int]
) -> None:
    mailbox, port = smtp_server
    settings = Settings(env="development", email_gateway="smtp", smtp_port=port)
    message_id = await service.send_email(
        session,
        to="Parent@Example.RU",
        subject="Подтверждение почты",
        body="Перейдите по ссылке",
        purpose="email_confirm",
    )

    assert await service.deliver(session, message_id, settings) is True

    assert len(mailbox.messages) == 1
    received = mailbox.messages[0]
    assert received["To"] == "parent@example.ru"
    assert str(message_id) in received["Message-ID"]
    payload = received.get_payload(decode=True)
    assert isinstance(payload, bytes)
    assert "Перейдите по ссылке" in payload.decode()
    message = await session.get(OutboundMessage, message_id)
    assert message is not None
    assert message.body == "Перейдите по ссылке"  # development keeps it for the outbox


async def test_worker_task_delivers_through_the_job_runtime(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    smtp_server: tuple[_Mailbox, int],
) -> None:
    mailbox, port = smtp_server
    message_id = await service.send_email(
        session, to="a@example.ru", subject="s", body="b", purpose="t"
    )
    await session.commit()
    runtime.bind_sessionmaker(
        sessionmaker, Settings(env="test", email_gateway="smtp", smtp_port=port)
    )

    assert await deliver_message(str(message_id)) is True
    assert len(mailbox.messages) == 1


async def test_dev_outbox_lists_newest_first_filtered_by_phone(
    client: AsyncClient,
    session: AsyncSession,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    first = await service.send_sms(session, to="+79991234567", text="первое", purpose="t")
    await service.send_sms(session, to="+79990000000", text="чужое", purpose="t")
    await service.send_sms(session, to="+79991234567", text="второе", purpose="t")
    # All three got the transaction's now(): make the first one really older (a sleep
    # inside one transaction changes nothing, and the order would be the plan's).
    await session.execute(
        text(
            "UPDATE outbound_messages SET created_at = created_at - interval '1 minute' "
            "WHERE id = :id"
        ),
        {"id": first},
    )
    await session.commit()
    app = create_app(settings.model_copy(update={"env": "development"}), manage_database=False)
    app.state.sessionmaker = sessionmaker
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as dev:
        response = await dev.get("/api/v1/dev/outbox", params={"to": "8 (999) 123-45-67"})

    assert response.status_code == 200
    assert [m["body"] for m in response.json()] == ["второе", "первое"]
    assert response.json()[0]["channel"] == "sms"


async def test_dev_outbox_is_404_outside_development(client: AsyncClient) -> None:
    response = await client.get("/api/v1/dev/outbox")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
