"""Password hashing (argon2id, off the event loop) and the password policy of the seed.

Seed: «минимум 12 символов, с обязательным сочетанием букв разных регистров, цифр и
специальных знаков». On top: at most 128 characters, not a common password, not the
account's phone number.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import TypeVar

from passlib.context import CryptContext

from api.errors import FieldError
from api.i18n import Text

MIN_LENGTH = 12
MAX_LENGTH = 128

# OWASP minimum for argon2id: m=19456 KiB, t=2, p=1.
_context = CryptContext(
    schemes=["argon2"],
    argon2__type="ID",
    argon2__memory_cost=19456,
    argon2__rounds=2,
    argon2__parallelism=1,
)

# One hash costs ~30 ms of a core and 19 MiB: more parallel hashes than cores only queue
# in threads and multiply memory, so admission is bounded per event loop — to one core
# fewer than the process may use, so that a login storm leaves the event loop a core and
# every other request keeps its latency (with as many hashes as cores, /me's p99 doubled).
_CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
_SLOTS = max(1, _CORES - 1)
_semaphores: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)


# Hashes run on threads of their own at a lower scheduling priority (nice +10, Linux
# threads are scheduled one by one): when the cores are busy, the kernel runs the event loop
# and PostgreSQL first, so a login storm slows logins (one request per session) rather
# than every read (/me's p99 under 8 readers tripled with the hashes at equal priority).
HASH_NICENESS = 10
_T = TypeVar("_T")


def _lower_priority() -> None:
    with contextlib.suppress(OSError, AttributeError):  # not Linux: equal priority
        thread = threading.get_native_id()
        # Never above the process's own priority (a server started under `nice` stays so).
        nice = max(os.getpriority(os.PRIO_PROCESS, thread), HASH_NICENESS)
        os.setpriority(os.PRIO_PROCESS, thread, nice)


_hashing = ThreadPoolExecutor(
    max_workers=_SLOTS, thread_name_prefix="argon2", initializer=_lower_priority
)


async def _off_loop(work: Callable[[], _T]) -> _T:
    return await asyncio.get_running_loop().run_in_executor(_hashing, work)


def _semaphore() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    semaphore = _semaphores.get(loop)
    if semaphore is None:
        semaphore = _semaphores[loop] = asyncio.Semaphore(_SLOTS)
    return semaphore


async def hash_password(password: str) -> str:
    async with _semaphore():
        return str(await _off_loop(lambda: _context.hash(password)))


async def verify_password(password: str, password_hash: str) -> tuple[bool, str | None]:
    """(matches, new hash when the stored one uses weaker parameters)."""
    async with _semaphore():
        ok, new_hash = await _off_loop(lambda: _context.verify_and_update(password, password_hash))
    return bool(ok), new_hash


@cache
def _dummy_hash() -> str:
    return str(_context.hash("edudiary dummy password for timing"))


async def burn_verify(password: str) -> None:
    """Spend the time of a real verification, for log-in names that match no account."""
    async with _semaphore():
        await _off_loop(lambda: _context.verify(password, _dummy_hash()))


# --- policy ------------------------------------------------------------------------

_UPPER = re.compile(r"[A-ZА-ЯЁ]")
_LOWER = re.compile(r"[a-zа-яё]")
_DIGIT = re.compile(r"[0-9]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_EDGE_NOISE = re.compile(r"^[\W\d_]+|[\W\d_]+$")


@cache
def common_passwords() -> frozenset[str]:
    path = Path(__file__).with_name("common_passwords.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


def _is_common(password: str) -> bool:
    lowered = password.lower()
    if lowered in common_passwords():
        return True
    # "Qwerty123456!" is "qwerty" dressed up: strip the digits and symbols around it.
    core = _EDGE_NOISE.sub("", lowered)
    return len(core) >= 4 and core in common_passwords()


def _contains_phone(password: str, phone: str | None) -> bool:
    if not phone:
        return False
    digits = "".join(ch for ch in password if ch.isascii() and ch.isdigit())
    subscriber = re.sub(r"\D", "", phone)[-7:]  # the part people remember
    return len(subscriber) == 7 and subscriber in digits


def _problem(field: str, code: str, ru: str, en: str) -> FieldError:
    return FieldError(field, code, Text(f"Пароль: {ru}", f"Password: {en}"))


def password_problems(password: str, *, phone: str | None, field: str) -> list[FieldError]:
    """Every rule the password breaks, each with a stable code (empty list: acceptable)."""
    problems: list[FieldError] = []
    if len(password) < MIN_LENGTH:
        problems.append(
            _problem(
                field,
                "password_too_short",
                f"не короче {MIN_LENGTH} символов",
                f"at least {MIN_LENGTH} characters",
            )
        )
    if len(password) > MAX_LENGTH:
        problems.append(
            _problem(
                field,
                "password_too_long",
                f"не длиннее {MAX_LENGTH} символов",
                f"at most {MAX_LENGTH} characters",
            )
        )
    if _CONTROL.search(password):
        problems.append(
            _problem(
                field,
                "password_invalid_characters",
                "содержит недопустимые управляющие символы",
                "contains control characters",
            )
        )
    if not _UPPER.search(password):
        problems.append(
            _problem(
                field,
                "password_no_uppercase",
                "нужна хотя бы одна заглавная буква (русская или латинская)",
                "needs an upper-case letter (Cyrillic or Latin)",
            )
        )
    if not _LOWER.search(password):
        problems.append(
            _problem(
                field,
                "password_no_lowercase",
                "нужна хотя бы одна строчная буква (русская или латинская)",
                "needs a lower-case letter (Cyrillic or Latin)",
            )
        )
    if not _DIGIT.search(password):
        problems.append(
            _problem(field, "password_no_digit", "нужна хотя бы одна цифра", "needs a digit")
        )
    if not any(not ch.isalnum() for ch in password):
        problems.append(
            _problem(
                field,
                "password_no_symbol",
                "нужен хотя бы один специальный знак, например ! ? % # _",
                "needs a special character such as ! ? % # _",
            )
        )
    if len(password) <= MAX_LENGTH and _is_common(password):
        problems.append(
            _problem(
                field,
                "password_common",
                "слишком распространённый, его легко подобрать — придумайте другой",
                "too common and easy to guess; choose another",
            )
        )
    if _contains_phone(password, phone):
        problems.append(
            _problem(
                field,
                "password_contains_phone",
                "не должен содержать номер телефона",
                "must not contain the phone number",
            )
        )
    return problems
