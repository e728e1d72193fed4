"""Web Push end to end: a browser's subscription, a notification, a push service on this
machine that receives the request; the test decrypts it as the browser would (http_ece
with the subscription's private key, not the sending code) and checks the VAPID
signature against the published key."""

from __future__ import annotations

import base64
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import http_ece
import orjson
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from httpx import AsyncClient
from jose import jwt
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.errors import ValidationFailed
from api.notifications import schedule
from api.notifications import service as notifications
from api.notifications.service import Kind, Message
from api.push import service as push
from api.push.models import PushMessage, PushSubscription
from api.push.vapid import vapid_key
from api.security import ssrf
from tests.factories import Person, make_person
from tests.push.conftest import PushService

NOON_MOSCOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


@dataclass
class Browser:
    """What a browser keeps for a push subscription: its key pair and auth secret."""

    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes
    endpoint: str

    @classmethod
    def new(cls, endpoint: str) -> Browser:
        return cls(ec.generate_private_key(ec.SECP256R1()), os.urandom(16), endpoint)

    def to_json(self) -> dict[str, object]:
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": self.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": b64url(point), "auth": b64url(self.auth_secret)},
        }

    def decrypt(self, body: bytes) -> bytes:
        return bytes(
            http_ece.decrypt(
                body,
                private_key=self.private_key,
                auth_secret=self.auth_secret,
                version="aes128gcm",
            )
        )


@pytest.fixture(autouse=True)
def daytime(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schedule, "now", lambda: NOON_MOSCOW)


async def _subscribe(client: AsyncClient, person: Person, browser: Browser) -> str:
    answer = await client.post(
        "/api/v1/me/push-subscriptions", json=browser.to_json(), headers=person.headers
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


async def _jobs(session: AsyncSession, task: str) -> list[dict[str, str]]:
    rows = await session.execute(
        text("SELECT args FROM procrastinate_jobs WHERE task_name = :task ORDER BY id"),
        {"task": f"edudiary:{task}"},
    )
    return [dict(r[0]) for r in rows]


async def _run_web_jobs(session: AsyncSession, settings: Settings) -> list[bool]:
    return [
        await push.send_web(
            session, settings, uuid.UUID(job["message_id"]), uuid.UUID(job["target_id"])
        )
        for job in await _jobs(session, push.WEB_TASK)
    ]


async def test_a_notification_reaches_the_browser_encrypted_and_signed(
    client: AsyncClient,
    session: AsyncSession,
    settings: Settings,
    push_service: PushService,
) -> None:
    mother = await make_person(session, settings)
    browser = Browser.new(f"{push_service.base_url}/push/abc123")
    subscription_id = await _subscribe(client, mother, browser)
    key = (await client.get("/api/v1/push/vapid-public-key")).json()["key"]

    await notifications.notify(
        session,
        [(mother.id, Message(Kind.grade, "Новая оценка: 5", "Алгебра, 07.12", "/diary/x"))],
    )
    await session.commit()
    assert await _run_web_jobs(session, settings) == [True]

    assert len(push_service.received) == 1
    request = push_service.received[0]
    assert request.path == "/push/abc123"
    assert request.headers["content-encoding"] == "aes128gcm"
    assert int(request.headers["ttl"]) > 0
    payload = orjson.loads(browser.decrypt(request.body))
    message = await session.scalar(select(PushMessage).where(PushMessage.account_id == mother.id))
    assert message is not None
    assert payload == {
        "type": "notification",
        "id": str(message.id),
        "kind": "grade",
        "title": "Новая оценка: 5",
        "body": "Алгебра, 07.12",
        "link": "/diary/x",
    }
    # RFC 8292: "vapid t=<JWT signed by our key>, k=<our public key>".
    scheme, _, params = request.headers["authorization"].partition(" ")
    fields = dict(part.strip().split("=", 1) for part in params.split(","))
    assert scheme == "vapid"
    assert fields["k"] == key
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(key))
    pem = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    claims = jwt.decode(fields["t"], pem, algorithms=["ES256"], audience=push_service.base_url)
    assert claims["sub"] == settings.vapid_subject
    assert await session.get(PushSubscription, uuid.UUID(subscription_id)) is not None


async def test_a_subscription_the_push_service_forgot_is_removed(
    client: AsyncClient,
    session: AsyncSession,
    settings: Settings,
    push_service: PushService,
) -> None:
    mother = await make_person(session, settings)
    subscription_id = await _subscribe(
        client, mother, Browser.new(f"{push_service.base_url}/push/gone")
    )
    await notifications.notify(session, [(mother.id, Message(Kind.homework, "ДЗ", "Стр. 5"))])
    await session.commit()
    push_service.status = 410

    assert await _run_web_jobs(session, settings) == [False]

    assert len(push_service.received) == 1
    assert await session.get(PushSubscription, uuid.UUID(subscription_id)) is None


async def test_a_push_goes_to_the_address_checked_at_send_time(
    client: AsyncClient,
    session: AsyncSession,
    settings: Settings,
    push_service: PushService,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The name is looked up once, by the SSRF guard, when the push is sent; the request
    # goes to that address with the name as its Host (no second look-up to rebind).
    port = push_service.base_url.rsplit(":", 1)[1]
    looked_up: list[str] = []
    answers = {"push.example.test": ["127.0.0.1"]}

    async def resolve(host: str, _: int) -> list[str]:
        looked_up.append(host)
        return answers[host]

    monkeypatch.setattr(ssrf, "resolve", resolve)
    mother = await make_person(session, settings)
    await _subscribe(client, mother, Browser.new(f"http://push.example.test:{port}/push/pin"))
    await notifications.notify(session, [(mother.id, Message(Kind.homework, "ДЗ", "Стр. 7"))])
    await session.commit()

    assert await _run_web_jobs(session, settings) == [True]
    assert [r.path for r in push_service.received] == ["/push/pin"]
    assert push_service.received[0].headers["host"] == f"push.example.test:{port}"
    assert looked_up == ["push.example.test"]

    # The same name re-pointed inside the network since: nothing is sent there.
    answers["push.example.test"] = ["10.20.30.40"]
    await notifications.notify(session, [(mother.id, Message(Kind.homework, "ДЗ", "Стр. 8"))])
    await session.commit()
    # (The first message's job is still queued here: it is refused as well.)
    assert set(await _run_web_jobs(session, settings)) == {False}
    assert len(push_service.received) == 1


async def test_no_browser_no_push(session: AsyncSession, settings: Settings) -> None:
    mother = await make_person(session, settings)
    await notifications.notify(session, [(mother.id, Message(Kind.grade, "5", "Алгебра"))])

    assert await _jobs(session, push.WEB_TASK) == []
    assert (
        await session.scalar(select(PushMessage).where(PushMessage.account_id == mother.id)) is None
    )


async def test_subscriptions_are_the_callers_own(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    mother = await make_person(session, settings)
    stranger = await make_person(session, settings)
    browser = Browser.new("https://push.example.net/send/one")
    first = await _subscribe(client, mother, browser)
    # The browser subscribing again (new keys after a reinstall) keeps its id.
    assert await _subscribe(client, mother, Browser.new(browser.endpoint)) == first

    refused = await client.delete(
        f"/api/v1/me/push-subscriptions/{first}", headers=stranger.headers
    )
    assert refused.status_code == 404
    assert refused.json()["code"] == "push_subscription_not_found"
    assert await session.get(PushSubscription, uuid.UUID(first)) is not None

    gone = await client.delete(f"/api/v1/me/push-subscriptions/{first}", headers=mother.headers)
    assert gone.status_code == 204
    assert await session.get(PushSubscription, uuid.UUID(first)) is None
    assert (
        await client.post("/api/v1/me/push-subscriptions", json=browser.to_json())
    ).status_code == 401


async def test_a_malformed_subscription_is_refused_in_russian(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    mother = await make_person(session, settings)
    body = Browser.new("https://push.example.net/send/two").to_json()
    body["keys"] = {"p256dh": "AAAA", "auth": b64url(os.urandom(16))}

    answer = await client.post("/api/v1/me/push-subscriptions", json=body, headers=mother.headers)

    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {
            "field": "keys.p256dh",
            "code": "push_key_invalid",
            "message": "Это не ключ p256dh подписки на уведомления",
        }
    ]
    assert (
        await session.scalar(
            select(PushSubscription.id).where(PushSubscription.account_id == mother.id)
        )
    ) is None


async def test_production_refuses_local_push_endpoints(monkeypatch: pytest.MonkeyPatch) -> None:
    production = Settings.model_construct(env="production")
    names = {
        "push.example.net": ["93.184.216.34"],
        "fcm.googleapis.com": ["142.250.74.10"],
        "localhost": ["127.0.0.1", "::1"],
    }

    async def resolve(host: str, port: int) -> list[str]:
        return names[host]

    monkeypatch.setattr(ssrf, "resolve", resolve)
    for endpoint in (
        "http://push.example.net/x",
        "https://127.0.0.1/x",
        "https://10.1.2.3/x",
        "https://localhost/x",
    ):
        with pytest.raises(ValidationFailed):
            await push._check_endpoint(endpoint, production)
    await push._check_endpoint("https://fcm.googleapis.com/fcm/send/x", production)


async def test_production_resolves_the_push_host_and_refuses_a_private_address(
    client: AsyncClient,
    session: AsyncSession,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A public-looking name that points inside: loopback, the internal network, the cloud
    # metadata service (link-local), IPv6 loopback, or one public and one private address.
    names = {
        "push.evil.example": ["127.0.0.1"],
        "intranet.evil.example": ["10.20.30.40"],
        "metadata.evil.example": ["169.254.169.254"],
        "six.evil.example": ["::1"],
        "mixed.evil.example": ["93.184.216.34", "192.168.1.10"],
        "push.example.net": ["93.184.216.34"],
    }

    async def resolve(host: str, port: int) -> list[str]:
        return names[host]

    mother = await make_person(session, settings)
    monkeypatch.setattr(ssrf, "resolve", resolve)
    # The endpoint check as in production (the rest of the app stays in test mode: its
    # tokens need no production keys).
    production = Settings.model_construct(env="production")
    check = push._check_endpoint

    async def as_in_production(endpoint: str, _: Settings) -> None:
        await check(endpoint, production)

    monkeypatch.setattr(push, "_check_endpoint", as_in_production)
    for host in list(names)[:-1]:
        browser = Browser.new(f"https://{host}/send/x")
        answer = await client.post(
            "/api/v1/me/push-subscriptions", json=browser.to_json(), headers=mother.headers
        )
        assert answer.status_code == 422, host
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["code"] == "push_endpoint_invalid"
        assert answer.json()["detail"] == "Адрес службы уведомлений браузера недопустим"
    english = await client.post(
        "/api/v1/me/push-subscriptions",
        json=Browser.new("https://push.evil.example/send/x").to_json(),
        headers={**mother.headers, "Accept-Language": "en"},
    )
    assert english.json()["detail"] == "The browser's push service address is not acceptable"
    stored = await session.scalars(
        select(PushSubscription.endpoint).where(PushSubscription.account_id == mother.id)
    )
    assert list(stored) == []
    # A name resolving to public addresses only is taken.
    await _subscribe(client, mother, Browser.new("https://push.example.net/send/ok"))


async def test_another_account_cannot_take_over_a_browsers_subscription(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    mother = await make_person(session, settings)
    stranger = await make_person(session, settings)
    browser = Browser.new("https://push.example.net/send/mothers")
    first = await _subscribe(client, mother, browser)

    # Someone who learnt the endpoint URL posts it with keys of their own.
    forged = await client.post(
        "/api/v1/me/push-subscriptions",
        json=Browser.new(browser.endpoint).to_json(),
        headers=stranger.headers,
    )
    assert forged.status_code == 409
    assert forged.headers["content-type"] == "application/problem+json"
    assert forged.json()["code"] == "push_subscription_taken"
    assert forged.json()["detail"].startswith("Этот адрес уведомлений браузера уже подписан")
    english = await client.post(
        "/api/v1/me/push-subscriptions",
        json=Browser.new(browser.endpoint).to_json(),
        headers={**stranger.headers, "Accept-Language": "en"},
    )
    assert english.json()["detail"].startswith("This browser push address is already")
    row = await session.get(PushSubscription, uuid.UUID(first))
    assert row is not None
    await session.refresh(row)
    assert row.account_id == mother.id
    assert row.auth == browser.to_json()["keys"]["auth"]  # type: ignore[index]


async def test_the_same_browser_moves_to_whoever_signs_in_on_it(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    """A family computer: the father signs in after the mother, the SPA reads the
    browser's subscription back (same endpoint, same keys) and posts it for him."""
    mother = await make_person(session, settings)
    father = await make_person(session, settings)
    browser = Browser.new("https://push.example.net/send/family")
    first = await _subscribe(client, mother, browser)

    assert await _subscribe(client, father, browser) == first

    row = await session.get(PushSubscription, uuid.UUID(first))
    assert row is not None
    await session.refresh(row)
    assert row.account_id == father.id
    assert (
        await session.scalar(
            select(PushSubscription.id).where(PushSubscription.account_id == mother.id)
        )
    ) is None


async def test_the_vapid_key_is_stable_and_off_in_production_without_one(
    client: AsyncClient,
) -> None:
    first = (await client.get("/api/v1/push/vapid-public-key")).json()["key"]
    second = (await client.get("/api/v1/push/vapid-public-key")).json()["key"]
    assert first == second
    raw = unb64url(first)
    assert len(raw) == 65
    assert raw[0] == 4
    assert vapid_key(Settings.model_construct(env="production", vapid_private_key=None)) is None
