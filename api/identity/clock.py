"""The one clock identity rules read: tests move it instead of sleeping.

Code expiry, resend cooldowns, lock-outs, token lifetimes and throttling windows all call
``clock.now()`` (through the module, never ``from ... import now``), so a test that
monkeypatches ``api.identity.clock.now`` moves every one of them at once.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta


def now() -> datetime:
    return datetime.now(UTC)


def latest_russian_date() -> date:
    """Today in Kamchatka (UTC+12), the first of Russia's zones to start a day: a date that
    is today anywhere in the country is never "in the future"."""
    return (now() + timedelta(hours=12)).date()
