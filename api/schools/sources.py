"""Readers of register files: our CSV and the Rosobrnadzor open-data XML, both streamed.

Each yields ``Entry`` objects: the raw values under our column names, the line the entry
starts on, and which optional fields the source states (a field it does not state keeps
the value already in the register). Entries the register should not contain (branches,
colleges, lapsed certificates) come as ``Skip``.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from api.schools.text import fold, looks_like_school

# Our CSV: UTF-8 (a BOM is fine), comma- or semicolon-separated, with a header row.
CSV_COLUMNS = (
    "full_name",
    "short_name",
    "inn",
    "ogrn",
    "kpp",
    "region_code",
    "address",
    "kind",
    "status",
    "connected",
    "municipality",
    "phone",
    "email",
    "website",
)
CSV_REQUIRED = frozenset({"full_name", "inn", "ogrn", "kpp", "region_code", "address"})
# Fields whose absence means "keep what the register has" rather than "derive or empty".
OPTIONAL_FIELDS = frozenset(
    {"short_name", "kind", "status", "connected", "municipality", "phone", "email", "website"}
)


class SourceError(Exception):
    """The file cannot be read as a register (exit code 1); the message is Russian."""


@dataclass(slots=True)
class Entry:
    line: int
    values: dict[str, str]
    provided: frozenset[str]  # the OPTIONAL_FIELDS this entry states


@dataclass(slots=True)
class Skip:
    line: int
    reason: str


@dataclass(slots=True)
class LineReader:
    """A binary file read at most one line at a time, remembering the line number.

    A streaming parser fed by ``read`` has its events come from the line read last;
    ``readline(size)`` keeps even a one-line XML file from being read whole.
    """

    raw: BinaryIO
    line: int = 0  # the line the last chunk came from
    _next_line: int = field(default=1, repr=False)

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.readline(size if size > 0 else 1 << 16)
        self.line = self._next_line
        if chunk.endswith(b"\n"):
            self._next_line += 1
        return chunk


def detect_format(path: Path) -> str:
    with path.open("rb") as file:
        head = file.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    return "xml" if head.startswith(b"<") else "csv"


def _csv_dialect(header_line: str) -> str:
    return ";" if header_line.count(";") > header_line.count(",") else ","


def read_csv(raw: BinaryIO) -> Iterator[Entry | Skip]:
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    try:
        header_line = text.readline()
        header = next(csv.reader([header_line], delimiter=_csv_dialect(header_line)), [])
        columns = [name.strip().lower() for name in header]
        missing = sorted(CSV_REQUIRED - set(columns))
        if missing:
            raise SourceError(
                "В заголовке CSV нет обязательных столбцов: "
                + ", ".join(missing)
                + ". Ожидаются столбцы: "
                + ",".join(CSV_COLUMNS)
            )
        provided = frozenset(OPTIONAL_FIELDS & set(columns))
        rows = csv.reader(text, delimiter=_csv_dialect(header_line))
        line = 1
        for cells in rows:
            start, line = line + 1, rows.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            values = dict(zip(columns, cells, strict=False))
            stated = provided
            if "connected" in provided and not values.get("connected", "").strip():
                stated = provided - {"connected"}
            yield Entry(start, values, stated)
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"Файл не в кодировке UTF-8 (байт {exc.start}): сохраните его как «CSV UTF-8»"
        ) from exc
    except csv.Error as exc:
        raise SourceError(f"Не удалось разобрать CSV: {exc}") from exc
    finally:
        text.detach()


# --- Rosobrnadzor XML ------------------------------------------------------------------

# <OpenData><Certificates><Certificate> ... <ActualEducationOrganization> (the accreditation
# register) or bare <Organization> records. Element names of a record -> our fields.
_XML_FIELDS = {
    "FullName": "full_name",
    "ShortName": "short_name",
    "INN": "inn",
    "OGRN": "ogrn",
    "KPP": "kpp",
    "PostAddress": "address",
    "Address": "address",
    "RegionName": "region_name",
    "Phone": "phone",
    "Email": "email",
    "WebSite": "website",
    "Website": "website",
    "IsBranch": "is_branch",
    "TypeName": "type_name",
    "KindName": "kind_name",
}
# A certificate's own copies of the organisation's details, used where the record lacks them.
_CERTIFICATE_FIELDS = {
    "EduOrgFullName": "full_name",
    "EduOrgShortName": "short_name",
    "EduOrgINN": "inn",
    "EduOrgOGRN": "ogrn",
    "EduOrgKPP": "kpp",
    "PostAddress": "address",
    "RegionName": "region_name",
    "StatusName": "certificate_status",
    "TypeName": "type_name",
}
_RECORDS = frozenset({"ActualEducationOrganization", "Organization"})
XML_COLUMNS = ("full_name", "short_name", "inn", "ogrn", "kpp", "region_name", "address")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, names: dict[str, str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for child in element:
        name = names.get(_local(child.tag))
        if name and child.text and child.text.strip() and name not in values:
            values[name] = child.text.strip()
    return values


_ACTIVE = fold("Действующ")  # «Действующее»: folded like the value


def _xml_entry(line: int, values: dict[str, str]) -> Entry | Skip:
    if values.get("is_branch", "").strip().lower() in ("1", "true", "да"):
        return Skip(line, "филиал: в реестр вносится головная организация")
    status = fold(values.get("certificate_status", ""))
    if status and not status.startswith(_ACTIVE):
        return Skip(line, "свидетельство об аккредитации не действует")
    kind = fold(values.get("type_name", "") + " " + values.get("kind_name", ""))
    if kind and "общеобразовательн" not in kind:
        return Skip(line, "не общеобразовательная организация")
    if not kind and not looks_like_school(values.get("full_name", "")):
        return Skip(line, "не общеобразовательная организация")
    return Entry(
        line, values, frozenset({"short_name", "phone", "email", "website"} & values.keys())
    )


def _certificate_entry(line: int, certificate: ET.Element) -> Entry | Skip | None:
    record = next((c for c in certificate if _local(c.tag) in _RECORDS), None)
    values = _children(record, _XML_FIELDS) if record is not None else {}
    for name, value in _children(certificate, _CERTIFICATE_FIELDS).items():
        values.setdefault(name, value)
    if record is None and "inn" not in values:
        return None  # a certificate of an entrepreneur, not of an organisation
    return _xml_entry(line, values)


def read_xml(raw: BinaryIO) -> Iterator[Entry | Skip]:
    reader = LineReader(raw)
    stack: list[ET.Element] = []
    depth = 0  # inside a unit (a <Certificate>, or a record outside certificates)
    start = 0  # the line the current unit starts on
    try:
        # Streaming: every finished unit is processed and dropped from the tree. The file
        # is the operator's; expat resolves no external entities and bounds entity
        # expansion, so no DTD trickery reaches the network or blows up memory.
        for event, element in ET.iterparse(reader, events=("start", "end")):  # noqa: S314
            tag = _local(element.tag)
            if event == "start":
                stack.append(element)
                if depth:
                    depth += 1
                elif tag == "Certificate" or tag in _RECORDS:
                    depth, start = 1, reader.line
                continue
            stack.pop()
            if depth > 1:
                depth -= 1
                continue  # part of a unit: read when the unit ends
            if depth == 1:
                depth = 0
                entry = (
                    _certificate_entry(start, element)
                    if tag == "Certificate"
                    else _xml_entry(start, _children(element, _XML_FIELDS))
                )
                if entry is not None:
                    yield entry
            element.clear()
            if stack:
                stack[-1].remove(element)
    except ET.ParseError as exc:
        raise SourceError(f"Не удалось разобрать XML: {exc}") from exc
