"""Routes registered flat on the application's router.

Why: since FastAPI 0.137 ``include_router`` keeps each included router as a nested node,
and every request walks that tree (``_IncludedRouter._match`` at each level, with scope
bookkeeping per candidate). With ~130 routes in 20 routers that walk was ≈ 0.5 ms of CPU
per request — more than the whole week-diary query. Feature routers stay as they are
(prefix, tags, declared errors); here their routes are re-registered directly on the
app, with the same paths, names and OpenAPI entries, so matching is one linear scan of
compiled regexes, as in Starlette.

Feature routers must be leaves: an ``include_router`` inside one would be a nested node
again, and ``flatten`` refuses it rather than quietly serving it slowly.
"""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute


def flatten(app: FastAPI, routers: Iterable[APIRouter], *, prefix: str = "") -> None:
    """Register every route of ``routers`` on ``app`` under ``prefix``."""
    for router in routers:
        for route in router.routes:
            if not isinstance(route, APIRoute):
                raise TypeError(
                    f"{route!r} in a feature router: only plain API routes can be flattened"
                )
            app.router.add_api_route(
                prefix + route.path,
                route.endpoint,
                response_model=route.response_model,
                status_code=route.status_code,
                tags=list(route.tags),
                dependencies=list(route.dependencies),
                summary=route.summary,
                description=route.description,
                response_description=route.response_description,
                responses=dict(route.responses),
                deprecated=route.deprecated,
                methods=set(route.methods or ()),
                operation_id=route.operation_id,
                response_model_include=route.response_model_include,
                response_model_exclude=route.response_model_exclude,
                response_model_by_alias=route.response_model_by_alias,
                response_model_exclude_unset=route.response_model_exclude_unset,
                response_model_exclude_defaults=route.response_model_exclude_defaults,
                response_model_exclude_none=route.response_model_exclude_none,
                include_in_schema=route.include_in_schema,
                response_class=route.response_class,
                name=route.name,
                callbacks=route.callbacks,
                openapi_extra=route.openapi_extra,
            )
