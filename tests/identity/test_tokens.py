"""Access tokens resist forgery; refresh tokens rotate and a replay ends the family."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import timedelta

import pytest
from httpx import AsyncClient
from jose import jwt
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.identity import clock, keys, tokens
from api.identity.models import RefreshSession
from api.identity.schemas import JwksOut
from tests.identity.conftest import Clock, Tokens, login, make_account

PHONE = "+79031112233"


def b64(data: dict[str, object] | bytes) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def parts(token: str) -> tuple[dict[str, object], dict[str, object], str]:
    header, payload, signature = token.split(".")
    return decode_segment(header), decode_segment(payload), signature


def decode_segment(segment: str) -> dict[str, object]:
    decoded: dict[str, object] = json.loads(
        base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    )
    return decoded


@pytest.fixture
async def signed_in(client: AsyncClient, session: AsyncSession) -> Tokens:
    await make_account(session, phone=PHONE)
    return await login(client, PHONE)


async def me_status(client: AsyncClient, token: str) -> tuple[int, str, str]:
    response = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    body = response.json()
    return response.status_code, body.get("code", ""), response.headers.get("www-authenticate", "")


async def test_token_carries_required_claims_and_kid(signed_in: Tokens, settings: Settings) -> None:
    header, claims, _ = parts(signed_in.access_token)

    assert header["alg"] == "ES256"
    assert header["kid"] in keys.key_ring(settings).by_kid
    assert {"sub", "aud", "iss", "iat", "exp", "jti", "sid"} <= set(claims)
    assert int(str(claims["exp"])) - int(str(claims["iat"])) <= 15 * 60


async def test_missing_token_is_401_with_www_authenticate(client: AsyncClient) -> None:
    response = await client.get("/api/v1/me")

    assert response.status_code == 401
    assert response.json()["code"] == "token_invalid"
    assert response.headers["www-authenticate"].startswith("Bearer")


async def test_alg_none_is_refused(client: AsyncClient, signed_in: Tokens) -> None:
    header, claims, _ = parts(signed_in.access_token)
    forged = f"{b64({**header, 'alg': 'none'})}.{b64(claims)}."

    assert (await me_status(client, forged))[:2] == (401, "token_invalid")


async def test_hs256_signed_with_the_public_key_is_refused(
    client: AsyncClient, signed_in: Tokens, settings: Settings
) -> None:
    header, claims, _ = parts(signed_in.access_token)
    ring = keys.key_ring(settings)
    public_pem = ring.signing.public.to_pem()
    # python-jose refuses an asymmetric key as an HMAC secret, so sign by hand.
    import hashlib
    import hmac

    head = b64({"alg": "HS256", "typ": "JWT", "kid": header["kid"]})
    body = b64(claims)
    mac = hmac.new(public_pem, f"{head}.{body}".encode(), hashlib.sha256).digest()
    forged = f"{head}.{body}.{b64(mac)}"

    assert (await me_status(client, forged))[:2] == (401, "token_invalid")


async def test_expired_token_says_expired(
    client: AsyncClient, signed_in: Tokens, settings: Settings
) -> None:
    # A token whose exp has really passed (no clock is moved): the library's own expiry
    # check must not get to it first and answer token_invalid.
    header, claims, _ = parts(signed_in.access_token)
    now = int(clock.now().timestamp())
    claims.update(iat=now - 16 * 60, exp=now - 60)
    ring = keys.key_ring(settings)
    expired = jwt.encode(
        claims, ring.signing.private, algorithm="ES256", headers={"kid": str(header["kid"])}
    )

    status, code, www = await me_status(client, expired)

    assert (status, code) == (401, "token_expired")
    assert "invalid_token" in www


@pytest.mark.parametrize("missing", ["exp", "iat", "aud", "iss", "sub", "jti"])
async def test_token_missing_a_required_claim_is_refused(
    client: AsyncClient, signed_in: Tokens, settings: Settings, missing: str
) -> None:
    _header, claims, _ = parts(signed_in.access_token)
    claims.pop(missing)
    ring = keys.key_ring(settings)
    forged = jwt.encode(
        claims, ring.signing.private, algorithm="ES256", headers={"kid": ring.signing.kid}
    )

    assert (await me_status(client, forged))[:2] == (401, "token_invalid")


async def test_wrong_audience_and_overlong_lifetime_are_refused(
    client: AsyncClient, signed_in: Tokens, settings: Settings
) -> None:
    _, claims, _ = parts(signed_in.access_token)
    ring = keys.key_ring(settings)

    def sign(changes: dict[str, object]) -> str:
        signed: str = jwt.encode(
            {**claims, **changes},
            ring.signing.private,
            algorithm="ES256",
            headers={"kid": ring.signing.kid},
        )
        return signed

    wrong_aud = sign({"aud": "another-service"})
    too_long = sign({"exp": int(str(claims["iat"])) + 24 * 3600})

    assert (await me_status(client, wrong_aud))[:2] == (401, "token_invalid")
    assert (await me_status(client, too_long))[:2] == (401, "token_invalid")


async def test_unknown_kid_is_refused(client: AsyncClient, signed_in: Tokens) -> None:
    _, claims, _ = parts(signed_in.access_token)
    stranger = keys._load_pem(keys.generate_pem())
    forged = jwt.encode(claims, stranger.private, algorithm="ES256", headers={"kid": stranger.kid})
    same_kid = jwt.encode(
        claims,
        stranger.private,
        algorithm="ES256",
        headers={"kid": parts(signed_in.access_token)[0]["kid"]},
    )

    assert (await me_status(client, forged))[:2] == (401, "token_invalid")
    assert (await me_status(client, same_kid))[:2] == (401, "token_invalid")


async def test_tampered_payload_or_signature_is_refused(
    client: AsyncClient, signed_in: Tokens
) -> None:
    _header, claims, signature = parts(signed_in.access_token)
    other = {**claims, "sub": str(uuid.uuid4())}
    tampered_payload = f"{signed_in.access_token.split('.')[0]}.{b64(other)}.{signature}"
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    tampered_signature = ".".join([*signed_in.access_token.split(".")[:2], flipped])

    assert (await me_status(client, tampered_payload))[:2] == (401, "token_invalid")
    assert (await me_status(client, tampered_signature))[:2] == (401, "token_invalid")
    assert (await me_status(client, "not.a.jwt"))[:2] == (401, "token_invalid")


async def test_jwks_publishes_public_keys_only(client: AsyncClient, settings: Settings) -> None:
    response = await client.get("/.well-known/jwks.json")

    assert response.status_code == 200
    (key,) = response.json()["keys"]
    assert key["kid"] == keys.key_ring(settings).signing.kid
    assert key["kty"] == "EC"
    assert key["crv"] == "P-256"
    assert key["alg"] == "ES256"
    assert "d" not in key
    # The body is prebuilt: it still has the documented shape, type and caching.
    assert JwksOut.model_validate(response.json()).keys[0].kid == key["kid"]
    assert response.headers["content-type"] == "application/json"
    assert response.headers["cache-control"] == "public, max-age=300"


def test_keys_are_parsed_once_and_the_dev_key_file_is_private(
    settings: Settings, tmp_path: object
) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    local = settings.model_copy(update={"data_dir": tmp_path, "jwt_private_keys": None})
    ring = keys.key_ring(local)

    assert keys.key_ring(local) is ring
    key_file = tmp_path / "keys" / keys.KEY_FILE
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_configured_pem_keys_rotate(settings: Settings) -> None:
    new, old = keys.generate_pem(), keys.generate_pem()
    local = settings.model_copy(update={"jwt_private_keys": new + "\n" + old})
    ring = keys.key_ring(local)

    assert len(ring.by_kid) == 2
    assert ring.signing.kid == keys._load_pem(new).kid
    account_id, session_id = uuid.uuid4(), uuid.uuid4()
    old_only = settings.model_copy(update={"jwt_private_keys": old})
    token, _ = tokens.issue_access_token(old_only, account_id=account_id, session_id=session_id)
    assert tokens.decode_access_token(local, token).account_id == account_id


def test_production_refuses_to_start_without_jwt_keys() -> None:
    with pytest.raises(ValueError, match="EDUDIARY_JWT_PRIVATE_KEYS"):
        Settings(
            env="production",
            database_url="postgresql://x/y",
            secret_keys="k1:0123456789abcdef0123",
            sms_gateway="http",
            sms_http_url="http://sms.example",
            email_gateway="smtp",
        )


async def test_refresh_rotates_and_a_replay_revokes_the_family(
    client: AsyncClient, session: AsyncSession, signed_in: Tokens
) -> None:
    first = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": signed_in.refresh_token}
    )
    assert first.status_code == 200, first.text
    rotated = first.json()
    assert rotated["refresh_token"] != signed_in.refresh_token

    replay = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": signed_in.refresh_token}
    )
    after = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": rotated["refresh_token"]}
    )

    assert replay.status_code == 401
    assert replay.json()["code"] == "refresh_token_reused"
    assert after.status_code == 401
    assert after.json()["code"] == "refresh_token_invalid"
    # The access token of the revoked family stops working at once.
    assert (await me_status(client, rotated["access_token"]))[0] == 401
    family = await session.scalar(select(RefreshSession))
    assert family is not None
    assert family.revoke_reason == "reuse"


async def test_plain_http_install_may_turn_the_cookies_secure_flag_off(
    client: AsyncClient, settings: Settings, signed_in: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A school LAN without TLS: browsers never send a Secure cookie back over plain HTTP.
    monkeypatch.setattr(settings, "cookie_secure", False)
    client.cookies.set("edudiary_refresh", signed_in.refresh_token, path="/api/v1/auth")
    response = await client.post("/api/v1/auth/refresh")
    client.cookies.clear()

    assert response.status_code == 200, response.text
    cookie = response.headers["set-cookie"]
    assert "edudiary_refresh=" in cookie
    assert "HttpOnly" in cookie
    assert "Secure" not in cookie
    assert Settings().cookie_secure is True  # secure unless a deployment says otherwise


async def test_refresh_from_the_cookie(client: AsyncClient, signed_in: Tokens) -> None:
    client.cookies.set("edudiary_refresh", signed_in.refresh_token, path="/api/v1/auth")
    response = await client.post("/api/v1/auth/refresh")

    assert response.status_code == 200, response.text
    cookie = response.headers["set-cookie"]
    assert "edudiary_refresh=" in cookie
    assert "HttpOnly" in cookie
    assert "Secure" in cookie
    assert "SameSite=strict" in cookie or "SameSite=Strict" in cookie
    assert "Path=/api/v1/auth" in cookie
    client.cookies.clear()


async def test_refresh_without_token_or_with_garbage_is_401(client: AsyncClient) -> None:
    missing = await client.post("/api/v1/auth/refresh", json={})
    garbage = await client.post("/api/v1/auth/refresh", json={"refresh_token": "x" * 43})

    assert missing.status_code == 401
    assert garbage.json()["code"] == "refresh_token_invalid"


async def test_refresh_token_expires_after_idle_period(
    client: AsyncClient, signed_in: Tokens, frozen_clock: Clock
) -> None:
    frozen_clock.advance(days=31)
    response = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": signed_in.refresh_token}
    )

    assert response.status_code == 401


async def refreshed(client: AsyncClient, refresh_token: str) -> tuple[int, str]:
    response = await client.post("/api/v1/auth/refresh", json={"refresh_token": refresh_token})
    return response.status_code, response.json().get("refresh_token", "")


@pytest.mark.parametrize(
    ("idle", "status"),
    [
        (timedelta(days=29, hours=23, minutes=59, seconds=59), 200),
        (timedelta(days=30), 401),
        (timedelta(days=30, seconds=1), 401),
    ],
    ids=["30-days-less-a-second", "30-days", "30-days-and-a-second"],
)
async def test_a_refresh_token_unused_for_30_days_ends(
    client: AsyncClient,
    session: AsyncSession,
    frozen_clock: Clock,
    idle: timedelta,
    status: int,
) -> None:
    await make_account(session, phone=PHONE)
    signed_in = await login(client, PHONE)

    frozen_clock.advance(seconds=idle.total_seconds())

    assert (await refreshed(client, signed_in.refresh_token))[0] == status


@pytest.mark.parametrize(
    ("last", "status"),
    [(timedelta(days=89, hours=23, minutes=59, seconds=59), 200), (timedelta(days=90), 401)],
    ids=["90-days-less-a-second", "90-days"],
)
async def test_a_session_refreshed_every_29_days_ends_after_90(
    client: AsyncClient,
    session: AsyncSession,
    frozen_clock: Clock,
    last: timedelta,
    status: int,
) -> None:
    await make_account(session, phone=PHONE)
    started = frozen_clock.current
    token = (await login(client, PHONE)).refresh_token
    for days in (29, 58, 87):
        frozen_clock.current = started + timedelta(days=days)
        answer, token = await refreshed(client, token)
        assert answer == 200

    frozen_clock.current = started + last

    assert (await refreshed(client, token))[0] == status


async def test_logout_ends_the_session_and_clears_the_cookie(
    client: AsyncClient, session: AsyncSession, signed_in: Tokens
) -> None:
    response = await client.post("/api/v1/auth/logout", headers=signed_in.headers)

    assert response.status_code == 204
    assert (
        'edudiary_refresh=""' in response.headers["set-cookie"]
        or "Max-Age=0" in response.headers["set-cookie"]
    )
    assert (await me_status(client, signed_in.access_token))[0] == 401
    refresh = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": signed_in.refresh_token}
    )
    assert refresh.status_code == 401
    family = await session.scalar(select(RefreshSession))
    assert family is not None
    assert family.revoke_reason == "logout"


async def test_logout_with_only_the_refresh_token(client: AsyncClient, signed_in: Tokens) -> None:
    response = await client.post(
        "/api/v1/auth/logout", json={"refresh_token": signed_in.refresh_token}
    )

    assert response.status_code == 204
    assert (await me_status(client, signed_in.access_token))[0] == 401


async def test_sessions_list_and_revoke_another_device(
    client: AsyncClient, session: AsyncSession, signed_in: Tokens
) -> None:
    phone_app = await login(client, PHONE)

    listed = await client.get("/api/v1/me/sessions", headers=signed_in.headers)
    assert listed.status_code == 200
    items = listed.json()["items"]
    assert listed.json()["total"] == 2
    assert sum(item["current"] for item in items) == 1
    other = next(item for item in items if not item["current"])

    revoked = await client.delete(f"/api/v1/me/sessions/{other['id']}", headers=signed_in.headers)

    assert revoked.status_code == 204
    assert (await me_status(client, phone_app.access_token))[0] == 401
    assert (await me_status(client, signed_in.access_token))[0] == 200
    again = await client.delete(f"/api/v1/me/sessions/{other['id']}", headers=signed_in.headers)
    assert again.status_code == 404


async def test_another_accounts_session_is_404(
    client: AsyncClient, session: AsyncSession, signed_in: Tokens
) -> None:
    await make_account(session, phone="+79035550000")
    stranger = await login(client, "+79035550000")
    listed = await client.get("/api/v1/me/sessions", headers=stranger.headers)
    stranger_session = listed.json()["items"][0]["id"]

    response = await client.delete(
        f"/api/v1/me/sessions/{stranger_session}", headers=signed_in.headers
    )

    assert response.status_code == 404
    assert response.json()["code"] == "session_not_found"
    assert (await me_status(client, stranger.access_token))[0] == 200


def test_access_lifetime_is_at_most_fifteen_minutes() -> None:
    assert timedelta(minutes=15) >= tokens.ACCESS_TTL
    assert clock.now().tzinfo is not None


async def test_logout_with_an_expired_access_token_uses_the_cookie(
    client: AsyncClient, session: AsyncSession, signed_in: Tokens, frozen_clock: Clock
) -> None:
    frozen_clock.advance(minutes=16)
    client.cookies.set("edudiary_refresh", signed_in.refresh_token, path="/api/v1/auth")

    response = await client.post("/api/v1/auth/logout", headers=signed_in.headers)
    client.cookies.clear()

    assert response.status_code == 204
    family = await session.scalar(select(RefreshSession))
    assert family is not None
    assert family.revoke_reason == "logout"


async def test_logout_without_any_token_is_401(client: AsyncClient) -> None:
    response = await client.post("/api/v1/auth/logout")

    assert response.status_code == 401
    assert response.json()["code"] == "token_invalid"
