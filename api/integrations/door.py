"""How an integration client becomes a ``Principal`` (``api.identity.deps.ClientDoor``).

Client access tokens are ES256 JWTs signed with the users' key ring (same ``kid``/JWKS),
told apart by ``typ: "client"`` and a different audience, so a client token can never
pass for a person's (``decode_access_token`` requires a session id it does not carry).
Every request re-reads the client row: revoke and narrowed scopes bind at once, and the
effective scopes are the token's ∩ the row's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from jose import jwt
from jose.exceptions import JOSEError
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.errors import Unauthorized
from api.i18n import Text
from api.identity import clock
from api.identity.deps import CallerKind, Principal
from api.identity.keys import ALGORITHM, key_ring
from api.integrations import service
from api.integrations.models import IntegrationClient

AUDIENCE = "edudiary-integration"
ISSUER = "edudiary"
TOKEN_TTL = timedelta(seconds=900)
# exp is compared with clock.now() below, like every deadline of the house (frozen in tests).
_OPTIONS = {"verify_exp": False, "require_iat": True, "require_sub": True}


class ClientUnauthorized(Unauthorized):
    def __init__(self) -> None:
        super().__init__(
            code="invalid_client",
            detail=Text(
                "Ключ клиента интеграции недействителен или отозван",
                "The integration client's credentials are invalid or revoked",
            ),
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )


def issue_token(settings: Settings, client: IntegrationClient, scopes: list[str]) -> str:
    ring = key_ring(settings)
    issued = int(clock.now().timestamp())
    claims = {
        "sub": str(client.id),
        "aud": AUDIENCE,
        "iss": ISSUER,
        "iat": issued,
        "exp": issued + int(TOKEN_TTL.total_seconds()),
        "jti": uuid.uuid4().hex,
        "typ": "client",
        "scope": " ".join(scopes),
    }
    token: str = jwt.encode(
        claims, ring.signing.private, algorithm=ALGORITHM, headers={"kid": ring.signing.kid}
    )
    return token


@dataclass(frozen=True, slots=True)
class ClientClaims:
    client_uuid: uuid.UUID
    scopes: frozenset[str]


def decode_token(settings: Settings, token: str) -> ClientClaims:
    ring = key_ring(settings)
    try:
        header = jwt.get_unverified_header(token)
        kid = header.get("kid")
        if header.get("alg") != ALGORITHM or not isinstance(kid, str) or kid not in ring.by_kid:
            raise ClientUnauthorized()
        claims = jwt.decode(
            token,
            ring.by_kid[kid].public,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            options=_OPTIONS,
        )
        exp = claims["exp"]
        if claims.get("typ") != "client" or not isinstance(claims.get("scope"), str):
            raise ClientUnauthorized()
        if not isinstance(exp, int) or exp <= clock.now().timestamp():
            raise ClientUnauthorized()
        return ClientClaims(uuid.UUID(str(claims["sub"])), frozenset(claims["scope"].split()))
    except (JOSEError, KeyError, ValueError, TypeError, AttributeError):
        raise ClientUnauthorized() from None


def principal_of(client: IntegrationClient, scopes: frozenset[str]) -> Principal:
    return Principal(
        account_id=client.id,
        roles=frozenset(),
        level="client",
        school_id=client.school_id,
        session_id=None,
        kind=CallerKind.client,
        scopes=scopes & frozenset(client.scopes),
    )


class IntegrationDoor:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def by_token(self, session: AsyncSession, token: str) -> Principal:
        claims = decode_token(self.settings, token)
        client = await service.usable(session, claims.client_uuid)
        if client is None:
            raise ClientUnauthorized()
        await service.touch(session, client)
        return principal_of(client, claims.scopes)

    async def by_api_key(self, session: AsyncSession, key: str) -> Principal:
        client = await service.by_secret(session, key)
        if client is None:
            raise ClientUnauthorized()
        await service.touch(session, client)
        return principal_of(client, frozenset(client.scopes))
