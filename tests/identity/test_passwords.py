"""Password policy (seed: «минимум 12 символов, с обязательным сочетанием букв разных
регистров, цифр и специальных знаков») and argon2id hashing."""

from __future__ import annotations

import os
import threading

import pytest
from httpx import AsyncClient

from api.identity import passwords
from tests.identity.conftest import registration


def codes_for(password: str, phone: str | None = "+79161234567") -> set[str]:
    return {p.code for p in passwords.password_problems(password, phone=phone, field="password")}


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Ab1!defgh", "password_too_short"),
        ("Ab1!" + "x" * 125, "password_too_long"),
        ("ab1!defghijkl", "password_no_uppercase"),
        ("AB1!DEFGHIJKL", "password_no_lowercase"),
        ("Abc!defghijkl", "password_no_digit"),
        ("Abc1defghijkl", "password_no_symbol"),
        ("Qwerty123456!", "password_common"),
        ("P@ssw0rd1234", "password_common"),
        ("Йцукен123456!", "password_common"),
        ("Солнышко2024!", "password_common"),
        ("Ab!1234567xyz", "password_contains_phone"),
        ("Tab\tStop1!xyz", "password_invalid_characters"),
    ],
)
def test_each_rule_has_its_own_code(password: str, code: str) -> None:
    assert code in codes_for(password)


@pytest.mark.parametrize(
    "password",
    ["Зима-2026!Снег", "correct Horse 7 battery", "Ёжик в тумане: 1975", "Ab1!" + "z" * 124],
)
def test_good_passwords_pass(password: str) -> None:
    assert codes_for(password) == set()


def test_common_list_is_shipped_and_large() -> None:
    common = passwords.common_passwords()
    assert len(common) > 3000
    assert {"123456", "qwerty", "йцукен", "пароль", "1q2w3e4r"} <= common


async def test_hash_is_argon2id_with_owasp_parameters_and_verifies() -> None:
    digest = await passwords.hash_password("Зима-2026!Снег")

    assert digest.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert await passwords.verify_password("Зима-2026!Снег", digest) == (True, None)
    assert (await passwords.verify_password("зима-2026!снег", digest))[0] is False


async def test_registration_lists_every_broken_rule_in_russian(client: AsyncClient) -> None:
    response = await client.post("/api/v1/auth/register", json=registration(password="qwerty"))

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "password_policy"
    codes = {e["code"] for e in body["errors"]}
    assert {"password_too_short", "password_no_uppercase", "password_common"} <= codes
    assert all(e["field"] == "password" for e in body["errors"])
    assert all(e["message"].startswith("Пароль:") for e in body["errors"])


@pytest.mark.skipif(not hasattr(os, "setpriority"), reason="per-thread priority is Linux's")
async def test_hashes_run_below_the_event_loops_priority() -> None:
    """A login storm must leave the cores to the reads first: argon2 runs at nice 10
    (literal here, not the module's constant), the event loop's thread stays at its own."""
    loop_thread = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    seen: list[int] = []
    original = passwords._context.hash

    def hash_and_look(secret: str) -> str:
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        return str(original(secret))

    passwords._context.hash = hash_and_look
    try:
        await passwords.hash_password("Пароль-для-проверки-1")
    finally:
        passwords._context.hash = original
    assert seen == [max(loop_thread, 10)]
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == loop_thread
