"""ES256 signing keys for access tokens, parsed once per process.

Source: ``EDUDIARY_JWT_PRIVATE_KEYS`` (PEM private keys, concatenated; the first signs, all
verify, so a key rotates by prepending the new one and dropping the old one after the
access-token lifetime). Without it — development and test only, production refuses to
start — a key is generated on first use into ``<data_dir>/keys/jwt-es256.pem`` (0600).
The key id is the RFC 7638 thumbprint of the public key, so it needs no configuration.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jose import jwk

from api.config import Settings

ALGORITHM = "ES256"
KEY_FILE = "jwt-es256.pem"

_PEM_BLOCK = re.compile(
    r"-----BEGIN (?:EC )?PRIVATE KEY-----.+?-----END (?:EC )?PRIVATE KEY-----", re.DOTALL
)


@dataclass(frozen=True, slots=True)
class SigningKey:
    kid: str
    private: Any  # jose Key object: parsed once, reused for every signature
    public: Any
    public_jwk: dict[str, str]


@dataclass(frozen=True, slots=True)
class KeyRing:
    signing: SigningKey
    by_kid: dict[str, SigningKey]
    # The published JWKS as its response body: the keys never change in a process.
    jwks_json: bytes

    def jwks(self) -> dict[str, list[dict[str, str]]]:
        return {"keys": [k.public_jwk for k in self.by_kid.values()]}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _load_pem(pem: str) -> SigningKey:
    private = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(private, ec.EllipticCurvePrivateKey) or private.curve.name != "secp256r1":
        raise ValueError("EDUDIARY_JWT_PRIVATE_KEYS: ES256 needs EC P-256 private keys")
    numbers = private.public_key().public_numbers()
    x, y = _b64(numbers.x.to_bytes(32, "big")), _b64(numbers.y.to_bytes(32, "big"))
    thumbprint = json.dumps(
        {"crv": "P-256", "kty": "EC", "x": x, "y": y}, separators=(",", ":"), sort_keys=True
    )
    kid = _b64(hashlib.sha256(thumbprint.encode()).digest())
    key = jwk.construct(pem, ALGORITHM)
    public_jwk = {"kty": "EC", "crv": "P-256", "x": x, "y": y, "alg": ALGORITHM, "use": "sig"}
    return SigningKey(kid, key, key.public_key(), public_jwk | {"kid": kid})


def generate_pem() -> str:
    private = ec.generate_private_key(ec.SECP256R1())
    return private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def dev_key_file(data_dir: Path, name: str = KEY_FILE) -> str:
    """A development P-256 key (PEM) under ``<data_dir>/keys/``: created atomically with
    mode 0600 on first use, then shared by all processes."""
    directory = data_dir / "keys"
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = directory / name
    if not path.exists():
        tmp = directory / f".{name}.{os.getpid()}.{threading.get_ident()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(generate_pem())
            # Fails if another process won the race: theirs is used.
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    return path.read_text()


def _build(spec: str | None, data_dir: Path, env: str) -> KeyRing:
    if spec:
        pems = _PEM_BLOCK.findall(spec.replace("\\n", "\n"))
        if not pems:
            raise ValueError("EDUDIARY_JWT_PRIVATE_KEYS holds no PEM private key")
    elif env == "production":
        raise RuntimeError("production needs EDUDIARY_JWT_PRIVATE_KEYS")
    else:
        pems = [dev_key_file(data_dir)]
    keys = [_load_pem(pem) for pem in pems]
    by_kid = {k.kid: k for k in keys}
    body = json.dumps({"keys": [k.public_jwk for k in by_kid.values()]}, separators=(",", ":"))
    return KeyRing(signing=keys[0], by_kid=by_kid, jwks_json=body.encode())


_lock = threading.Lock()
_rings: dict[tuple[str | None, str, str], KeyRing] = {}


def key_ring(settings: Settings) -> KeyRing:
    # Called for every token checked: an absolute path without ``resolve()``, which costs a
    # stat per path component (≈ 40 µs) and was a third of an empty route's time.
    data_dir = os.path.join(os.getcwd(), settings.data_dir)
    cache_key = (settings.jwt_private_keys, data_dir, settings.env)
    ring = _rings.get(cache_key)
    if ring is None:
        with _lock:
            ring = _rings.get(cache_key)
            if ring is None:
                ring = _rings[cache_key] = _build(
                    settings.jwt_private_keys, settings.data_dir, settings.env
                )
    return ring
