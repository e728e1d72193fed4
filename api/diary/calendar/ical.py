"""iCalendar text (RFC 5545) as the ``icalendar`` library writes it, for the feed whose
events PostgreSQL writes (``feed.py``): the same escaping, property order, folding and
``VTIMEZONE`` blocks, so the bytes are the ones the library-built feed had
(``tests/diary/reference/calendar.py`` holds them equal).

Why not the library itself: building a ``Component`` per property and per event and
rendering it cost ≈ 100 ms of CPU for a term of lessons (300 events) — 70× the week
diary. Here the only per-request Python work is folding the few long lines (a regular
expression over the bytes) and joining four strings.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from icalendar import Timezone
from sqlalchemy import ColumnElement, func, literal_column

from api.statements import k

CRLF = "\r\n"

# ``icalendar.parser.string._escape_char``, step for step: the order matters.
_ESCAPES = (
    ("\\N", "\n"),
    ("\\", "\\\\"),
    (";", "\\;"),
    (",", "\\,"),
    ("\r\n", "\\n"),
    ("\n", "\\n"),
    ("\r", "\\n"),
)


def sql_text(value: Any) -> ColumnElement[str]:
    """A TEXT value escaped as ``icalendar`` escapes it (``\\,``, ``\\;``, ``\\\\``,
    ``\\n``), in SQL."""
    out: ColumnElement[str] = value
    for old, new in _ESCAPES:
        out = func.replace(out, k(old), k(new))
    return out


def sql_lines(*lines: Any) -> ColumnElement[str]:
    """Content lines, each ending with CRLF; a NULL line (an absent property) is left out."""
    return func.concat_ws(k(CRLF), *lines, literal_column("''"))


HEADER = (
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//edudiary//Электронный дневник//RU\r\n"
    "CALSCALE:GREGORIAN\r\n"
    "METHOD:PUBLISH\r\n"
    "X-WR-CALNAME:{name}\r\n"
    "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n"
    # As ``icalendar`` wrote ``cal.add("x-published-ttl", timedelta(hours=1))``: an X-
    # property takes the value's str(). Kept byte for byte; clients read REFRESH-INTERVAL.
    "X-PUBLISHED-TTL:1:00:00\r\n"
)
FOOTER = "END:VCALENDAR\r\n"

# A line longer than 74 octets is folded (``icalendar.parser.string._foldline``). The
# match starts at the line feed before it: a literal first byte lets the regular
# expression engine skip from one line feed to the next instead of trying every byte
# (80 KB of feed: 0.9 ms → 0.1 ms). The first line («BEGIN:VCALENDAR») is never long.
_LONG = re.compile(rb"\n[^\r\n]{75,}")
_LIMIT = 74
_ESCAPE_PREFIXES = (ord("\\"), ord("^"))


def _fold(match: re.Match[bytes]) -> bytes:
    """Pieces of at most 74 octets, never inside a UTF-8 character, and (as ``icalendar``
    does since 7.x, for clients that mis-read it) never right after a ``\\`` or ``^``,
    which moves to the next piece; continuation pieces start with a space."""
    line = match.group()
    pieces = []
    start = 1  # after the line feed
    while len(line) - start > _LIMIT:
        cut = start + _LIMIT
        while line[cut] & 0xC0 == 0x80:  # a continuation byte: inside a character
            cut -= 1
        if cut - 1 > start and line[cut - 1] in _ESCAPE_PREFIXES:
            cut -= 1
        pieces.append(line[start:cut])
        start = cut
    pieces.append(line[start:])
    return b"\n" + b"\r\n ".join(pieces)


def fold(content: str) -> bytes:
    """``content``'s lines (each ending with CRLF), folded."""
    return _LONG.sub(_fold, b"\n" + content.encode())[1:]


@cache
def vtimezone(tzid: str) -> bytes:
    """The ``VTIMEZONE`` block of a school's zone, built once per process (deriving the
    transitions from the tz database costs milliseconds); empty for a name the tz database
    does not know (the feed then goes out without it, as the library's did)."""
    try:
        zone = Timezone.from_tzid(tzid)
    except ValueError:
        return b""
    block: bytes = zone.to_ical()
    return block


def document(name: str, zones: list[str], events: str) -> bytes:
    """The feed: header, the zones its times use (sorted), the events, the footer."""
    head = fold(HEADER.format(name=name))
    timezones = b"".join(vtimezone(tzid) for tzid in sorted(zones))
    return head + timezones + fold(events) + FOOTER.encode()
