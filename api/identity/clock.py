"""The one clock identity rules read: tests move it instead of sleeping.

Code expiry, resend cooldowns, lock-outs, token lifetimes and throttling windows all call
``clock.now()`` (through the module, never ``from ... import now``), so a test that
monkeypatches ``api.identity.clock.now`` moves every one of them at once.
"""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)
