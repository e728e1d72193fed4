"""``examples/edudiary_sync.py``: the example platform client does what the docs say."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from examples import edudiary_sync as example
from tests.diary.world import World
from tests.integrations.conftest import SCHEDULE, create_client

# The Standard Webhooks specification's own test vector.
SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SPEC_HEADERS = {
    "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
    "webhook-timestamp": "1614265330",
    "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
}
SPEC_BODY = b'{"test": 2432232314}'


def test_пример_проверяет_подпись_вебхука_по_эталону_стандарта() -> None:
    assert example.verify_webhook(SPEC_SECRET, SPEC_HEADERS, SPEC_BODY, now=1614265330) == {
        "test": 2432232314
    }
    # During a rotation the old and the new signature come together; either matches.
    rotated = {**SPEC_HEADERS, "webhook-signature": "v1,AAAA " + SPEC_HEADERS["webhook-signature"]}
    assert example.verify_webhook(SPEC_SECRET, rotated, SPEC_BODY, now=1614265330)
    for headers, body, now in (
        (SPEC_HEADERS, b'{"test": 2432232315}', 1614265330),  # body changed
        ({**SPEC_HEADERS, "webhook-id": "msg_other"}, SPEC_BODY, 1614265330),
        (SPEC_HEADERS, SPEC_BODY, 1614265330 + 301),  # older than 5 minutes
        ({k: v for k, v in SPEC_HEADERS.items() if k != "webhook-signature"}, SPEC_BODY, 0),
    ):
        with pytest.raises(example.InvalidWebhook):
            example.verify_webhook(SPEC_SECRET, headers, body, now=now)


async def test_пример_получает_ключ_и_читает_api_edudiary(
    client: httpx.AsyncClient, world: World
) -> None:
    made = await create_client(client, world.admin.token, scopes=[SCHEDULE])
    session = example.Session(client, made["client_id"], made["client_secret"])
    answer = await session.get("/api/v1/bells")
    assert answer.status_code == 200
    first = session.token
    await session.get("/api/v1/bells")
    assert session.token == first  # kept until a minute before it expires


class FakeOneRoster:
    """The contract's paging, delta filter, tombstones and a 429 — enough to hold the
    example's sync loop to them."""

    def __init__(self) -> None:
        self.users = [
            {
                "sourcedId": f"u{i}",
                "status": "active",
                "dateLastModified": f"2026-11-0{i}T00:00:00.000Z",
            }
            for i in range(1, 4)
        ]
        self.requests: list[str] = []
        self.busy_once = True

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(str(request.url))
        if request.url.path == "/oauth/token":
            return httpx.Response(
                200,
                json={"access_token": "t", "token_type": "Bearer", "expires_in": 900, "scope": ""},
            )
        if self.busy_once:
            self.busy_once = False
            return httpx.Response(429, headers={"Retry-After": "0"})
        name = request.url.path.rsplit("/", 1)[1]
        query = parse_qs(urlsplit(str(request.url)).query)
        rows = self.users if name == "users" else []
        if "filter" in query:
            since = query["filter"][0].split("'")[1]
            rows = [r for r in rows if r["dateLastModified"] > since]
        else:
            rows = [r for r in rows if r["status"] != "tobedeleted"]
        limit, offset = int(query["limit"][0]), int(query["offset"][0])
        headers = {"X-Total-Count": str(len(rows))}
        if offset + limit < len(rows):
            nxt = request.url.copy_merge_params({"offset": str(offset + limit)})
            headers["Link"] = f'<{nxt}>; rel="next"'
        return httpx.Response(200, json={name: rows[offset : offset + limit]}, headers=headers)


async def test_пример_синхронизирует_полностью_потом_дельтой_с_надгробиями(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(example, "PAGE", 2)
    server = FakeOneRoster()
    db = example.open_store(":memory:")
    async with httpx.AsyncClient(
        transport=httpx.MockTransport(server), base_url="https://edudiary.test"
    ) as http:
        session = example.Session(http, "edc_x", "edsk_y")
        full = await example.sync_roster(session, db)
        assert full.upserted["users"] == 3
        assert full.delta["users"] is None
        users = [r for r in server.requests if "/users" in r]
        assert len(users) == 3  # the 429, then two pages of 2 through the Link header
        stored = [
            json.loads(b)["sourcedId"]
            for (b,) in db.execute("SELECT body FROM roster WHERE collection = 'users'")
        ]
        assert sorted(stored) == ["u1", "u2", "u3"]

        server.users[0] = {
            **server.users[0],
            "status": "tobedeleted",
            "dateLastModified": "2026-11-05T00:00:00.000Z",
        }
        server.users.append(
            {"sourcedId": "u4", "status": "active", "dateLastModified": "2026-11-06T00:00:00.000Z"}
        )
        server.requests.clear()
        delta = await example.sync_roster(session, db)
    assert delta.delta["users"] == "2026-11-03T00:00:00.000Z"
    assert (delta.upserted["users"], delta.deleted["users"]) == (1, 1)
    assert "dateLastModified%3E%272026-11-03T00%3A00%3A00.000Z%27" in server.requests[0]
    remaining = sorted(
        s for (s,) in db.execute("SELECT sourced_id FROM roster WHERE collection = 'users'")
    )
    assert remaining == ["u2", "u3", "u4"]
