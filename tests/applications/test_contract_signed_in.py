"""Schemathesis over applications, consents, connection requests and support, *signed in*.

The shared contract test has no token and sees 401 here. A confirmed parent (with a child,
a draft and a submitted application), the school's administrator and an operator let the
fuzzer reach validation, the workflow and the queues: never a 500, every answer declared.
Path ids are swapped for the seeded ones half of the time, so the fuzzer gets past 404.
"""

from __future__ import annotations

import asyncio
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
from api.identity import clock, sessions
from api.identity.models import Account, AccountLevel, AccountStatus, Role
from api.main import create_app
from tests import support
from tests.applications.world import make_school
from tests.factories import child_body

FUZZ_DB = f"edudiary_test_fuzz_applications_{os.getpid()}"
FUZZ_EXAMPLES = int(os.environ.get("EDUDIARY_FUZZ_EXAMPLES", "30"))  # 150+ for a deep run
PATHS = (
    r"^/api/v1/(applications|consents|schools/[^/]+/applications|connection-requests"
    r"|support/|admin/)"
)

fuzz_app = create_app(
    Settings(env="test", database_url="postgresql://unset/unset", log_json=False),
    manage_database=False,
)
schema = schemathesis.openapi.from_asgi("/openapi.json", fuzz_app).include(path_regex=PATHS)

_tokens: dict[str, str] = {}
_ids: dict[str, str] = {}
_calls = itertools.count()


async def _seed(url: str, settings: Settings) -> None:
    from api.schools import service as schools_service
    from api.schools.models import SchoolClass

    engine = create_async_engine(async_url(url), poolclass=NullPool)
    async with create_sessionmaker(engine)() as session:
        school = make_school()
        session.add(school)
        await session.flush()
        school_class = SchoolClass(
            id=uuid.uuid4(),
            school_id=school.id,
            academic_year=schools_service.current_academic_year(school.timezone),
            grade=9,
            letter="Б",
        )
        session.add(school_class)
        for role in (Role.parent, Role.school_admin, Role.operator):
            account = Account(
                id=uuid.uuid4(),
                last_name="Иванова",
                first_name="Мария",
                phone=f"+7916{uuid.uuid4().int % 10**7:07d}",
                phone_confirmed_at=clock.now(),
                password_hash="!",
                level=AccountLevel.confirmed,
                status=AccountStatus.active,
                roles=[role.value],
                school_id=school.id if role == Role.school_admin else None,
            )
            session.add(account)
            await session.flush()
            issued = await sessions.start(session, settings, account, user_agent="fuzz")
            _tokens[role.value] = issued.access_token
        await session.commit()
        _ids["school_id"] = str(school.id)
        _ids["class_id"] = str(school_class.id)
    await engine.dispose()
    transport = ASGITransport(app=fuzz_app)
    parent = {"Authorization": f"Bearer {_tokens['parent']}"}
    async with AsyncClient(transport=transport, base_url="http://fuzz") as client:
        child = (await client.post("/api/v1/me/children", json=child_body(), headers=parent)).json()
        body = {
            "child_id": child["id"],
            "school_id": _ids["school_id"],
            "class_id": _ids["class_id"],
            "contact_phone": "+79161234567",
            "consent": True,
        }
        sent = (await client.post("/api/v1/applications", json=body, headers=parent)).json()
        await client.post(f"/api/v1/applications/{sent['id']}/submit", headers=parent)
        other = (await client.post("/api/v1/me/children", json=child_body(), headers=parent)).json()
        draft = (
            await client.post(
                "/api/v1/applications", json={"child_id": other["id"]}, headers=parent
            )
        ).json()
        ticket = (
            await client.post(
                "/api/v1/support/tickets",
                json={"subject": "Вопрос", "description": "Описание"},
                headers=parent,
            )
        ).json()
    _ids.update(
        child_id=child["id"],
        submitted_id=sent["id"],
        draft_id=draft["id"],
        ticket_id=ticket["id"],
    )


@pytest.fixture(scope="module", autouse=True)
def fuzz_database(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    url = support.recreate(server_url, FUZZ_DB)
    migrate.upgrade(url)
    settings: Settings = fuzz_app.state.settings
    settings = settings.model_copy(update={"data_dir": tmp_path_factory.mktemp("fuzz-data")})
    fuzz_app.state.settings = settings
    engine = create_async_engine(async_url(url), poolclass=NullPool)
    fuzz_app.state.sessionmaker = create_sessionmaker(engine)
    asyncio.run(_seed(url, settings))
    yield
    fuzz_app.state.sessionmaker = None
    support.drop(server_url, FUZZ_DB)


def _role(path: str) -> str:
    if path.startswith("/api/v1/admin/"):
        return Role.operator.value
    if path.startswith("/api/v1/schools/") or path.endswith("/decisions"):
        return Role.school_admin.value
    return Role.parent.value


@pytest.mark.fuzz
@schema.parametrize()
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_signed_in_applications_contract(case: Any) -> None:
    parameters = case.path_parameters or {}
    seeded = next(_calls) % 2 == 0
    if seeded:
        if "application_id" in parameters:
            key = "draft_id" if case.method in ("PATCH", "DELETE") else "submitted_id"
            parameters["application_id"] = _ids[key]
        if "school_id" in parameters:
            parameters["school_id"] = _ids["school_id"]
        if "ticket_id" in parameters:
            parameters["ticket_id"] = _ids["ticket_id"]
        if isinstance(case.body, dict) and "child_id" in case.body:
            case.body["child_id"] = _ids["child_id"]
    case.call_and_validate(
        headers={"Authorization": f"Bearer {_tokens[_role(case.path)]}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
