"""Access tokens resist forgery; refresh tokens rotate and a replay ends the family."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import datetime, timedelta

import pytest
from httpx import AsyncClient
from jose import jwt
from sqlalchemy import Row, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.identity import clock, keys, tokens
from api.identity.models import AccountStatus, RefreshSession, RefreshToken
from api.identity.schemas import JwksOut
from tests.identity.conftest import PASSWORD, Clock, Tokens, last_code, login, make_account

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


# Several accounts and sessions, acted on in the order of their ids as PostgreSQL compares
# uuids: a join or WHERE whose "=" became "<=" or ">=" then reaches a neighbour, whichever
# way the random ids fell. (Issue #15 item 9: the survivors of `make mutation` on
# api/identity/sessions.py, which runs this module only.)
PHONES = ("+79031110001", "+79031110002", "+79031110003")


TokenRow = Row[uuid.UUID, uuid.UUID, uuid.UUID | None, datetime | None]
FamilyRow = Row[uuid.UUID, uuid.UUID, str | None, datetime | None, str | None]


async def token_row(session: AsyncSession, refresh_token: str) -> TokenRow:
    row = (
        await session.execute(
            select(
                RefreshToken.id,
                RefreshToken.session_id,
                RefreshToken.rotated_from,
                RefreshToken.rotated_at,
            ).where(RefreshToken.token_hash == tokens.hash_refresh_token(refresh_token))
        )
    ).one()
    return row


async def families(session: AsyncSession) -> dict[uuid.UUID, FamilyRow]:
    """Every refresh_sessions row as the database has it now (columns, not ORM objects
    the test's session might have cached)."""
    rows = await session.execute(
        select(
            RefreshSession.id,
            RefreshSession.account_id,
            RefreshSession.user_agent,
            RefreshSession.revoked_at,
            RefreshSession.revoke_reason,
        )
    )
    return {row.id: row for row in rows}


def sid_of(signed: Tokens) -> uuid.UUID:
    return uuid.UUID(str(parts(signed.access_token)[1]["sid"]))


def sub_of(access_token: str) -> uuid.UUID:
    return uuid.UUID(str(parts(access_token)[1]["sub"]))


async def test_refreshes_in_either_id_order_rotate_only_their_own_token(
    client: AsyncClient, session: AsyncSession
) -> None:
    # Every account's session is refreshed, so the one with the largest id and the one with
    # the smallest are both among them (the rotate joins); the tokens go in ascending id
    # order, then their successors in descending order (the claiming UPDATE).
    current: dict[uuid.UUID, str] = {}  # account -> its current refresh token
    for phone in PHONES:
        account = await make_account(session, phone=phone)
        current[account.id] = (await login(client, phone)).refresh_token
    session_of = {a: (await token_row(session, t)).session_id for a, t in current.items()}

    for descending in (False, True):
        ids = {a: (await token_row(session, t)).id for a, t in current.items()}
        for account_id in sorted(ids, key=ids.__getitem__, reverse=descending):
            old = current[account_id]
            response = await client.post("/api/v1/auth/refresh", json={"refresh_token": old})
            assert response.status_code == 200, response.text
            body = response.json()
            assert sub_of(body["access_token"]) == account_id
            assert uuid.UUID(str(parts(body["access_token"])[1]["sid"])) == session_of[account_id]
            current[account_id] = body["refresh_token"]
            # Only this token was claimed; the other accounts' current tokens were not.
            assert (await token_row(session, old)).rotated_at is not None
            new = await token_row(session, body["refresh_token"])
            assert (new.session_id, new.rotated_from) == (session_of[account_id], ids[account_id])
            for other, token in current.items():
                assert (await token_row(session, token)).rotated_at is None, other

    assert all(row.revoked_at is None for row in (await families(session)).values())


@pytest.mark.parametrize("status", [AccountStatus.blocked, AccountStatus.pending])
async def test_an_account_no_longer_active_cannot_refresh(
    client: AsyncClient, session: AsyncSession, status: AccountStatus
) -> None:
    account = await make_account(session, phone=PHONE)
    signed_in = await login(client, PHONE)
    account.status = status
    await session.flush()

    response = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": signed_in.refresh_token}
    )

    assert response.status_code == 401
    assert response.json()["code"] == "refresh_token_invalid"
    assert (await token_row(session, signed_in.refresh_token)).rotated_at is None
    assert await session.scalar(select(func.count()).select_from(RefreshToken)) == 1


async def test_the_session_keeps_the_login_user_agent_and_a_refresh_updates_it(
    client: AsyncClient, session: AsyncSession
) -> None:
    await make_account(session, phone=PHONE)
    answer = await client.post(
        "/api/v1/auth/login",
        json={"login": PHONE, "password": PASSWORD},
        headers={"User-Agent": "EduDiary/1.0 (Android 14)"},
    )
    assert answer.status_code == 200, answer.text
    token = answer.json()["refresh_token"]
    (family_id,) = await families(session)

    async def refresh_with(user_agent: str) -> str:
        response = await client.post(
            "/api/v1/auth/refresh",
            json={"refresh_token": token},
            headers={"User-Agent": user_agent},
        )
        assert response.status_code == 200, response.text
        refreshed_token: str = response.json()["refresh_token"]
        return refreshed_token

    assert (await families(session))[family_id].user_agent == "EduDiary/1.0 (Android 14)"
    token = await refresh_with("EduDiary/1.1 (Android 15)")
    assert (await families(session))[family_id].user_agent == "EduDiary/1.1 (Android 15)"
    token = await refresh_with("")  # no User-Agent this time: the last one known stays
    assert (await families(session))[family_id].user_agent == "EduDiary/1.1 (Android 15)"
    token = await refresh_with("b" * 300)  # headers are ASCII; the column holds 255
    assert (await families(session))[family_id].user_agent == "b" * 255


async def test_a_login_with_an_overlong_user_agent_keeps_its_first_255_characters(
    client: AsyncClient, session: AsyncSession
) -> None:
    await make_account(session, phone=PHONE)
    answer = await client.post(
        "/api/v1/auth/login",
        json={"login": PHONE, "password": PASSWORD},
        headers={"User-Agent": "a" * 300},
    )

    assert answer.status_code == 200, answer.text
    (family,) = (await families(session)).values()
    assert family.user_agent == "a" * 255


async def test_ending_one_session_leaves_the_sessions_with_smaller_ids(
    client: AsyncClient, session: AsyncSession
) -> None:
    await make_account(session, phone=PHONE)
    signed = [await login(client, PHONE) for _ in range(4)]
    signed.sort(key=sid_of)
    smallest, second, third, largest = signed

    # The largest by logout with its access token, the next by the smallest from its list.
    logout = await client.post("/api/v1/auth/logout", headers=largest.headers)
    deleted = await client.delete(f"/api/v1/me/sessions/{sid_of(third)}", headers=smallest.headers)

    assert (logout.status_code, deleted.status_code) == (204, 204)
    rows = await families(session)
    assert rows[sid_of(largest)].revoke_reason == "logout"
    assert rows[sid_of(third)].revoke_reason == "user"
    for kept in (smallest, second):
        assert rows[sid_of(kept)].revoked_at is None
        assert (await me_status(client, kept.access_token))[0] == 200
    for ended in (largest, third):
        assert (await me_status(client, ended.access_token))[0] == 401


@pytest.mark.parametrize("which", ["smallest", "largest"])
async def test_logout_with_a_refresh_token_ends_that_session_only(
    client: AsyncClient, session: AsyncSession, which: str
) -> None:
    await make_account(session, phone=PHONE)
    signed = sorted([await login(client, PHONE) for _ in range(3)], key=sid_of)
    target = signed[0] if which == "smallest" else signed[-1]
    # A refresh rewrites the target's row (last_used_at): PostgreSQL puts the new version
    # after the others, so the table-order scan it plans for these few rows meets a
    # neighbour first (a lookup by id ascending would too, for "largest").
    refreshed_token = (await refreshed(client, target.refresh_token))[1]

    response = await client.post("/api/v1/auth/logout", json={"refresh_token": refreshed_token})

    assert response.status_code == 204
    rows = await families(session)
    assert rows[sid_of(target)].revoke_reason == "logout"
    for other in signed:
        if other is not target:
            assert rows[sid_of(other)].revoked_at is None
            assert (await me_status(client, other.access_token))[0] == 200


async def test_logout_with_an_unknown_refresh_token_ends_nothing(
    client: AsyncClient, session: AsyncSession, signed_in: Tokens
) -> None:
    response = await client.post("/api/v1/auth/logout", json={"refresh_token": "x" * 43})

    assert response.status_code == 401
    assert response.json()["code"] == "token_invalid"
    assert all(row.revoked_at is None for row in (await families(session)).values())
    assert (await me_status(client, signed_in.access_token))[0] == 200


@pytest.mark.parametrize("which", ["smallest", "largest"])
async def test_a_password_reset_ends_the_sessions_of_that_account_only(
    client: AsyncClient, session: AsyncSession, which: str
) -> None:
    accounts = sorted([await make_account(session, phone=p) for p in PHONES], key=lambda a: a.id)
    signed = {a.id: [await login(client, a.phone), await login(client, a.phone)] for a in accounts}
    target = accounts[0] if which == "smallest" else accounts[-1]

    asked = await client.post("/api/v1/auth/password/reset", json={"login": target.phone})
    done = await client.post(
        "/api/v1/auth/password/reset/confirm",
        json={
            "login": target.phone,
            "code": await last_code(session, str(target.phone)),
            "new_password": "Весна-2027?Капель",
        },
    )

    assert (asked.status_code, done.status_code) == (202, 204), done.text
    rows = await families(session)
    for account_id, logins in signed.items():
        for signed_in in logins:
            row = rows[sid_of(signed_in)]
            if account_id == target.id:
                assert row.revoke_reason == "password_reset"
                assert (await me_status(client, signed_in.access_token))[0] == 401
            else:
                assert row.revoked_at is None
                assert (await me_status(client, signed_in.access_token))[0] == 200


async def test_sessions_that_ended_now_or_yesterday_are_not_listed_nor_revocable(
    client: AsyncClient, session: AsyncSession, frozen_clock: Clock
) -> None:
    # A session lives 90 days from its login (SESSION_MAX), written out here on purpose.
    await make_account(session, phone=PHONE)
    now = frozen_clock.current
    frozen_clock.current = now - timedelta(days=91)
    ended_yesterday = await login(client, PHONE)
    frozen_clock.current = now - timedelta(days=90)
    ends_now = await login(client, PHONE)
    frozen_clock.current = now
    current = await login(client, PHONE)

    listed = await client.get("/api/v1/me/sessions", headers=current.headers)

    assert listed.status_code == 200
    assert [item["id"] for item in listed.json()["items"]] == [str(sid_of(current))]
    assert listed.json()["total"] == 1
    for ended in (ends_now, ended_yesterday):
        response = await client.delete(
            f"/api/v1/me/sessions/{sid_of(ended)}", headers=current.headers
        )
        assert response.status_code == 404
        assert response.json()["code"] == "session_not_found"
    assert all(row.revoked_at is None for row in (await families(session)).values())


@pytest.mark.parametrize(
    ("after", "code", "revoked"),
    [
        (timedelta(days=89, hours=23, minutes=59, seconds=59), "refresh_token_reused", True),
        (timedelta(days=90), "refresh_token_invalid", False),
    ],
    ids=["90-days-less-a-second", "90-days"],
)
async def test_a_replay_after_the_session_ended_is_not_a_reuse(
    client: AsyncClient,
    session: AsyncSession,
    frozen_clock: Clock,
    after: timedelta,
    code: str,
    revoked: bool,
) -> None:
    # The session's own end is checked before the replay check: a used token coming back
    # once the session is over only says "log in again", it revokes nothing.
    await make_account(session, phone=PHONE)
    started = frozen_clock.current
    used = (await login(client, PHONE)).refresh_token
    frozen_clock.advance(days=1)
    assert (await refreshed(client, used))[0] == 200
    frozen_clock.current = started + after

    response = await client.post("/api/v1/auth/refresh", json={"refresh_token": used})

    assert response.status_code == 401
    assert response.json()["code"] == code
    (family,) = (await families(session)).values()
    assert (family.revoked_at is not None, family.revoke_reason) == (
        revoked,
        "reuse" if revoked else None,
    )


async def two_accounts_signed_in_thrice(
    client: AsyncClient, session: AsyncSession
) -> dict[uuid.UUID, list[Tokens]]:
    signed: dict[uuid.UUID, list[Tokens]] = {}
    for phone in PHONES[:2]:
        account = await make_account(session, phone=phone)
        signed[account.id] = [await login(client, phone) for _ in range(3)]
    return signed


@pytest.mark.parametrize("which", ["smallest", "largest"])
async def test_another_accounts_session_at_either_end_of_the_ids_is_404(
    client: AsyncClient, session: AsyncSession, which: str
) -> None:
    # The target is the session with the smallest (largest) id of all: every session of the
    # account asking then has a larger (smaller) one, whichever account that turns out to be.
    signed = await two_accounts_signed_in_thrice(client, session)
    everyone = sorted((t for logins in signed.values() for t in logins), key=sid_of)
    target = everyone[0] if which == "smallest" else everyone[-1]
    asker = next(t for t in everyone if sub_of(t.access_token) != sub_of(target.access_token))

    response = await client.delete(f"/api/v1/me/sessions/{sid_of(target)}", headers=asker.headers)

    assert response.status_code == 404
    assert response.json()["code"] == "session_not_found"
    assert all(row.revoked_at is None for row in (await families(session)).values())
    assert (await me_status(client, target.access_token))[0] == 200


@pytest.mark.parametrize("which", ["smallest", "largest"])
async def test_the_sessions_list_holds_the_askers_sessions_only(
    client: AsyncClient, session: AsyncSession, which: str
) -> None:
    signed = await two_accounts_signed_in_thrice(client, session)
    ordered = sorted(signed)
    asker = ordered[0] if which == "smallest" else ordered[-1]

    listed = await client.get("/api/v1/me/sessions", headers=signed[asker][0].headers)

    assert listed.status_code == 200
    assert {item["id"] for item in listed.json()["items"]} == {
        str(sid_of(t)) for t in signed[asker]
    }
    assert listed.json()["total"] == 3
