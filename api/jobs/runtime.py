"""What running jobs need from the process: a session factory and the job app."""

from __future__ import annotations

from procrastinate import App, PsycopgConnector
from psycopg.conninfo import make_conninfo
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.config import Settings, get_settings

_sessionmaker: async_sessionmaker[AsyncSession] | None = None
_settings: Settings | None = None

# "exports": report files (REPORTS.md §4), CPU-heavy: a worker may serve them alone.
QUEUES = ["default", "notifications", "maintenance", "webhooks", "exports"]
# Scheduled jobs (a webhook retry 5 s after its event) are found by polling: at most this
# late (contract §5: ≤ 2 s). Jobs due at once arrive by LISTEN/NOTIFY.
POLLING_INTERVAL_S = 1.0
# Jobs one worker runs at once: a webhook receiver may take up to 15 s to answer, and must
# not hold up a login SMS meanwhile.
CONCURRENCY = 16


def bind_sessionmaker(
    factory: async_sessionmaker[AsyncSession], settings: Settings | None = None
) -> None:
    global _sessionmaker, _settings
    _sessionmaker = factory
    _settings = settings


def settings() -> Settings:
    return _settings or get_settings()


def session() -> AsyncSession:
    if _sessionmaker is None:
        raise RuntimeError("job runtime has no database; call bind_sessionmaker() first")
    return _sessionmaker()


_app: App | None = None


def build_app(conninfo: str) -> App:
    """The job app on ``conninfo``. Tasks are registered once per process: procrastinate
    renames a blueprint's tasks when adding them under a namespace, so a second
    registration (a second app lifespan in one process, as in the tests) would file them
    as ``edudiary:edudiary:…``; later calls only swap the connector."""
    global _app
    # Named, so operators (and the outage test) can tell the job connections apart.
    named = make_conninfo(conninfo, application_name="edudiary-jobs")
    connector = PsycopgConnector(conninfo=named, min_size=1, max_size=4)
    if _app is not None:
        _app.connector = connector
        _app.job_manager.connector = connector
        return _app

    from api.applications.tasks import tasks as applications_tasks
    from api.delivery.tasks import tasks as delivery_tasks
    from api.diary.events.tasks import tasks as event_tasks
    from api.diary.homework.tasks import tasks as homework_tasks
    from api.jobs.defer import NAMESPACE
    from api.jobs.tasks import tasks as maintenance_tasks
    from api.notifications.tasks import tasks as notifications_tasks
    from api.onboarding.tasks import tasks as onboarding_tasks
    from api.privacy.tasks import tasks as privacy_tasks
    from api.push.tasks import tasks as push_tasks
    from api.reports.tasks import tasks as reports_tasks
    from api.retention.tasks import tasks as retention_tasks
    from api.webhooks.tasks import tasks as webhooks_tasks

    app = App(connector=connector)
    for blueprint in (
        maintenance_tasks,
        retention_tasks,
        delivery_tasks,
        homework_tasks,
        event_tasks,
        applications_tasks,
        webhooks_tasks,
        onboarding_tasks,
        reports_tasks,
        notifications_tasks,
        push_tasks,
        privacy_tasks,
    ):
        app.add_tasks_from(blueprint, namespace=NAMESPACE)
    _app = app
    return app
