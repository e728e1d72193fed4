"""Signing a term's grades and checking the signature: pure functions, no database.

The signed bytes are the document's canonical JSON: keys sorted, no whitespace, UTF-8
with non-ASCII characters as they are (no ``\\u`` escapes), no floats (grades are strings,
ids strings, dates ISO strings). For such documents this is exactly RFC 8785 (JCS), so any
JCS library reproduces the bytes.

The signature is a compact JWS (RFC 7515) with a *detached* payload (Appendix F):
``header..signature``. The document travels beside it, readable, and the verifier puts
the canonical bytes back in the middle. The header is ``{"alg": "ES256", "kid": …,
"typ": "edudiary-record+jws"}``: the key is one of the JWKS the API publishes at
``/.well-known/jwks.json`` (the access tokens' key ring and its rotation), and ``typ``
keeps an access token from ever passing for a signed record (and a record for a token:
tokens need claims a record has not). The CLI (``edudiary verify-signature``) uses this
module offline.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from jose import jwk, jws
from jose.exceptions import JOSEError

from api.identity.keys import ALGORITHM, SigningKey
from api.security.canonical import canonical_json

RECORD_TYPE = "edudiary-record+jws"


def canonical(document: dict[str, Any]) -> bytes:
    """The signed bytes: the house's one canonical JSON (``api.security.canonical``)."""
    return canonical_json(document).encode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign(document: dict[str, Any], key: SigningKey) -> str:
    """The detached compact JWS of ``document`` under ``key``."""
    token: str = jws.sign(
        canonical(document),
        key.private,
        headers={"kid": key.kid, "typ": RECORD_TYPE},
        algorithm=ALGORITHM,
    )
    header, _, signature = token.split(".")
    return f"{header}..{signature}"


@dataclass(frozen=True, slots=True)
class Verdict:
    valid: bool
    key_id: str | None
    # Why not valid: malformed | unknown_key | signature_mismatch (None when valid).
    reason: str | None


def header_of(signature: str) -> dict[str, Any] | None:
    """The JWS header, unverified; None unless it is a detached compact JWS."""
    parts = signature.split(".")
    if len(parts) != 3 or parts[1] != "":
        return None
    try:
        raw = parts[0] + "=" * (-len(parts[0]) % 4)
        header = json.loads(base64.urlsafe_b64decode(raw.encode("ascii")))
    except (ValueError, UnicodeError, binascii.Error):
        return None
    return header if isinstance(header, dict) else None


def verify(
    document: dict[str, Any], signature: str, public_jwks: dict[str, dict[str, Any]]
) -> Verdict:
    """Whether ``signature`` signs exactly ``document`` under one of ``public_jwks`` (public
    JWKs by kid). Nothing in the header is trusted before the key is ours and ES256."""
    header = header_of(signature)
    if header is None:
        return Verdict(False, None, "malformed")
    kid = header.get("kid")
    if not isinstance(kid, str):
        return Verdict(False, None, "malformed")
    if header.get("alg") != ALGORITHM or header.get("typ") != RECORD_TYPE:
        return Verdict(False, kid, "malformed")
    public = public_jwks.get(kid)
    if public is None:
        return Verdict(False, kid, "unknown_key")
    try:
        payload = canonical(document)
    except (TypeError, ValueError):
        return Verdict(False, kid, "malformed")
    head, _, tail = signature.split(".")
    try:
        key = jwk.construct(public, ALGORITHM)
        jws.verify(f"{head}.{_b64(payload)}.{tail}", key, algorithms=[ALGORITHM])
    except (JOSEError, ValueError, TypeError, KeyError):
        return Verdict(False, kid, "signature_mismatch")
    return Verdict(True, kid, None)


def jwks_by_kid(jwks: Any) -> dict[str, dict[str, Any]]:
    """The EC P-256 public keys of a JWKS document (``{"keys": [...]}``), by kid."""
    keys = jwks.get("keys") if isinstance(jwks, dict) else None
    if not isinstance(keys, list):
        raise ValueError("not a JWKS")
    return {
        k["kid"]: k
        for k in keys
        if isinstance(k, dict) and isinstance(k.get("kid"), str) and k.get("kty") == "EC"
    }
