"""The clock of application deadlines: tests move it (``monkeypatch.setattr(clock, "now",
…)``) without touching the identity clock that log-in tokens are checked against.

Everything in ``api.applications`` reads the time through ``clock.now()`` (the module,
never ``from … import now``), so one patch moves submissions, deadlines and the jobs.
"""

from __future__ import annotations

from datetime import datetime

from api.identity import clock as identity_clock


def now() -> datetime:
    return identity_clock.now()
