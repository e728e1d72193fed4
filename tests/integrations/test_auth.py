"""Contract §2–§3: the token endpoint, X-API-Key, scopes, and who may call what."""

from __future__ import annotations

from httpx import AsyncClient

from tests.diary.world import World
from tests.integrations.conftest import (
    HOMEWORK,
    SCHEDULE,
    basic,
    bearer,
    client_token,
    create_client,
    token_request,
)

WWW = 'Basic realm="edudiary"'


async def test_token_grants_all_scopes_by_default_and_a_requested_subset(
    client: AsyncClient, world: World
) -> None:
    made = await create_client(client, world.admin.token)
    answer = await token_request(client, made["client_id"], made["client_secret"])
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "no-store"
    body = answer.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "scope"}
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 900
    assert set(body["scope"].split()) == {SCHEDULE, HOMEWORK}

    narrow = await token_request(client, made["client_id"], made["client_secret"], scope=HOMEWORK)
    assert narrow.json()["scope"] == HOMEWORK
    # The form-field way of authenticating works too (RFC 6749 §2.3.1, MAY).
    fields = await client.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": made["client_id"],
            "client_secret": made["client_secret"],
        },
    )
    assert fields.status_code == 200

    shown = await client.get(
        f"/api/v1/integration-clients/{made['id']}", headers=bearer(world.admin.token)
    )
    assert shown.json()["last_used_at"] is not None


async def test_token_endpoint_errors_follow_the_contract(client: AsyncClient, world: World) -> None:
    made = await create_client(client, world.admin.token, scopes=[SCHEDULE])
    cid, secret = made["client_id"], made["client_secret"]

    wrong = await token_request(client, cid, secret[:-6] + "AAAAAA")
    unknown = await token_request(client, "edc_" + "x" * 22, secret)
    other_id = await create_client(client, world.admin.token)
    swapped = await token_request(client, other_id["client_id"], secret)
    missing = await client.post("/oauth/token", data={"grant_type": "client_credentials"})
    for answer in (wrong, unknown, swapped, missing):
        assert answer.status_code == 401
        assert answer.json() == {"error": "invalid_client"}
        assert answer.headers["www-authenticate"] == WWW
        assert answer.headers["cache-control"] == "no-store"

    grant = await client.post(
        "/oauth/token", data={"grant_type": "password"}, headers=basic(cid, secret)
    )
    assert (grant.status_code, grant.json()) == (400, {"error": "unsupported_grant_type"})
    no_grant = await client.post("/oauth/token", data={}, headers=basic(cid, secret))
    assert (no_grant.status_code, no_grant.json()) == (400, {"error": "invalid_request"})
    as_json = await client.post(
        "/oauth/token", json={"grant_type": "client_credentials"}, headers=basic(cid, secret)
    )
    assert (as_json.status_code, as_json.json()) == (400, {"error": "invalid_request"})
    # A scope the client was not granted fails the request, never a silent subset.
    scope = await token_request(client, cid, secret, scope=f"{SCHEDULE} {HOMEWORK}")
    assert (scope.status_code, scope.json()) == (400, {"error": "invalid_scope"})
    assert scope.headers["cache-control"] == "no-store"


async def test_more_than_30_token_requests_a_minute_are_refused(
    client: AsyncClient, world: World
) -> None:
    made = await create_client(client, world.admin.token)
    codes = [
        (await token_request(client, made["client_id"], made["client_secret"])).status_code
        for _ in range(31)
    ]
    assert codes[:30] == [200] * 30
    assert codes[30] == 429
    last = await token_request(client, made["client_id"], made["client_secret"])
    assert int(last.headers["retry-after"]) > 0


async def test_client_reads_its_schools_bells_by_token_and_by_api_key(
    client: AsyncClient, world: World
) -> None:
    bells = [{"number": 1, "starts_at": "08:30", "ends_at": "09:15"}]
    put = await client.put("/api/v1/bells", json=bells, headers=bearer(world.admin.token))
    assert put.status_code == 200
    await client.put(
        "/api/v1/bells",
        json=[{"number": 1, "starts_at": "09:00", "ends_at": "09:40"}],
        headers=bearer(world.foreign_admin.token),
    )
    made = await create_client(client, world.admin.token, scopes=[SCHEDULE])
    token = await client_token(client, made["client_id"], made["client_secret"])
    for headers in (bearer(token), {"X-API-Key": made["client_secret"]}):
        answer = await client.get("/api/v1/bells", headers=headers)
        assert answer.status_code == 200
        assert [(b["number"], b["starts_at"]) for b in answer.json()] == [(1, "08:30:00")]


async def test_effective_scopes_are_the_tokens_and_the_clients(
    client: AsyncClient, world: World
) -> None:
    made = await create_client(client, world.admin.token)
    schedule_token = await client_token(
        client, made["client_id"], made["client_secret"], scope=SCHEDULE
    )
    homework_token = await client_token(
        client, made["client_id"], made["client_secret"], scope=HOMEWORK
    )
    assert (await client.get("/api/v1/bells", headers=bearer(schedule_token))).status_code == 200
    refused = await client.get("/api/v1/bells", headers=bearer(homework_token))
    assert refused.status_code == 403
    assert refused.json()["code"] == "insufficient_scope"

    # Narrowing the client binds a live token at once.
    await client.patch(
        f"/api/v1/integration-clients/{made['id']}",
        json={"scopes": [HOMEWORK]},
        headers=bearer(world.admin.token),
    )
    narrowed = await client.get("/api/v1/bells", headers=bearer(schedule_token))
    assert narrowed.status_code == 403
    assert narrowed.json()["code"] == "insufficient_scope"
    key = await client.get("/api/v1/bells", headers={"X-API-Key": made["client_secret"]})
    assert key.status_code == 403


async def test_clients_are_refused_on_user_routes_and_users_on_client_routes(
    client: AsyncClient, world: World
) -> None:
    made = await create_client(client, world.admin.token)
    token = await client_token(client, made["client_id"], made["client_secret"])
    key = {"X-API-Key": made["client_secret"]}
    for headers in (bearer(token), key):
        for path in ("/api/v1/me", "/api/v1/integration-clients", "/api/v1/notifications"):
            answer = await client.get(path, headers=headers)
            assert answer.status_code == 403, (path, answer.text)
            assert answer.json()["code"] == "client_not_allowed"
    # A forged or garbage key is not a client: 401.
    bad = await client.get("/api/v1/bells", headers={"X-API-Key": "edsk_nothing"})
    assert bad.status_code == 401
