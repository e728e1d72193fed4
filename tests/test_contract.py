"""Schemathesis over the whole contract, in process: every endpoint is fuzzed from day one.

The fuzzer's requests commit, so it gets a database of its own, migrated like the main one.
(The schema is loaded at import time: schemathesis' lazy ``from_fixture`` loader does not
work with pytest 9.2.)
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from api import migrate
from api.config import Settings
from api.db import async_url, create_sessionmaker
from api.main import create_app
from tests import support

FUZZ_DB = f"edudiary_test_fuzz_{os.getpid()}"
FUZZ_EXAMPLES = int(os.environ.get("EDUDIARY_FUZZ_EXAMPLES", "30"))

fuzz_app = create_app(
    Settings(env="test", database_url="postgresql://unset/unset", log_json=False),
    manage_database=False,
)
schema = schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)


@pytest.fixture(scope="module", autouse=True)
def fuzz_database(server_url: str) -> Iterator[None]:
    url = support.recreate(server_url, FUZZ_DB)
    migrate.upgrade(url)
    # The ASGI test client runs the app on its own event loop: NullPool opens connections
    # on whichever loop asks, instead of sharing ones bound to pytest's loop.
    engine = create_async_engine(async_url(url), poolclass=NullPool)
    fuzz_app.state.sessionmaker = create_sessionmaker(engine)
    yield
    fuzz_app.state.sessionmaker = None
    support.drop(server_url, FUZZ_DB)


@pytest.mark.fuzz
@schema.parametrize()
# 30 generated cases per operation keep the whole contract under ~2 minutes on 2 cores;
# set EDUDIARY_FUZZ_EXAMPLES=200 for a deeper run by hand.
@settings(max_examples=FUZZ_EXAMPLES, deadline=None)
def test_api_contract(case: Any) -> None:
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
