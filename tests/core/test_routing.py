"""Routes are registered flat and looked up through the index; the index never picks a
route the framework's own in-order scan would not."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Match

from api.config import Settings
from api.main import create_app
from api.routing import RouteIndex

SAMPLES = {"version": "1", "token": "abcdef", "code": "test", "kind": "snils", "week": "2026-W48"}


def concrete(path: str) -> str:
    """A request path for a route template: ids as UUIDs, the rest from SAMPLES."""
    return re.sub(
        r"\{([a-z_]+)(?::[a-z]+)?\}",
        lambda m: SAMPLES.get(m[1], "6f1c2a4e-0000-4000-8000-000000000001"),
        path,
    )


def first_full(
    routes: list[BaseRoute] | tuple[BaseRoute, ...], path: str, method: str
) -> BaseRoute | None:
    scope = {"type": "http", "path": path, "method": method, "root_path": "", "headers": []}
    for route in routes:
        if route.matches(scope)[0] is Match.FULL:
            return route
    return None


@pytest.fixture(scope="module")
def routes() -> list[BaseRoute]:
    app = create_app(
        Settings(env="test", database_url="postgresql://unused/unused"), manage_database=False
    )
    return list(app.router.routes)


def test_every_route_is_flat(routes: list[BaseRoute]) -> None:
    api_routes = [r for r in routes if isinstance(r, APIRoute)]
    assert len(api_routes) > 100
    assert all(
        r.path.startswith(("/api/v1/", "/.well-known/", "/oauth/", "/ims/")) for r in api_routes
    )


def test_the_index_picks_what_the_ordered_scan_picks(routes: list[BaseRoute]) -> None:
    index = RouteIndex(routes)
    checked = 0
    for route in routes:
        if not isinstance(route, APIRoute):
            continue
        path = concrete(route.path)
        for method in route.methods or ():
            expected = first_full(routes, path, method)
            assert expected is not None, (route.path, method)
            assert first_full(list(index.candidates(path)), path, method) is expected, (
                route.path,
                method,
            )
            checked += 1
    assert checked > 130


@pytest.mark.parametrize(
    "path", ["/api/v1/nowhere", "/api/v1/students", "/api/v1/me/", "/index.html", "/"]
)
def test_paths_the_index_does_not_know_fall_back(routes: list[BaseRoute], path: str) -> None:
    index = RouteIndex(routes)
    assert first_full(list(index.candidates(path)), path, "GET") is first_full(routes, path, "GET")


def _dependencies(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for dependency in dependant.dependencies:
        if dependency.call is not None:
            yield dependency.call
        yield from _dependencies(dependency)


def _runs_on_the_loop(call: Callable[..., Any]) -> bool:
    method = call if inspect.isfunction(call) else getattr(call, "__call__", call)  # noqa: B004
    return inspect.iscoroutinefunction(method) or inspect.isasyncgenfunction(method)


def test_no_route_leaves_the_event_loop_for_a_dependency(routes: list[BaseRoute]) -> None:
    """FastAPI runs a plain ``def`` dependency or endpoint on a worker thread: a hand-off
    that cost ≈ 0.15 ms of CPU per request — more than all the rest of ``/.well-known/
    jwks.json`` — for functions that only read ``app.state``. Everything a route calls is
    ``async def``; blocking work goes through ``asyncio.to_thread`` where it happens."""
    sync = sorted(
        {
            f"{route.path}: {getattr(call, '__qualname__', call)}"
            for route in routes
            if isinstance(route, APIRoute)
            for call in (route.endpoint, *_dependencies(route.dependant))
            if not _runs_on_the_loop(call)
        }
    )
    assert sync == []
