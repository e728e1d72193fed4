"""Standard Webhooks signatures and secrets.

``webhook-signature: v1,<base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))>`` with key =
the base64-decoded secret after ``whsec_``; during a rotation both secrets sign (space-
separated). Checked against the independent ``standardwebhooks`` library in the tests.
Secrets are sealed at rest (AES-256-GCM bound to the webhook's row) and never logged.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
import uuid

from api.security import crypto

PREFIX = "whsec_"
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(PREFIX))


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signature_header(secrets_: list[str], message_id: str, timestamp: int, body: bytes) -> str:
    return " ".join(signature(s, message_id, timestamp, body) for s in secrets_)


def _aad(webhook_id: uuid.UUID, column: str) -> str:
    return f"webhooks.{column}:{webhook_id}"


def seal(secret: str, webhook_id: uuid.UUID, *, column: str = "secret_enc") -> bytes:
    return crypto.encrypt(secret, aad=_aad(webhook_id, column))


def unseal(blob: bytes, webhook_id: uuid.UUID, *, column: str = "secret_enc") -> str:
    return crypto.decrypt(blob, aad=_aad(webhook_id, column))


def ulid(now_ms: int | None = None) -> str:
    """A ULID (48-bit milliseconds + 80 random bits, Crockford base32) — as the SQL
    ``webhook_ulid()`` makes them, for ids minted in Python (``webhook.test``)."""
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    value = (ms << 80) | int.from_bytes(secrets.token_bytes(10), "big")
    return "".join(_ALPHABET[(value >> (5 * i)) & 31] for i in range(25, -1, -1))
