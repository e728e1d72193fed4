"""Per-client rate limits (contract §6) that hold across every API process.

GCRA (the generic cell rate algorithm, as in ATM networks and ``redis-cell``): each client
has one row, ``integration_rate_limits.tat`` — the "theoretical arrival time" of its next
request. With ``q`` requests a minute the emission interval is ``T = 60 s / q``; a request
at ``now`` is admitted when ``max(tat, now) + T - now <= 60 s`` and then moves ``tat`` to
``max(tat, now) + T``. A client may burst its whole quota and then gets one request every
``T``; no 60-second span ever holds more than ``q + 1`` requests (a fixed window allows
``2q`` across its boundary). Refused requests do not move ``tat``.

The check is part of the one statement that admits a client (``door.py``): read the client
row (revoked? expired? scopes? limit?), UPSERT its ``tat``, bump ``last_used_at`` at most
once a minute — one round trip, on an autocommit connection, so the row lock lasts one
statement and a refused or failed request still counts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from api.errors import TooManyRequests
from api.i18n import Text

WINDOW = timedelta(seconds=60)
POLICY = "client"


_ADMISSION = """
WITH c AS (
    SELECT id, client_id, school_id, scopes, rate_limit_per_minute AS q
      FROM integration_clients
     WHERE :match
       AND revoked_at IS NULL
       AND (expires_at IS NULL OR expires_at > $1::timestamptz)
), hit AS (
    INSERT INTO integration_rate_limits AS r (client_id, tat)
    SELECT id, $1::timestamptz + make_interval(secs => 60.0 / q) FROM c
    ON CONFLICT (client_id) DO UPDATE
       SET tat = greatest(r.tat, $1::timestamptz) + (excluded.tat - $1::timestamptz)
     WHERE greatest(r.tat, $1::timestamptz) - $1::timestamptz
           <= interval '60 seconds' - (excluded.tat - $1::timestamptz)
    RETURNING r.client_id, r.tat
), touched AS (
    UPDATE integration_clients u SET last_used_at = $1::timestamptz
     WHERE u.id IN (SELECT id FROM c)
       AND (u.last_used_at IS NULL OR u.last_used_at < $1::timestamptz - interval '1 minute')
)
SELECT c.id, c.client_id, c.school_id, c.scopes, c.q,
       (SELECT hit.tat FROM hit WHERE hit.client_id = c.id) AS admitted,
       (SELECT s.tat FROM integration_rate_limits s WHERE s.client_id = c.id) AS previous
  FROM c
"""


def _admission_sql(match: str) -> str:
    # ``match`` is one of the two constants below, never input.
    return _ADMISSION.replace(":match", match)


# $1 = now, $2 = the client's uuid (a token) or the secret's HMAC (an API key).
BY_ID = _admission_sql("id = $2::uuid")
BY_SECRET_HASH = _admission_sql(
    "(secret_hash = $2::text"
    " OR (previous_secret_hash = $2::text AND previous_secret_expires_at > $1::timestamptz))"
)


@dataclass(frozen=True, slots=True)
class Verdict:
    limit: int
    remaining: int
    reset: int  # seconds until the whole quota is back (refused: until one more fits)
    retry_after: int | None  # None: admitted

    def headers(self) -> dict[str, str]:
        """draft-ietf-httpapi-ratelimit-headers-10, as contract §6 spells them."""
        window = int(WINDOW.total_seconds())
        return {
            "RateLimit-Policy": f'"{POLICY}";q={self.limit};w={window}',
            "RateLimit": f'"{POLICY}";r={self.remaining};t={self.reset}',
        }


def verdict(
    limit: int, now: datetime, admitted: datetime | None, previous: datetime | None
) -> Verdict:
    interval = WINDOW.total_seconds() / limit
    if admitted is not None:
        ahead = (admitted - now).total_seconds()
        # A tiny epsilon: interval arithmetic in microseconds must not lose a request.
        remaining = math.floor((WINDOW.total_seconds() - ahead) / interval + 1e-6)
        return Verdict(limit, max(0, min(limit, remaining)), _ceil(ahead), None)
    # Refused: ``previous`` is the statement's snapshot (None only if a concurrent first
    # request inserted the row meanwhile; then one interval is the honest answer).
    base = max(previous, now) if previous is not None else now + WINDOW
    wait = _ceil((base - now).total_seconds() - (WINDOW.total_seconds() - interval))
    return Verdict(limit, 0, wait, wait)


def _ceil(seconds: float) -> int:
    return max(1, math.ceil(seconds - 1e-6))


class RateLimited(TooManyRequests):
    def __init__(self, verdict: Verdict) -> None:
        super().__init__(
            code="rate_limited",
            detail=Text(
                "Клиент интеграции превысил лимит запросов в минуту. Повторите позже.",
                "The integration client exceeded its requests-per-minute limit. Retry later.",
            ),
            headers={**verdict.headers(), "Retry-After": str(verdict.retry_after)},
        )
