"""Canonical JSON: the one byte form a signed document is hashed in.

Keys sorted, no insignificant whitespace, UTF-8 without ``\\u`` escapes: the same document
gives the same bytes (and SHA-256) whoever builds it, today or years later.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(document: Any) -> str:
    # NaN and infinities have no JSON form (RFC 8785 refuses them): an error, not "NaN".
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
