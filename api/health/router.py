from __future__ import annotations

import logging

from fastapi import APIRouter, Request, Response
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from api import __version__
from api.db import SessionDep
from api.health.schemas import HealthOut

logger = logging.getLogger("edudiary.health")

router = APIRouter(tags=["health"])

# A worker silent for 60 s (six missed heartbeats) counts as gone.
_JOBS = text(
    """
    SELECT
      (SELECT count(*) FROM procrastinate_workers
        WHERE last_heartbeat > now() - interval '60 seconds') AS workers,
      (SELECT EXTRACT(EPOCH FROM now() - min(GREATEST(e.at, COALESCE(j.scheduled_at, e.at))))
         FROM procrastinate_jobs AS j
         JOIN procrastinate_events AS e ON e.job_id = j.id AND e.type = 'deferred'
        WHERE j.status = 'todo' AND (j.scheduled_at IS NULL OR j.scheduled_at <= now())
      ) AS queue_age
    """
)


@router.get(
    "/health",
    name="get",
    summary="Состояние сервиса и базы данных",
    response_model=HealthOut,
    responses={503: {"model": HealthOut, "description": "База данных недоступна"}},
)
async def get_health(request: Request, response: Response, session: SessionDep) -> HealthOut:
    environment = request.app.state.settings.env
    try:
        row = (await session.execute(_JOBS)).one()
    except (SQLAlchemyError, OSError):
        logger.warning("health check: database unavailable")
        response.status_code = 503
        return HealthOut(
            status="degraded", database="unavailable", version=__version__, environment=environment
        )
    # Liveness from procrastinate's own heartbeats (every 10 s), so a worker in another
    # process or on another host counts too; the status stays "ok" (the API itself works),
    # monitoring alerts on worker == "down" or a growing queue_age_seconds.
    return HealthOut(
        status="ok",
        database="ok",
        version=__version__,
        environment=environment,
        worker="ok" if row.workers else "down",
        queue_age_seconds=int(row.queue_age or 0),
    )
