"""Client ids and secrets in the GitHub/Stripe manner.

``edc_`` + 22 base62 (public); ``edsk_`` + 40 base62 + a 6-char base62 CRC32 of the
prefix and body, so a secret scanner recognises a leaked secret and checks it offline.
The database keeps only HMAC-SHA-256 under a pepper derived from ``EDUDIARY_SECRET_KEYS``
(a stolen table alone cannot be replayed), looked up by that hash through a unique index;
the final comparison is constant-time. Secrets never reach the logs: ``mask`` is what
code may print.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import zlib
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from api.config import get_settings

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
CLIENT_PREFIX = "edc_"
SECRET_PREFIX = "edsk_"  # noqa: S105 — a public prefix, not a secret
_BODY = 40
_CHECK = 6


def _random(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def _base62(number: int, width: int) -> str:
    digits = []
    for _ in range(width):
        number, rest = divmod(number, 62)
        digits.append(ALPHABET[rest])
    return "".join(reversed(digits))


def _checksum(text: str) -> str:
    return _base62(zlib.crc32(text.encode()), _CHECK)


def new_client_id() -> str:
    return CLIENT_PREFIX + _random(22)


def new_secret() -> str:
    head = SECRET_PREFIX + _random(_BODY)
    return head + _checksum(head)


def well_formed(secret: str) -> bool:
    """Shape and checksum: a typo or a foreign token is refused without a database read."""
    if len(secret) != len(SECRET_PREFIX) + _BODY + _CHECK or not secret.startswith(SECRET_PREFIX):
        return False
    if any(c not in ALPHABET for c in secret[len(SECRET_PREFIX) :]):
        return False
    head, check = secret[:-_CHECK], secret[-_CHECK:]
    return hmac.compare_digest(_checksum(head), check)


@lru_cache(maxsize=4)
def _pepper(spec: str) -> bytes:
    # The first (current) key: a rotation of EDUDIARY_SECRET_KEYS' first entry requires
    # rotating client secrets too — written in docs/integrations.md.
    first = spec.split(",")[0].partition(":")[2].strip()
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"edudiary", info=b"integration-secret"
    ).derive(first.encode())


def secret_hash(secret: str) -> str:
    key = _pepper(get_settings().secret_keys)
    return hmac.new(key, secret.encode(errors="surrogatepass"), hashlib.sha256).hexdigest()


def hint(secret: str) -> str:
    return f"{SECRET_PREFIX}…{secret[-4:]}"


def mask(secret: str) -> str:
    return f"{secret[:5]}***"
