"""A signed record as PDF (REPORTS.md §5: «PDFs of signed records carry a QR code of the
verification link»), and the public check that link opens.

The PDF is laid out by the reports' one PDF writer (``api.reports.files.pdf``) from the
record as its reader may see it — the whole class for the school's staff, the child's
excerpt for a family (``signoff.read`` decides) — and ends with a QR code of
``{public_url}/verify?record={id}`` beside the link and the record's number in print.

That page asks ``GET /signed-records/{id}/verification``: anyone holding the paper, without
an account, learns whether the server's copy of the record still verifies under the
published keys, who signed it and when, for which school, class, subject and term, and
whether it was corrected — never a pupil's name or grade (those are on the paper; the
public answer must not hand them to anyone who guesses or is forwarded a link).
"""

from __future__ import annotations

import asyncio
import io
import uuid
from typing import Any
from zoneinfo import ZoneInfo

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.diary.grades import signoff
from api.diary.grades.signoff_models import SignedRecord
from api.diary.grades.signoff_schemas import RecordCheckOut, SignedRecordOut
from api.errors import AppError
from api.i18n import Text
from api.identity.deps import Principal
from api.reports.files.document import Column, Document, Sheet, file_name
from api.reports.files.fonts import FontMissing
from api.schools.models import School


class PdfUnavailable(AppError):
    status = 503
    title = Text("Сервис временно недоступен", "Service temporarily unavailable")


def verification_url(settings: Settings, record_id: uuid.UUID) -> str:
    return f"{settings.public_url.rstrip('/')}/verify?record={record_id}"


def _name(document: dict[str, Any], key: str) -> str:
    part = document.get(key)
    return str(part.get("name", "")) if isinstance(part, dict) else ""


def layout(record: SignedRecordOut, zone: str) -> Document:
    """The record as a report ``Document``: whose grades, who signed when, the table."""
    document = record.document
    subject, class_name = _name(document, "subject"), _name(document, "class")
    term: dict[str, Any] = document["term"]  # every signed document has these (signoff.py)
    period = f"{term.get('name', '')}, {term.get('academic_year', '')} учебный год".strip(", ")
    kind = "Выписка из ведомости итоговых оценок" if record.excerpt else "Ведомость итоговых оценок"
    signed = record.signed_at.astimezone(ZoneInfo(zone))
    lines = [
        _name(document, "school"),
        f"Класс {class_name}, предмет «{subject}», {period}",
        f"Подписал(а): {_name(document, 'signer')}, {signed:%d.%m.%Y %H:%M} ({zone})",
    ]
    if record.corrects is not None:
        lines.append(
            f"Исправляет запись № {record.corrects}. Причина: {record.correction_reason or '—'}"
        )
    notes = []
    if record.corrected_by is not None:
        notes.append(
            f"Эта запись исправлена: действует запись № {record.corrected_by}. "
            "Оценки ниже — как они были подписаны."
        )
    grades: list[dict[str, Any]] = document["grades"]
    sheet = Sheet(
        title="Итоговые оценки",
        columns=[
            Column("№", "int", 0.4),
            Column("Ученик", "text", 3.0),
            Column("Итоговая оценка", "text", 1.3),
        ],
        rows=[
            [n, str(row.get("student_name", "")), str(row.get("term_grade") or "—")]
            for n, row in enumerate(grades, start=1)
        ],
        notes=[
            "Документ подписан электронной подписью (JWS ES256, ключ "
            f"{record.key_id}); исходный файл подписи проверяется командой "
            "edudiary verify-signature."
        ],
    )
    return Document(
        title=f"{kind}: {subject}, {class_name}",
        lines=lines,
        sheets=[sheet],
        file_stem=f"{kind} {subject} {class_name} {term.get('name', '')}",
        notes=notes,
    )


def _render(document: Document, fonts: Any, url: str, record_id: uuid.UUID) -> bytes:
    # On first use, as in ``render.render``: fpdf2 is ~40 MB a process pays only when it
    # writes a PDF.
    from api.reports.files import pdf

    out = io.BytesIO()
    pdf.write(document, out, fonts=fonts, decorate=pdf.verification_mark(url, str(record_id)))
    return out.getvalue()


async def render(
    session: AsyncSession, settings: Settings, principal: Principal, record_id: uuid.UUID
) -> tuple[str, bytes]:
    """(file name, PDF) of the record as ``principal`` may read it (404 otherwise)."""
    record = await signoff.read(session, principal, record_id)
    raw = await session.get(SignedRecord, record_id)
    assert raw is not None  # read() found it
    school = await session.get(School, raw.school_id)
    assert school is not None
    laid_out = layout(record, school.timezone)
    try:
        data = await asyncio.to_thread(
            _render,
            laid_out,
            settings.pdf_font_dir,
            verification_url(settings, record_id),
            record_id,
        )
    except FontMissing:
        raise PdfUnavailable(
            code="pdf_fonts_missing",
            detail=Text(
                "PDF сейчас не формируется: на сервере нет шрифтов. Напишите в поддержку",
                "PDF is unavailable: the server has no fonts. Please contact support",
            ),
        ) from None
    return file_name(laid_out.file_stem, "pdf"), data


async def check(session: AsyncSession, settings: Settings, record_id: uuid.UUID) -> RecordCheckOut:
    """The public check of the QR link: the server's copy verified, with what it is of."""
    record = await session.get(SignedRecord, record_id)
    if record is None:
        raise signoff.record_not_found()
    document: dict[str, Any] = orjson.loads(record.document)
    verdict = await signoff.verify(session, settings, document, record.signature)
    term: dict[str, Any] = document.get("term") or {}
    valid = verdict.valid
    return RecordCheckOut(
        **verdict.model_dump(),
        school_name=_name(document, "school") if valid else None,
        class_name=_name(document, "class") if valid else None,
        subject_name=_name(document, "subject") if valid else None,
        term_name=(f"{term.get('name', '')} {term.get('academic_year', '')}".strip() or None)
        if valid
        else None,
        grades_count=len(document.get("grades") or []) if valid else None,
        corrects=record.corrects_id if valid else None,
    )
