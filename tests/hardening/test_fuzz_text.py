"""Fuzz: odd text into every free-text field of every JSON body — never a server error.

The walk reads ``openapi.json`` (as ``test_control_characters`` does), so a field added
later is fuzzed without anyone remembering to. Each request is a *valid* body (the
schema's examples, A's ids from the access matrix's world) with one string field
replaced, sent by the first of A's people the route lets in, so the text reaches
validation, the service and PostgreSQL, not just the 401 of a missing token.

Two passes: every field × a fixed corpus (NUL and other controls, RTL and zero-width
marks, combining characters, lone surrogates as escaped JSON, emoji, 100 000
characters); then Hypothesis draws mixtures of those for random fields, bounded by
``EDUDIARY_FUZZ_EXAMPLES`` (default 150).
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from httpx import AsyncClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from tests.hardening.matrix_world import Matrix, body_of, build_matrix
from tests.hardening.openapi_walk import resolve
from tests.hardening.test_control_characters import BODY_CASES

EXAMPLES = int(os.environ.get("EDUDIARY_FUZZ_EXAMPLES", "150"))

CORPUS = [
    "a\x00b",
    "\x1b[2J\x07\x7f\x85",
    "\u202eевилс\u202c \u200f\u200e\u2066x\u2069",  # bidi overrides and isolates
    "\u200b\u200d\ufeff\u2060",  # zero-width and BOM
    "е\u0301\u0308\u0336" * 50 + "Z\u0351\u0352\u0353" * 30,  # combining marks
    "\ud800",  # a lone high surrogate (escaped JSON, as JSON.stringify sends it)
    "\udfff tail",
    "👨‍👩‍👧‍👦🏳️‍🌈🇷🇺\U0001f600",  # ZWJ sequences, flags, astral plane
    "\uffff\ufffe\U0010ffff",  # non-characters
    "Ы" * 100_000,
    " ",
    "",
    "' OR 1=1; --\\\"%s%n{0}${7*7}<script>",
]
ODD = st.one_of(
    st.sampled_from(CORPUS),
    st.text(
        alphabet=st.one_of(
            st.characters(codec="utf-8"),
            st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
            st.sampled_from(["\u202e", "\u0301", "\x00", "\u200d", "\U0001f468"]),
        ),
        max_size=300,
    ),
    st.builds(
        lambda c, n: c * n, st.sampled_from(["я", "\u0301", "😀", "a"]), st.integers(1, 20_000)
    ),
)

# Who fills in a route's body: the first of A's people not turned away (401/403).
CANDIDATES = ("parent", "teacher", "admin", "class_teacher", "operator", "platform")


def _put(document: Any, path: list[str], value: str) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if head == "0":
        items = list(document) if isinstance(document, list) and document else [{}]
        items[0] = _put(items[0], rest, value)
        return items
    base = dict(document) if isinstance(document, dict) else {}
    base[head] = _put(base.get(head), rest, value)
    return base


class Fuzzer:
    def __init__(self, client: AsyncClient, matrix: Matrix, people: dict[str, dict[str, str]]):
        self.client, self.matrix, self.people = client, matrix, people
        self.callers: dict[tuple[str, str], dict[str, str]] = {}
        self.errors: list[str] = []
        self.reached: set[tuple[str, str]] = set()  # someone of A's got past 401/403

    async def caller(self, method: str, route: str) -> dict[str, str]:
        if (method, route) not in self.callers:
            chosen = self.people["parent"]
            for name in CANDIDATES:
                answer = await self.send(method, route, None, None, self.people[name])
                if answer.status_code not in (401, 403):
                    chosen = self.people[name]
                    self.reached.add((method, route))
                    break
            self.callers[method, route] = chosen
        return self.callers[method, route]

    async def send(
        self, method: str, route: str, path: list[str] | None, value: str | None,
        headers: dict[str, str],
    ) -> Any:  # fmt: skip
        ids = {name: self.matrix.ids.get(name, "00000000-0000-4000-8000-000000000000") for name in
               _names(route)}  # fmt: skip
        body = body_of(route, method, self.matrix)
        if path is not None and value is not None:
            body = _put(body, path, value)
        return await self.client.request(
            method.upper(),
            route.format(**ids),
            content=json.dumps(body),  # ASCII-escaped: lone surrogates travel as \ud800
            headers={**headers, "Content-Type": "application/json"},
        )

    async def fuzz(self, method: str, route: str, path: list[str], value: str) -> None:
        headers = await self.caller(method, route)
        answer = await self.send(method, route, path, value, headers)
        if answer.status_code >= 500:
            self.errors.append(
                f"{method.upper()} {route} {'.'.join(path)}={value[:40]!r}: "
                f"{answer.status_code} {answer.text[:200]}"
            )


def _names(route: str) -> list[str]:
    return [part[1:-1] for part in route.replace("}", "}/").split("/") if part.startswith("{")]


@pytest.fixture
async def fuzzer(client: AsyncClient, session: AsyncSession, settings: Settings) -> Fuzzer:
    from api.identity.models import AccountLevel, Role
    from tests.factories import make_operator, make_person

    matrix = await build_matrix(client, session, settings)
    w = matrix.world
    operator = await make_operator(session, settings)
    platform = await make_person(
        session, settings, roles=(Role.platform_admin,), level=AccountLevel.confirmed
    )
    people = {
        "parent": w.parent.headers,
        "teacher": w.teacher.headers,
        "admin": w.admin.headers,
        "class_teacher": w.class_teacher.headers,
        "operator": operator.headers,
        "platform": platform.headers,
    }
    return Fuzzer(client, matrix, people)


FIELDS = [case.values for case in BODY_CASES]


def test_the_corpus_has_each_kind_of_odd_text() -> None:
    text = "".join(CORPUS)
    for mark in ("\x00", "\u202e", "\u0301", "\ud800", "\u200d", "\U0001f600", "\ufeff"):
        assert mark in text
    assert max(len(value) for value in CORPUS) >= 100_000
    assert len(FIELDS) > 80
    assert all(resolve({"$ref": "#/components/schemas/HomeworkIn"}))


async def test_every_text_field_takes_the_corpus_without_a_server_error(fuzzer: Fuzzer) -> None:
    for method, route, path in FIELDS:
        for value in CORPUS:
            await fuzzer.fuzz(method, route, path, value)
    assert not fuzzer.errors, "\n".join(fuzzer.errors)
    # The text got past the door: into validation and the services, not just a 401.
    routes = {(method, route) for method, route, _ in FIELDS}
    assert len(fuzzer.reached) >= 0.9 * len(routes), sorted(routes - fuzzer.reached)


@given(case=st.sampled_from(FIELDS), value=ODD)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
async def test_random_odd_text_in_random_fields_gives_no_server_error(
    fuzzer: Fuzzer, case: tuple[str, str, list[str]], value: str
) -> None:
    method, route, path = case
    await fuzzer.fuzz(method, route, path, value)
    assert not fuzzer.errors, "\n".join(fuzzer.errors)
