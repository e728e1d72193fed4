"""Access tokens (ES256 JWT, 15 minutes) and opaque refresh tokens (stored as SHA-256).

Decoding trusts nothing in the token before the signature holds: the algorithm is pinned
to ES256 (no ``none``, no HS256 signed with the public key), the key is chosen by ``kid``
among our own keys only, and sub/aud/iss/iat/exp/jti are all required.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from jose import jwt
from jose.exceptions import JOSEError

from api.config import Settings
from api.errors import Unauthorized
from api.i18n import Text
from api.identity import clock
from api.identity.keys import ALGORITHM, key_ring

AUDIENCE = "edudiary-api"
ISSUER = "edudiary"
ACCESS_TTL = timedelta(minutes=15)
_CLOCK_SKEW = 60  # seconds of disagreement tolerated on iat

# python-jose turns ``verify_<claim>`` back on for every ``require_<claim>``, so requiring
# ``exp`` here would make it raise its own error for an expired token (→ token_invalid)
# before our check runs. ``exp`` is instead required below (a missing one is a KeyError)
# and compared with clock.now(), like every other deadline, so it answers token_expired.
_REQUIRED = {
    "verify_exp": False,
    "require_iat": True,
    "require_aud": True,
    "require_iss": True,
    "require_sub": True,
    "require_jti": True,
}


class TokenInvalid(Unauthorized):
    def __init__(self) -> None:
        super().__init__(
            code="token_invalid",
            detail=Text(
                "Ключ доступа недействителен. Войдите снова.",
                "The access token is invalid. Please log in again.",
            ),
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )


class TokenExpired(Unauthorized):
    def __init__(self) -> None:
        super().__init__(
            code="token_expired",
            detail=Text(
                "Срок действия ключа доступа истёк: обновите его или войдите снова.",
                "The access token has expired: refresh it or log in again.",
            ),
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )


@dataclass(frozen=True, slots=True)
class AccessClaims:
    account_id: uuid.UUID
    session_id: uuid.UUID
    jti: str
    expires_at: datetime


def issue_access_token(
    settings: Settings, *, account_id: uuid.UUID, session_id: uuid.UUID
) -> tuple[str, int]:
    """(token, lifetime in seconds)."""
    ring = key_ring(settings)
    issued = int(clock.now().timestamp())
    lifetime = int(ACCESS_TTL.total_seconds())
    claims = {
        "sub": str(account_id),
        "sid": str(session_id),
        "aud": AUDIENCE,
        "iss": ISSUER,
        "iat": issued,
        "exp": issued + lifetime,
        "jti": uuid.uuid4().hex,
    }
    token = jwt.encode(
        claims, ring.signing.private, algorithm=ALGORITHM, headers={"kid": ring.signing.kid}
    )
    return token, lifetime


def _verified(settings: Settings, token: str, audience: str) -> dict[str, Any]:
    """The claims of ``token`` once its signature, key, audience, issuer and lifetime hold:
    the one JWT decoder of the house, for people's and integration clients' tokens alike.
    Raises ``TokenInvalid`` (anything wrong) or ``TokenExpired``."""
    ring = key_ring(settings)
    try:
        header = jwt.get_unverified_header(token)
        kid = header.get("kid")
        if header.get("alg") != ALGORITHM or not isinstance(kid, str) or kid not in ring.by_kid:
            raise TokenInvalid()
        claims: dict[str, Any] = jwt.decode(
            token,
            ring.by_kid[kid].public,
            algorithms=[ALGORITHM],
            audience=audience,
            issuer=ISSUER,
            options=_REQUIRED,
        )
        exp, iat = claims["exp"], claims["iat"]
        if not isinstance(exp, int) or not isinstance(iat, int) or isinstance(exp, bool):
            raise TokenInvalid()
        uuid.UUID(str(claims["sub"]))
    except (JOSEError, KeyError, ValueError, TypeError, AttributeError, UnicodeError):
        raise TokenInvalid() from None
    now = clock.now().timestamp()
    if iat > now + _CLOCK_SKEW or exp - iat > ACCESS_TTL.total_seconds() or not claims["jti"]:
        raise TokenInvalid()
    if exp <= now:
        raise TokenExpired()
    return claims


def _expiry(claims: dict[str, Any]) -> datetime:
    return datetime.fromtimestamp(claims["exp"], clock.now().tzinfo)


def decode_access_token(settings: Settings, token: str) -> AccessClaims:
    claims = _verified(settings, token, AUDIENCE)
    try:
        session_id = uuid.UUID(str(claims["sid"]))
    except (KeyError, ValueError):
        raise TokenInvalid() from None
    return AccessClaims(
        account_id=uuid.UUID(str(claims["sub"])),
        session_id=session_id,
        jti=str(claims["jti"]),
        expires_at=_expiry(claims),
    )


# --- integration clients' tokens (docs/integrations.md) -----------------------------------
# Same key ring and kid/JWKS, another audience and ``typ: "client"``: a client's token never
# passes for a person's (no ``sid``, wrong audience) nor a person's for a client's.
CLIENT_AUDIENCE = "edudiary-integration"
CLIENT_TTL = ACCESS_TTL


@dataclass(frozen=True, slots=True)
class ClientClaims:
    client_uuid: uuid.UUID
    scopes: frozenset[str]
    expires_at: datetime


def issue_client_token(settings: Settings, *, client_uuid: uuid.UUID, scopes: list[str]) -> str:
    ring = key_ring(settings)
    issued = int(clock.now().timestamp())
    claims = {
        "sub": str(client_uuid),
        "aud": CLIENT_AUDIENCE,
        "iss": ISSUER,
        "iat": issued,
        "exp": issued + int(CLIENT_TTL.total_seconds()),
        "jti": uuid.uuid4().hex,
        "typ": "client",
        "scope": " ".join(scopes),
    }
    token: str = jwt.encode(
        claims, ring.signing.private, algorithm=ALGORITHM, headers={"kid": ring.signing.kid}
    )
    return token


def decode_client_token(settings: Settings, token: str) -> ClientClaims:
    claims = _verified(settings, token, CLIENT_AUDIENCE)
    scope = claims.get("scope")
    if claims.get("typ") != "client" or not isinstance(scope, str):
        raise TokenInvalid()
    return ClientClaims(
        client_uuid=uuid.UUID(str(claims["sub"])),
        scopes=frozenset(scope.split()),
        expires_at=_expiry(claims),
    )


def new_refresh_token() -> tuple[str, str]:
    """(token for the client, SHA-256 hex for the database)."""
    token = secrets.token_urlsafe(32)
    return token, hash_refresh_token(token)


def hash_refresh_token(token: str) -> str:
    return hashlib.sha256(token.encode(errors="surrogatepass")).hexdigest()
