"""iCalendar text (RFC 5545) as the ``icalendar`` library writes it: in SQL, the events'
content lines (``vevent``, for ``feed.py``'s statement); in Python, the folding, the
header and the ``VTIMEZONE`` blocks. The same escaping, property order and folding, so
the bytes are the ones the library-built feed had (``tests/diary/reference/calendar.py``
holds them equal).

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
from sqlalchemy import ColumnElement, String, and_, case, cast, func, literal_column

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


_UTC_STAMP = 'YYYYMMDD"T"HH24MISS"Z"'
_LOCAL = 'YYYYMMDD"T"HH24MISS'


def cat(*parts: Any) -> ColumnElement[str]:
    """``a || b || …``: NULL when any part is NULL (an absent property)."""
    out = parts[0]
    for part in parts[1:]:
        out = out.op("||")(part)
    result: ColumnElement[str] = out
    return result


def _property(name: str, value: Any) -> ColumnElement[str]:
    """``NAME:escaped value``; NULL (left out) for a NULL or empty value, as the
    library's feed left out an empty place or description."""
    return cat(k(f"{name}:"), sql_text(func.nullif(value, k(""))))


def _stamp(ts: Any) -> ColumnElement[str]:
    return func.to_char(func.timezone(k("UTC"), ts), k(_UTC_STAMP))


def local(name: str, ts: Any, zone: Any) -> ColumnElement[str]:
    """``DTSTART;TZID=Europe/Moscow:20261123T083000``. School zones are the regions'
    (``api/schools/regions.py``), none of them UTC, which the library would write as Z."""
    return cat(k(f"{name};TZID="), zone, k(":"), func.to_char(func.timezone(zone, ts), k(_LOCAL)))


def vevent(
    *,
    uid: Any,
    summary: Any,
    start: Any,
    end: Any,
    stamp: Any,
    sequence: Any = None,
    description: Any = None,
    location: Any = None,
    cancelled: Any = None,
    remind: Any = None,
) -> ColumnElement[str]:
    """One VEVENT, its properties in the library's order (SUMMARY, DTSTART, DTEND,
    DTSTAMP, UID, SEQUENCE, then by name); the alarm only when reminding of a lesson that
    is not cancelled."""
    status: Any = k("STATUS:CONFIRMED")
    alarm: Any = None
    if remind is not None:
        alarm = sql_lines(
            k("BEGIN:VALARM"),
            k("ACTION:DISPLAY"),
            cat(k("DESCRIPTION:Завтра: "), sql_text(summary)),
            k("TRIGGER:-P1D"),
            k("END:VALARM"),
        )
        conditions = [] if remind is True else [remind]
        if cancelled is not None:
            conditions.append(~cancelled)
        if conditions:
            alarm = case((and_(*conditions), alarm))
    if cancelled is not None:
        status = case((cancelled, k("STATUS:CANCELLED")), else_=status)
    return func.concat(
        sql_lines(
            k("BEGIN:VEVENT"),
            cat(k("SUMMARY:"), sql_text(summary)),
            start,
            end,
            cat(k("DTSTAMP:"), _stamp(stamp)),
            cat(k("UID:"), uid),  # an id and ASCII: nothing to escape
            k("SEQUENCE:0") if sequence is None else cat(k("SEQUENCE:"), cast(sequence, String)),
            _property("DESCRIPTION", description),
            cat(k("LAST-MODIFIED:"), _stamp(stamp)),
            _property("LOCATION", location),
            status,
        ),
        alarm if alarm is not None else k(""),  # concat() skips a NULL: no alarm
        k("END:VEVENT\r\n"),
    )


HEADER = (
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//edudiary//Электронный дневник//RU\r\n"
    "CALSCALE:GREGORIAN\r\n"
    "METHOD:PUBLISH\r\n"
    "X-WR-CALNAME:{name}\r\n"
    "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n"
    # Outlook's name for the same hint, also an RFC 5545 duration.
    "X-PUBLISHED-TTL:PT1H\r\n"
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
