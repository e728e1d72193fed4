"""The in-process job worker, kept alive: restarted with backoff when it dies.

procrastinate's worker ends with an exception when PostgreSQL goes away (a restart, a
fail-over). Run bare in a task, that was the end of job processing in the process — login
SMS stayed queued until someone restarted the server. The supervisor restarts it after
1, 2, 4 … 60 seconds (reset once a run has lasted a minute), logs each death, and is
stopped cleanly: ``stop()`` never raises, so the shutdown that follows it (engine, embedded
PostgreSQL) always runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

logger = logging.getLogger("edudiary.jobs")

RunWorker = Callable[[], Awaitable[None]]


@dataclass
class WorkerState:
    running: bool = False
    restarts: int = 0
    last_error: str | None = None


class WorkerSupervisor:
    def __init__(
        self,
        run_worker: RunWorker,
        *,
        first_delay: float = 1.0,
        max_delay: float = 60.0,
        healthy_after: float = 60.0,
    ) -> None:
        self._run_worker = run_worker
        self._first_delay = first_delay
        self._max_delay = max_delay
        self._healthy_after = healthy_after
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self.state = WorkerState()

    def start(self) -> None:
        self._task = asyncio.create_task(self._supervise(), name="edudiary-worker-supervisor")

    async def _supervise(self) -> None:
        delay = self._first_delay
        while True:
            started = time.monotonic()
            self.state.running = True
            try:
                await self._run_worker()
                error = "worker returned"
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                error = type(exc).__name__
            finally:
                self.state.running = False
            if self._stopping:
                return  # it died of being stopped (e.g. turned the cancel into an error)
            if time.monotonic() - started >= self._healthy_after:
                delay = self._first_delay
            self.state.restarts += 1
            self.state.last_error = error
            # The type only: a driver's message may quote connection details.
            logger.warning(
                "job worker stopped; restarting", extra={"error": error, "retry_in_s": delay}
            )
            await asyncio.sleep(delay)
            delay = min(self._max_delay, delay * 2)

    async def stop(self) -> None:
        """Cancel the worker and wait for it; whatever it raises is logged, not re-raised."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping = True
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            try:
                await task
            except Exception as exc:
                logger.warning(
                    "job worker failed while stopping", extra={"error": type(exc).__name__}
                )
