"""The feed's own folding and escaping are the ``icalendar`` library's, on text chosen to
hit their edges: a fold inside a two-, three- or four-byte character, right after a
backslash or a caret, lines of exactly 74 and 75 octets."""

from __future__ import annotations

import random

from icalendar.parser.string import _escape_char, _foldline
from sqlalchemy import literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.calendar import ical

ALPHABET = "ab;,\\^Nё€😀 \n\r"


def lines(count: int) -> list[str]:
    chance = random.Random(14)
    out = ["x" * 74, "x" * 75, "ё" * 37, "ё" * 38, "x" * 73 + "\\n", "x" * 73 + "ёx"]
    for _ in range(count):
        out.append("".join(chance.choice(ALPHABET) for _ in range(chance.randint(1, 300))))
    return out


def test_folding_is_the_librarys() -> None:
    for line in lines(2000):
        escaped = "DESCRIPTION:" + _escape_char(line)
        expected = _foldline(escaped).encode()
        assert ical.fold(escaped + "\r\n") == expected + b"\r\n", line


async def test_sql_escaping_is_the_librarys(session: AsyncSession) -> None:
    for text in lines(60):
        escaped = await session.scalar(select(ical.sql_text(literal(text))))
        assert escaped == _escape_char(text), text
