"""What running jobs need from the process: a session factory and the job app."""

from __future__ import annotations

from procrastinate import App, PsycopgConnector
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

_sessionmaker: async_sessionmaker[AsyncSession] | None = None

QUEUES = ["default", "notifications", "maintenance"]


def bind_sessionmaker(factory: async_sessionmaker[AsyncSession]) -> None:
    global _sessionmaker
    _sessionmaker = factory


def session() -> AsyncSession:
    if _sessionmaker is None:
        raise RuntimeError("job runtime has no database; call bind_sessionmaker() first")
    return _sessionmaker()


def build_app(conninfo: str) -> App:
    from api.jobs.tasks import tasks

    app = App(connector=PsycopgConnector(conninfo=conninfo, min_size=1, max_size=4))
    app.add_tasks_from(tasks, namespace="edudiary")
    return app
