"""Encryption at rest and keyed hashes for personal data.

AES-256-GCM with a key id in every blob, so keys rotate: the first key in
``EDUDIARY_SECRET_KEYS`` encrypts, every listed key decrypts. Associated data binds a blob
to its row and column (``"children.snils:<id>"``): a ciphertext copied to another row or
column fails to decrypt. Look-ups and uniqueness use an HMAC of the normalised value, so
the database never holds a searchable plaintext.

Blob layout: ``b"v1" | kid length (1 byte) | kid | nonce (12) | ciphertext+tag``.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from api.config import get_settings

_VERSION = b"v1"


class DecryptionError(Exception):
    """The blob is damaged, was moved to another row, or its key is no longer configured."""


@dataclass(frozen=True, slots=True)
class _Key:
    kid: str
    encryption: bytes
    hashing: bytes


def _derive(secret: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"edudiary", info=purpose).derive(
        secret.encode()
    )


def parse_keys(spec: str) -> tuple[_Key, ...]:
    keys: list[_Key] = []
    for item in (part.strip() for part in spec.split(",")):
        if not item:
            continue
        kid, sep, secret = item.partition(":")
        if not sep or not kid or len(secret) < 16 or len(kid.encode()) > 255:
            raise ValueError("EDUDIARY_SECRET_KEYS must be 'kid:secret' pairs, secrets ≥ 16 chars")
        keys.append(_Key(kid, _derive(secret, b"aes-gcm"), _derive(secret, b"hmac")))
    if not keys:
        raise ValueError("EDUDIARY_SECRET_KEYS is empty")
    return tuple(keys)


@lru_cache(maxsize=4)
def _keys_for(spec: str) -> tuple[_Key, ...]:
    return parse_keys(spec)


def _keys() -> tuple[_Key, ...]:
    return _keys_for(get_settings().secret_keys)


def encrypt_bytes(value: bytes, *, aad: str) -> bytes:
    key = _keys()[0]
    nonce = os.urandom(12)
    kid = key.kid.encode()
    sealed = AESGCM(key.encryption).encrypt(nonce, value, aad.encode())
    return _VERSION + bytes([len(kid)]) + kid + nonce + sealed


def decrypt_bytes(blob: bytes, *, aad: str) -> bytes:
    if len(blob) < 3 or blob[:2] != _VERSION:
        raise DecryptionError("unknown blob format")
    kid_len = blob[2]
    kid = blob[3 : 3 + kid_len].decode()
    nonce = blob[3 + kid_len : 15 + kid_len]
    sealed = blob[15 + kid_len :]
    key = next((k for k in _keys() if k.kid == kid), None)
    if key is None:
        raise DecryptionError(f"key {kid!r} is not configured")
    try:
        return AESGCM(key.encryption).decrypt(nonce, sealed, aad.encode())
    except Exception as exc:  # InvalidTag: wrong row/column or tampering
        raise DecryptionError("blob does not decrypt with its associated data") from exc


def encrypt(value: str, *, aad: str) -> bytes:
    return encrypt_bytes(value.encode(), aad=aad)


def decrypt(blob: bytes, *, aad: str) -> str:
    return decrypt_bytes(blob, aad=aad).decode()


def keyed_hash(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 (hex) with the *first* key: stable look-up value for a normalised input.

    Rotating the first key means re-hashing stored look-up columns (a migration job).
    """
    return _hmac(_keys()[0], f"{purpose}\x00{value}")


def _hmac(key: _Key, message: str) -> str:
    return hmac.new(key.hashing, message.encode(), hashlib.sha256).hexdigest()


def sign(payload: str, *, purpose: str) -> str:
    """A tamper-proof tag for ``payload`` (e-mail links, one-time tokens)."""
    return keyed_hash(payload, purpose=f"sign:{purpose}")


def verify_signature(payload: str, signature: str, *, purpose: str) -> bool:
    """Accepts a tag made with any configured key, so links survive a key rotation."""
    message = f"sign:{purpose}\x00{payload}"
    return any(hmac.compare_digest(_hmac(k, message), signature) for k in _keys())
