"""``edudiary import-schools FILE``: load a register file, upserting on ИНН.

Entries are checked (ИНН, ОГРН and КПП by api/validation/checks.py; region, kind, status)
and written in batches of ``BATCH_SIZE`` with ``INSERT ... ON CONFLICT (inn) DO UPDATE``,
which leaves unchanged schools untouched: a second run of the same file changes nothing.
Rejected entries go to ``<file>.rejected.csv`` (line, reason, the values as read).
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy.ext.asyncio import AsyncSession

from api.schools import regions, service
from api.schools.models import KIND_NAMES, SchoolKind, SchoolStatus
from api.schools.service import SchoolRecord
from api.schools.sources import (
    CSV_COLUMNS,
    OPTIONAL_FIELDS,
    XML_COLUMNS,
    Entry,
    Skip,
    SourceError,
    detect_format,
    read_csv,
    read_xml,
)
from api.schools.text import fold, kind_from_name
from api.validation.checks import check_inn, check_kpp, check_ogrn

BATCH_SIZE = 1000

_KINDS = {fold(label): kind for kind, label in KIND_NAMES.items()} | {
    kind.value: kind for kind in SchoolKind
}
_KINDS |= {"школа": SchoolKind.school, "сош": SchoolKind.school, "интернат": SchoolKind.boarding}
_STATUSES = {
    fold(word): status
    for words, status in (
        ("active действует действующая", SchoolStatus.active),
        ("reorganizing реорганизация реорганизуется", SchoolStatus.reorganizing),
        ("closed закрыта ликвидирована", SchoolStatus.closed),
    )
    for word in words.split()
}
_BOOLEANS = dict.fromkeys(("true", "1", "да", "yes"), True) | dict.fromkeys(
    ("false", "0", "нет", "no"), False
)
_LIMITS = {
    "full_name": 1000,
    "short_name": 500,
    "address": 500,
    "municipality": 200,
    "phone": 100,
    "email": 320,
    "website": 500,
}
_LABELS = {
    "full_name": "Полное наименование",
    "short_name": "Краткое наименование",
    "address": "Адрес",
    "municipality": "Муниципалитет",
    "phone": "Телефон",
    "email": "Электронная почта",
    "website": "Сайт",
}


class Rejected(ValueError):
    """An entry that cannot go into the register; the message is the Russian reason."""


@dataclass(slots=True)
class Candidate:
    line: int
    record: SchoolRecord
    missing: frozenset[str]  # optional fields the source does not state
    values: dict[str, str]


@dataclass(slots=True)
class ImportReport:
    path: Path
    format: str
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    rejected: list[tuple[int, str, dict[str, str]]] = field(default_factory=list)
    skipped_reasons: dict[str, int] = field(default_factory=dict)
    rejected_path: Path | None = None


def _text(values: dict[str, str], name: str, *, required: bool = False) -> str | None:
    text = " ".join((values.get(name) or "").split())
    if not text:
        if required:
            raise Rejected(f"{_LABELS[name]}: заполните поле")
        return None
    if len(text) > _LIMITS[name]:
        raise Rejected(f"{_LABELS[name]}: не длиннее {_LIMITS[name]} символов")
    return text


def _identifier(values: dict[str, str], name: str) -> str:
    check = {"inn": check_inn, "ogrn": check_ogrn, "kpp": check_kpp}[name]
    result = check(values.get(name) or "")
    if not result.valid or result.normalized is None:
        raise Rejected(result.errors[0].message_ru)
    if name == "inn" and len(result.normalized) != 10:
        raise Rejected("Некорректный ИНН: у организации 10 цифр, 12 — у физического лица")
    if name == "ogrn" and len(result.normalized) != 13:
        raise Rejected("Некорректный ОГРН: у организации 13 цифр, 15 — ОГРНИП предпринимателя")
    return result.normalized


def _region(values: dict[str, str], inn: str, kpp: str) -> regions.Region:
    code = (values.get("region_code") or "").strip()
    name = (values.get("region_name") or "").strip()
    if code:
        region = regions.by_code(code)
        if region is None:
            raise Rejected(f"Неизвестный код региона «{code[:10]}»: ожидается 01–95")
        return region
    # The XML names the region; the tax codes are the fallback (КПП: where it is registered).
    region = regions.by_name(name) if name else None
    region = region or regions.by_code(kpp[:2]) or regions.by_code(inn[:2])
    if region is None:
        raise Rejected("Не удалось определить регион: укажите код региона")
    return region


def _choice(values: dict[str, str], name: str, choices: dict[str, Any], label: str) -> Any:
    raw = (values.get(name) or "").strip()
    if not raw:
        return None
    choice = choices.get(raw.lower())
    if choice is None:
        choice = choices.get(fold(raw))
    if choice is None:
        raise Rejected(f"{label}: недопустимое значение «{raw[:30]}»")
    return choice


def to_candidate(entry: Entry) -> Candidate:
    values = entry.values
    full_name = _text(values, "full_name", required=True) or ""
    inn, ogrn, kpp = (
        _identifier(values, "inn"),
        _identifier(values, "ogrn"),
        _identifier(values, "kpp"),
    )
    region = _region(values, inn, kpp)
    record = SchoolRecord(
        full_name=full_name,
        short_name=_text(values, "short_name") or full_name[:500],
        inn=inn,
        ogrn=ogrn,
        kpp=kpp,
        region_code=region.code,
        region_name=region.name,
        municipality=_text(values, "municipality"),
        address=_text(values, "address", required=True) or "",
        kind=_choice(values, "kind", _KINDS, "Вид школы") or kind_from_name(full_name),
        status=_choice(values, "status", _STATUSES, "Статус") or SchoolStatus.active,
        timezone=region.timezone,
        phone=_text(values, "phone"),
        email=_text(values, "email"),
        website=_text(values, "website"),
        connected=bool(_choice(values, "connected", _BOOLEANS, "Подключена")),
    )
    if record.email and "@" not in record.email:
        raise Rejected("Электронная почта: нет знака @")
    missing = OPTIONAL_FIELDS - entry.provided - {"short_name", "kind"}
    return Candidate(entry.line, record, frozenset(missing), values)


def _fingerprint(record: SchoolRecord) -> str:
    return hashlib.sha256(repr(record.row()).encode()).hexdigest()


@dataclass(slots=True)
class _Batch:
    session: AsyncSession
    report: ImportReport
    candidates: list[Candidate] = field(default_factory=list)

    async def flush(self) -> None:
        batch, self.candidates = self.candidates, []
        if not batch:
            return
        owners = await service.owners_of_ogrns(self.session, [c.record.ogrn for c in batch])
        accepted: list[Candidate] = []
        for candidate in batch:
            owner = owners.get(candidate.record.ogrn)
            if owner is not None and owner != candidate.record.inn:
                self.report.rejected.append(
                    (candidate.line, f"ОГРН уже записан за школой с ИНН {owner}", candidate.values)
                )
            else:
                accepted.append(candidate)
        missing = sorted(set().union(*(c.missing for c in accepted)))
        known = await service.current_values(
            self.session, [c.record.inn for c in accepted if c.missing], missing
        )
        for candidate in accepted:
            for name, value in known.get(candidate.record.inn, {}).items():
                if name in candidate.missing:
                    setattr(candidate.record, name, value)
        result = await service.upsert_schools(self.session, [c.record for c in accepted])
        self.report.inserted += len(result.inserted)
        self.report.updated += len(result.updated)
        self.report.unchanged += len(accepted) - len(result.inserted) - len(result.updated)


def _entries(raw: BinaryIO, file_format: str) -> Iterator[Entry | Skip]:
    return read_xml(raw) if file_format == "xml" else read_csv(raw)


async def import_file(
    session: AsyncSession,
    path: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Load ``path`` into the register in the caller's transaction (which may roll back).

    Raises ``SourceError`` when the file cannot be read at all.
    """
    try:
        file_format = detect_format(path)
        raw = path.open("rb")
    except OSError as exc:
        raise SourceError(f"Не удалось открыть файл {path}: {exc.strerror}") from exc
    report = ImportReport(path=path, format=file_format)
    batch = _Batch(session, report)
    first_seen: dict[str, tuple[int, str]] = {}  # ИНН -> (line, fingerprint)
    ogrn_seen: dict[str, str] = {}  # ОГРН -> ИНН
    with raw:
        for entry in _entries(raw, file_format):
            report.read += 1
            if progress is not None and report.read % 500 == 0:
                progress(raw.tell(), report.read)
            if isinstance(entry, Skip):
                report.skipped += 1
                report.skipped_reasons[entry.reason] = (
                    report.skipped_reasons.get(entry.reason, 0) + 1
                )
                continue
            try:
                candidate = to_candidate(entry)
            except Rejected as exc:
                report.rejected.append((entry.line, str(exc), entry.values))
                continue
            record = candidate.record
            fingerprint = _fingerprint(record)
            if record.inn in first_seen:
                line, seen = first_seen[record.inn]
                if seen == fingerprint:
                    report.skipped += 1
                    reason = "повтор записи"
                    report.skipped_reasons[reason] = report.skipped_reasons.get(reason, 0) + 1
                else:
                    report.rejected.append(
                        (
                            entry.line,
                            f"ИНН уже встречался в строке {line}: учтена та запись",
                            entry.values,
                        )
                    )
                continue
            if ogrn_seen.get(record.ogrn, record.inn) != record.inn:
                report.rejected.append(
                    (
                        entry.line,
                        f"ОГРН уже встречался у ИНН {ogrn_seen[record.ogrn]}",
                        entry.values,
                    )
                )
                continue
            first_seen[record.inn] = (entry.line, fingerprint)
            ogrn_seen[record.ogrn] = record.inn
            batch.candidates.append(candidate)
            if len(batch.candidates) >= BATCH_SIZE:
                await batch.flush()
        await batch.flush()
        if progress is not None:
            progress(raw.tell(), report.read)
    report.rejected.sort(key=lambda item: item[0])
    report.rejected_path = _write_rejected(report, file_format)
    return report


def rejected_path_for(path: Path) -> Path:
    return path.with_name(path.name + ".rejected.csv")


def _write_rejected(report: ImportReport, file_format: str) -> Path | None:
    target = rejected_path_for(report.path)
    if not report.rejected:
        target.unlink(missing_ok=True)  # a stale report of an earlier run would mislead
        return None
    columns = list(XML_COLUMNS if file_format == "xml" else CSV_COLUMNS)
    for _, _, values in report.rejected:
        columns += [name for name in values if name not in columns]
    with target.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["line", "reason", *columns])
        for line, reason, values in report.rejected:
            writer.writerow([line, reason, *(values.get(name, "") for name in columns)])
    return target
