"""The VAPID key pair (RFC 8292): the application server's identity at push services.

Source: ``EDUDIARY_VAPID_PRIVATE_KEY`` (a PEM EC P-256 private key). Without it, in
development and test, a key is generated on first use into
``<data_dir>/keys/vapid-p256.pem`` (0600), shared by every process on the machine like the
token-signing key; in production web push stays off until a key is configured. The key
itself is never logged.
"""

from __future__ import annotations

import base64
import os
import threading
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid

from api.config import Settings
from api.identity.keys import dev_key_file

KEY_FILE = "vapid-p256.pem"


@dataclass(frozen=True, slots=True)
class VapidKey:
    signer: Any  # py_vapid.Vapid: signs the per-request JWT
    public_key: str  # base64url of the uncompressed point: the browser's applicationServerKey


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _load(pem: str) -> VapidKey:
    private = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(private, ec.EllipticCurvePrivateKey) or private.curve.name != "secp256r1":
        raise ValueError("EDUDIARY_VAPID_PRIVATE_KEY: VAPID needs an EC P-256 private key")
    point = private.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    signer = Vapid.from_pem(pem.encode())
    return VapidKey(signer=signer, public_key=_b64url(point))


_lock = threading.Lock()
_keys: dict[tuple[str | None, str], VapidKey] = {}


def vapid_key(settings: Settings) -> VapidKey | None:
    """The configured key, the development key, or None (production without one)."""
    if not settings.vapid_private_key and settings.env == "production":
        return None
    data_dir = os.path.join(os.getcwd(), settings.data_dir)
    cache_key = (settings.vapid_private_key, data_dir)
    key = _keys.get(cache_key)
    if key is None:
        with _lock:
            key = _keys.get(cache_key)
            if key is None:
                pem = (settings.vapid_private_key or "").replace("\\n", "\n") or dev_key_file(
                    settings.data_dir, KEY_FILE
                )
                key = _keys[cache_key] = _load(pem)
    return key
