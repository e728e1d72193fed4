"""Schemathesis over the OneRoster gradebook, *signed in* as an integration client.

The shared contract test has no credentials and sees only 401 here. A client of a seeded
school (a class with a lesson the teacher graded, a platform's own line item and result)
holding every gradebook scope calls with ``X-API-Key``: reads, PUTs and DELETEs reach the
filter grammar, the bodies' validation and the ownership checks — never a 500, every answer
as declared. Path ids and the bodies' references are swapped for the seeded ones half of
the time, so the fuzzer gets past 404.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from httpx import ASGITransport, AsyncClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from api import migrate
from api.config import Settings
from api.db import async_url, create_sessionmaker
from api.main import create_app
from tests import support
from tests.diary.world import build_world
from tests.integrations.conftest import create_client
from tests.oneroster.conftest import v5
from tests.oneroster.gradebook import (
    ALL_GRADEBOOK,
    line_item_body,
    result_body,
    scheduled,
    teacher_grades,
    work_type_id,
)

FUZZ_DB = f"edudiary_test_fuzz_oneroster_{os.getpid()}"
FUZZ_EXAMPLES = int(os.environ.get("EDUDIARY_FUZZ_EXAMPLES", "30"))  # 150+ for a deep run
PATHS = r"^/ims/oneroster/gradebook/"
GRADEBOOK = "/ims/oneroster/gradebook/v1p2"

fuzz_app = create_app(
    Settings(env="test", database_url="postgresql://unset/unset", log_json=False),
    manage_database=False,
)
schema = schemathesis.openapi.from_asgi("/openapi.json", fuzz_app).include(path_regex=PATHS)

_key: dict[str, str] = {}
_ids: dict[str, str] = {}
_calls = itertools.count()
_owners = itertools.cycle(("line_item", "journal_line_item"))


async def _seed(url: str, settings: Settings) -> None:
    engine = create_async_engine(async_url(url), poolclass=NullPool)
    async with create_sessionmaker(engine)() as session:
        world = await build_world(session, settings)
        await session.commit()
    await engine.dispose()
    transport = ASGITransport(app=fuzz_app)
    async with AsyncClient(transport=transport, base_url="http://fuzz") as http:
        lesson, grades = await teacher_grades(
            http,
            world,
            [
                {"student_id": str(world.pupil.id), "value": 5, "work_type": "test"},
                {"student_id": str(world.classmate.id), "value": 4},
            ],
        )
        engine = create_async_engine(async_url(url), poolclass=NullPool)
        async with create_sessionmaker(engine)() as session:
            test = await work_type_id(session, world, "test")
        await engine.dispose()
        # The fuzzer's ~600 requests a run stay under the client's limit.
        made = await create_client(
            http, world.admin.token, scopes=ALL_GRADEBOOK, rate_limit_per_minute=6000
        )
        key = {"X-API-Key": made["client_secret"]}
        item, result = str(uuid.uuid4()), str(uuid.uuid4())
        put = await http.put(
            f"{GRADEBOOK}/lineItems/{item}", json=line_item_body(world, test), headers=key
        )
        assert put.status_code == 201, put.text
        put = await http.put(
            f"{GRADEBOOK}/results/{result}", json=result_body(item, world.pupil.id), headers=key
        )
        assert put.status_code == 201, put.text
    _key.update(key)
    _ids.update(
        school=str(world.school.id),
        scheduled_class=scheduled(world),
        homeroom=str(world.class_b.id),
        student=str(world.pupil.id),
        category=str(test),
        line_item=item,
        result=result,
        journal_line_item=v5(f"lineItem:{lesson['id']}:{test}"),
        grade=grades[0]["id"],
    )


@pytest.fixture(scope="module", autouse=True)
def fuzz_database(server_url: str) -> Iterator[None]:
    url = support.recreate(server_url, FUZZ_DB)
    migrate.upgrade(url)
    settings: Settings = fuzz_app.state.settings
    engine = create_async_engine(async_url(url), poolclass=NullPool)
    fuzz_app.state.sessionmaker = create_sessionmaker(engine)
    asyncio.run(_seed(url, settings))
    yield
    fuzz_app.state.sessionmaker = None
    support.drop(server_url, FUZZ_DB)


def _seeded_path(case: Any) -> None:
    # Containers are replaced, not changed in place: schemathesis tracks assignments.
    parameters = dict(case.path_parameters or {})
    path = case.path
    if "id" in parameters:
        if path.startswith("/ims/oneroster/gradebook/v1p2/classes/"):
            parameters["id"] = _ids["scheduled_class"]
        elif path.startswith("/ims/oneroster/gradebook/v1p2/schools/"):
            parameters["id"] = _ids["school"]
        elif "/lineItems/" in path:
            # The platform's own, or a journal column (refused to writes: 403).
            parameters["id"] = _ids[next(_owners)]
        elif "/results/" in path:
            parameters["id"] = _ids["result" if next(_owners) == "line_item" else "grade"]
        elif "/categories/" in path:
            parameters["id"] = _ids["category"]
    if "lid" in parameters:
        parameters["lid"] = _ids["line_item"]
    if "sid" in parameters:
        parameters["sid"] = _ids["student"]
    case.path_parameters = parameters


def _seeded_body(case: Any) -> None:
    if not isinstance(case.body, dict):
        return
    body = copy.deepcopy(case.body)
    path_id = (case.path_parameters or {}).get("id")
    refs = {
        "class": "scheduled_class",
        "category": "category",
        "school": "school",
        "lineItem": "line_item",
        "student": "student",
    }
    for wrapper in ("lineItem", "result"):
        inner = body.get(wrapper)
        if not isinstance(inner, dict):
            continue
        for name, seeded in refs.items():
            if isinstance(inner.get(name), dict):
                inner[name]["sourcedId"] = _ids[seeded]
        if "sourcedId" in inner and path_id is not None:
            inner["sourcedId"] = path_id  # a different one is a plain 422
    case.body = body


@pytest.mark.fuzz
@schema.parametrize()
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_signed_in_gradebook_contract(case: Any) -> None:
    if next(_calls) % 2 == 0:
        _seeded_path(case)
        _seeded_body(case)
    # The fuzzer may invent a bearer token for the declared security scheme: a bad token
    # beside a good key is a 401 (tested in tests/integrations), and reaches nothing.
    if case.headers:
        case.headers.pop("Authorization", None)
    case.call_and_validate(
        headers=dict(_key), checks=[not_a_server_error, response_schema_conformance]
    )
