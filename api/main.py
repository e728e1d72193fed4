"""The FastAPI application: routers, error handlers, middleware, lifespan."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.routing import APIRoute
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from api import __version__, embedded
from api.applications import router as applications_router
from api.audit.router import router as audit_router
from api.children.router import router as children_router
from api.config import Settings, get_settings
from api.connection_requests import router as connection_requests_router
from api.db import (
    create_engine,
    create_hot_pool,
    create_read_sessionmaker,
    create_sessionmaker,
    libpq_url,
)
from api.delivery.router import router as delivery_router
from api.diary.router import routers as diary_routers
from api.documents import router as documents_router
from api.errors import install_error_handlers, install_problem_schema, problem_responses
from api.health.router import router as health_router
from api.idempotency.middleware import IdempotencyMiddleware
from api.identity import me_router as identity_me_router
from api.identity import router as identity_router
from api.identity.deps import TokenCache
from api.input_guard import InputGuardMiddleware
from api.integrations import router as integrations_router
from api.integrations.door import IntegrationDoor
from api.integrations.oauth import oauth_router
from api.jobs import runtime as jobs_runtime
from api.jobs.supervisor import WorkerSupervisor
from api.learning_plans import router as learning_plans_router
from api.messaging import router as messaging_router
from api.middleware import RequestContextMiddleware
from api.notifications.router import me_router as notifications_me_router
from api.notifications.router import router as notifications_router
from api.onboarding import router as onboarding_router
from api.oneroster import imsx as oneroster_imsx
from api.oneroster import suggestions_router
from api.oneroster.router import gradebook_router as oneroster_gradebook_router
from api.oneroster.router import router as oneroster_router
from api.privacy import router as privacy_router
from api.push.router import router as push_router
from api.reports import router as reports_router
from api.routing import flatten, index_routes
from api.schools.router import routers as schools_routers
from api.security.headers import SecurityHeadersMiddleware
from api.signatures import router as signatures_router
from api.stream.hub import StreamHub
from api.stream.router import router as stream_router
from api.support import router as support_router
from api.validation.router import router as validation_router
from api.verification import operator_router as verification_operator_router
from api.verification import router as verification_router
from api.webhooks import router as webhooks_router

logger = logging.getLogger("edudiary")

API_PREFIX = "/api/v1"


def operation_id(route: APIRoute) -> str:
    """Stable ids ``<tag>-<name>``: generated clients depend on them."""
    tag = str(route.tags[0]) if route.tags else "default"
    return f"{tag}-{route.name}".replace("_", "-")


def resolve_database_url(settings: Settings) -> str:
    """``DATABASE_URL`` when given; otherwise the embedded server, migrated to head."""
    if settings.database_url:
        return settings.database_url
    from api import migrate

    url = embedded.start(settings.data_dir)
    migrate.upgrade(url)
    return url


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    if not app.state.manage_database:
        # The caller (tests) injects app.state.sessionmaker and owns the engine.
        yield
        return
    url = await asyncio.to_thread(resolve_database_url, settings)
    engine = create_engine(url, settings)
    app.state.sessionmaker = create_sessionmaker(engine)
    app.state.read_sessionmaker = create_read_sessionmaker(engine)
    app.state.hot_pool = await create_hot_pool(url, settings)
    replica = (
        create_engine(settings.database_replica_url, settings)
        if settings.database_replica_url
        else None
    )
    app.state.replica_sessionmaker = (
        create_read_sessionmaker(replica) if replica is not None else None
    )
    hub: StreamHub = app.state.stream_hub
    # LISTEN and the job queue hold a session's state: PostgreSQL itself, never a
    # transaction-mode pooler (DATABASE_DIRECT_URL).
    await hub.start(libpq_url(settings.direct_url(url)))
    jobs_runtime.bind_sessionmaker(app.state.sessionmaker, settings)
    supervisor: WorkerSupervisor | None = None
    run_worker = (
        settings.run_worker_in_process
        if settings.run_worker_in_process is not None
        else settings.embedded
    )
    job_app = jobs_runtime.build_app(libpq_url(settings.direct_url(url)))
    app.state.job_app = job_app
    try:
        async with job_app.open_async():
            if run_worker:
                supervisor = WorkerSupervisor(
                    lambda: job_app.run_worker_async(
                        queues=jobs_runtime.QUEUES,
                        install_signal_handlers=False,
                        fetch_job_polling_interval=jobs_runtime.POLLING_INTERVAL_S,
                        concurrency=jobs_runtime.CONCURRENCY,
                    )
                )
                supervisor.start()
                logger.info("job worker started in process")
            app.state.worker_supervisor = supervisor
            # Everything imported and built so far lives as long as the process: keeping it
            # out of the collector's generations cut GC pauses on the hot reads (≈ +30 % rps).
            gc.freeze()
            try:
                yield
            finally:
                if supervisor is not None:
                    await supervisor.stop()
                await hub.stop()
                await engine.dispose()
                if replica is not None:
                    await replica.dispose()
                if app.state.hot_pool is not None:
                    await app.state.hot_pool.close()
                app.state.sessionmaker = app.state.read_sessionmaker = app.state.hot_pool = None
                app.state.replica_sessionmaker = None
    finally:
        # Whatever failed above (a worker dying mid-shutdown, a server already gone), the
        # embedded PostgreSQL is left, or it outlives the process.
        if settings.embedded:
            await asyncio.to_thread(embedded.stop)


def create_app(settings: Settings | None = None, *, manage_database: bool = True) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="edudiary API",
        version=__version__,
        description=(
            "Электронный дневник школьника: учётные записи, заявления, дневник, "
            "интеграции. Ошибки — application/problem+json (RFC 9457)."
        ),
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
        responses=problem_responses(500, 503),
        docs_url="/docs" if settings.docs_enabled else None,
        redoc_url="/redoc" if settings.docs_enabled else None,
        # FastAPI's own OpenTelemetry hooks look up providers and request context on every
        # request and dependency; nothing here configures OpenTelemetry (logs are JSON
        # lines with a request id, api/logs.py), so they only cost time.
        telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False},
    )
    app.state.settings = settings
    app.state.manage_database = manage_database
    app.state.sessionmaker = None
    # Tests leave this None: safe methods then use app.state.sessionmaker too.
    app.state.read_sessionmaker = None
    # None unless DATABASE_REPLICA_URL is set: lag-tolerant reads then use the primary.
    app.state.replica_sessionmaker = None
    # Tests leave this None: HotRead then uses app.state.sessionmaker (their transaction).
    app.state.hot_pool = None
    app.state.token_cache = TokenCache()
    # Live streams of this process; it listens once the lifespan has a database (tests
    # that inject a transaction start it themselves, or read the log back only).
    app.state.stream_hub = StreamHub(settings.max_streams)
    # How integration clients become principals (api/identity/deps.py: ClientDoor).
    app.state.client_door = IntegrationDoor(settings)
    app.state.frontend_dist = settings.frontend_dist
    install_error_handlers(app)
    # Starlette runs the last added middleware first: request context wraps idempotency.
    app.add_middleware(IdempotencyMiddleware)
    app.add_middleware(InputGuardMiddleware)
    app.add_middleware(RequestContextMiddleware)
    app.add_middleware(SecurityHeadersMiddleware, hsts=settings.env == "production")
    # Outermost: every layer (log-in limits, logs) sees the client's real address, taken
    # from X-Forwarded-For only when the peer is one of our own proxies.
    app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxy_list)

    flatten(
        app,
        (
            health_router,
            delivery_router,
            validation_router,
            *schools_routers,
            identity_router.router,
            identity_me_router.router,
            verification_router.router,
            verification_operator_router.router,
            documents_router.router,
            documents_router.operator_router,
            children_router,
            audit_router,
            *diary_routers,
            notifications_router,
            stream_router,
            notifications_me_router,
            push_router,
            privacy_router.router,
            applications_router.consents_router,
            applications_router.router,
            connection_requests_router.router,
            connection_requests_router.admin_router,
            reports_router.router,
            learning_plans_router.router,
            signatures_router.router,
            support_router.router,
            support_router.admin_router,
            messaging_router.router,
            integrations_router.router,
            webhooks_router.router,
            webhooks_router.admin_router,
            onboarding_router.router,
            suggestions_router.router,
        ),
        prefix=API_PREFIX,
    )
    flatten(
        app,
        (
            identity_router.jwks_router,
            oauth_router,
            oneroster_router,
            oneroster_gradebook_router,
        ),
    )
    app.state.error_dialects = {oneroster_imsx.PREFIX: oneroster_imsx.render}
    index_routes(app)
    install_problem_schema(app)
    return app
