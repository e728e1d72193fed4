"""Schemathesis over this feature's endpoints *signed in*: the shared contract test has no
token, so it only ever sees 401 here. A confirmed parent (and, for /operator paths, an
operator) lets the fuzzer reach validation, uploads, children and confirmations: never a
500, and every answer as declared.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
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

FUZZ_DB = f"edudiary_test_fuzz_signed_in_{os.getpid()}"
PATHS = (
    r"^/api/v1/(me/(snils|passport|verification|confirmation-code|documents|children)|operator/)"
)

fuzz_app = create_app(
    Settings(env="test", database_url="postgresql://unset/unset", log_json=False),
    manage_database=False,
)
schema = schemathesis.openapi.from_asgi("/openapi.json", fuzz_app).include(path_regex=PATHS)

_tokens: dict[str, str] = {}


async def _account(url: str, settings: Settings, roles: list[str]) -> str:
    engine = create_async_engine(async_url(url), poolclass=NullPool)
    async with create_sessionmaker(engine)() as session:
        account = Account(
            id=uuid.uuid4(),
            last_name="Иванова",
            first_name="Мария",
            phone=f"+7916{uuid.uuid4().int % 10**7:07d}",
            phone_confirmed_at=clock.now(),
            password_hash="!",
            level=AccountLevel.confirmed,
            status=AccountStatus.active,
            roles=roles,
        )
        session.add(account)
        await session.flush()
        issued = await sessions.start(session, settings, account, user_agent="fuzz")
        await session.commit()
    await engine.dispose()
    return issued.access_token


@pytest.fixture(scope="module", autouse=True)
def fuzz_database(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    url = support.recreate(server_url, FUZZ_DB)
    migrate.upgrade(url)
    # Uploads the fuzzer gets accepted land in a temporary data directory.
    settings: Settings = fuzz_app.state.settings
    settings = settings.model_copy(update={"data_dir": tmp_path_factory.mktemp("fuzz-data")})
    fuzz_app.state.settings = settings
    _tokens["parent"] = asyncio.run(_account(url, settings, [Role.parent.value]))
    _tokens["operator"] = asyncio.run(_account(url, settings, [Role.operator.value]))
    engine = create_async_engine(async_url(url), poolclass=NullPool)
    fuzz_app.state.sessionmaker = create_sessionmaker(engine)
    yield
    fuzz_app.state.sessionmaker = None
    support.drop(server_url, FUZZ_DB)


@pytest.mark.fuzz
@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_signed_in_contract(case: Any) -> None:
    role = "operator" if case.path.startswith("/api/v1/operator/") else "parent"
    case.call_and_validate(
        headers={"Authorization": f"Bearer {_tokens[role]}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
