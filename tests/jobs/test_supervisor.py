"""The in-process worker is restarted when it dies, and stopping it never fails."""

from __future__ import annotations

import asyncio

from sqlalchemy.exc import OperationalError

from api.jobs.supervisor import WorkerSupervisor


async def test_a_dying_worker_is_restarted_with_backoff() -> None:
    runs: list[int] = []
    running = asyncio.Event()

    async def worker() -> None:
        runs.append(len(runs))
        if len(runs) <= 2:
            raise OperationalError("SELECT 1", {}, ConnectionRefusedError())
        running.set()
        await asyncio.Event().wait()  # works until cancelled

    supervisor = WorkerSupervisor(worker, first_delay=0.01, max_delay=0.02)
    supervisor.start()
    await asyncio.wait_for(running.wait(), timeout=10)

    assert runs == [0, 1, 2]
    assert supervisor.state.running is True
    assert supervisor.state.restarts == 2
    assert supervisor.state.last_error == "OperationalError"
    await supervisor.stop()
    assert supervisor.state.running is False


async def test_stop_survives_a_worker_that_fails_while_stopping() -> None:
    started = asyncio.Event()

    async def worker() -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            raise OperationalError("LISTEN", {}, ConnectionResetError()) from None

    supervisor = WorkerSupervisor(worker, first_delay=60)
    supervisor.start()
    await asyncio.wait_for(started.wait(), timeout=10)

    await supervisor.stop()  # must not raise: the shutdown after it has to run

    assert supervisor.state.running is False
