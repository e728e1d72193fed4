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

from collections.abc import Iterable, Sequence

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Match
from starlette.types import Receive, Scope, Send


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


def _key(path: str) -> str:
    """The literal head of a path: its first three segments (``/api/v1/students``)."""
    return "/".join(path.split("/", 4)[:4])


class RouteIndex:
    """Routes bucketed by the literal head of their path, each bucket in route order; a
    route whose head holds a parameter is in every bucket (and is all there is for a head
    no literal route has)."""

    def __init__(self, routes: Sequence[BaseRoute]) -> None:
        literal: dict[str, list[BaseRoute]] = {}
        self.everywhere: list[BaseRoute] = []
        for route in routes:
            path = getattr(route, "path", None)
            if not isinstance(path, str) or "{" in _key(path):
                self.everywhere.append(route)
            else:
                literal.setdefault(_key(path), []).append(route)
        order = {id(route): n for n, route in enumerate(routes)}
        self.buckets = {
            key: sorted([*bucket, *self.everywhere], key=lambda r: order[id(r)])
            for key, bucket in literal.items()
        }

    def candidates(self, path: str) -> Sequence[BaseRoute]:
        return self.buckets.get(_key(path), self.everywhere)


def index_routes(app: FastAPI) -> None:
    """Match a request only against the routes that share its literal head.

    Why: Starlette tries every route in order, and a FastAPI route's ``matches`` costs a few
    microseconds; with ~140 routes a path near the end of the list spent ≈ 0.3 ms just
    being routed (an empty route's whole cost fell from 0.35 to 0.06 ms). Only a full match
    is served from the bucket; anything else — 404, 405, a trailing-slash redirect — goes
    to the router's own loop, so every answer stays the framework's. Call it after the
    last route is added.
    """
    router = app.router
    index = RouteIndex(router.routes)
    fallback = router.middleware_stack

    async def indexed(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope.get("root_path"):
            for route in index.candidates(scope["path"]):
                match, child_scope = route.matches(scope)
                if match is Match.FULL:
                    scope.setdefault("router", router)
                    scope.update(child_scope)
                    await route.handle(scope, receive, send)
                    return
        await fallback(scope, receive, send)

    router.middleware_stack = indexed
