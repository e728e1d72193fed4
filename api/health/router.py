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
        await session.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError):
        logger.warning("health check: database unavailable")
        response.status_code = 503
        return HealthOut(
            status="degraded", database="unavailable", version=__version__, environment=environment
        )
    return HealthOut(status="ok", database="ok", version=__version__, environment=environment)
