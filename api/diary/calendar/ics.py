"""A minimal RFC 5545 writer: CRLF line ends, lines folded at 75 octets (never inside a
UTF-8 character), TEXT values escaped, instants in UTC."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

CRLF = "\r\n"
LIMIT = 75


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Split ``line`` into chunks of at most 75 octets; continuations start with a space."""
    encoded = line.encode()
    if len(encoded) <= LIMIT:
        return line
    parts: list[str] = []
    current = ""
    size = 0
    limit = LIMIT
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, LIMIT - 1  # the leading space counts
        current += char
        size += width
    parts.append(current)
    return (CRLF + " ").join(parts)


def utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True, slots=True)
class Event:
    uid: str
    stamp: datetime
    starts: datetime
    ends: datetime
    sequence: int
    summary: str
    location: str | None
    description: str | None
    cancelled: bool

    def lines(self) -> list[str]:
        lines = [
            "BEGIN:VEVENT",
            f"UID:{self.uid}",
            f"DTSTAMP:{utc(self.stamp)}",
            f"LAST-MODIFIED:{utc(self.stamp)}",
            f"DTSTART:{utc(self.starts)}",
            f"DTEND:{utc(self.ends)}",
            f"SEQUENCE:{self.sequence}",
            f"SUMMARY:{escape(self.summary)}",
        ]
        if self.location:
            lines.append(f"LOCATION:{escape(self.location)}")
        if self.description:
            lines.append(f"DESCRIPTION:{escape(self.description)}")
        lines.append("STATUS:" + ("CANCELLED" if self.cancelled else "CONFIRMED"))
        lines.append("END:VEVENT")
        return lines


def calendar(name: str, events: Iterable[Event], *, refresh_hours: int = 1) -> str:
    lines: Sequence[str] = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//edudiary//Электронный дневник//RU",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        f"REFRESH-INTERVAL;VALUE=DURATION:PT{refresh_hours}H",
        f"X-PUBLISHED-TTL:PT{refresh_hours}H",
        *(line for event in events for line in event.lines()),
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + CRLF for line in lines)
