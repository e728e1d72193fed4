"""Imports of a school's roster: upload, check (preview), apply — the job does the work."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime

from sqlalchemy import Select, delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer

from api.errors import Conflict, NotFound
from api.i18n import Text
from api.identity.accounts import snils_hash
from api.identity.deps import Principal
from api.jobs.defer import defer
from api.onboarding import oneroster_csv, xlsx
from api.onboarding.apply import apply_plan
from api.onboarding.detect import detect
from api.onboarding.models import (
    ImportFormat,
    ImportMode,
    ImportStatus,
    RosterImport,
    RosterImportError,
)
from api.onboarding.plan_members import make_plan
from api.onboarding.records import Roster
from api.onboarding.schemas import ImportOut, ImportSummary
from api.onboarding.state import load
from api.onboarding.unreadable import Unreadable

TASK = "import_roster"
Progress = Callable[[int], Awaitable[None]]


def readable_imports(principal: Principal) -> Select[RosterImport]:
    """A school admin sees their own school's imports; nobody else sees any."""
    return select(RosterImport).where(RosterImport.school_id == principal.school_id)


def not_found() -> NotFound:
    return NotFound(code="import_not_found", detail=Text("Такой загрузки нет", "No such import"))


async def get(session: AsyncSession, principal: Principal, import_id: uuid.UUID) -> RosterImport:
    found = await session.scalar(readable_imports(principal).where(RosterImport.id == import_id))
    if found is None:
        raise not_found()
    return found


def out(row: RosterImport) -> ImportOut:
    return ImportOut(
        id=row.id,
        school_id=row.school_id,
        format=ImportFormat(row.format),
        mode=ImportMode(row.mode),
        status=ImportStatus(row.status),
        progress=row.progress,
        summary=ImportSummary.model_validate(row.summary or {}),
        error_count=row.error_count,
        failure=row.failure_message,
        failure_code=row.failure_code,
        created_at=row.created_at,
        finished_at=row.finished_at,
    )


async def create(
    session: AsyncSession,
    principal: Principal,
    school_id: uuid.UUID,
    content: bytes,
    mode: ImportMode,
) -> RosterImport:
    file_format = detect(content)
    row = RosterImport(
        id=uuid.uuid4(),
        school_id=school_id,
        created_by=principal.account_id,
        format=file_format.value,
        mode=mode.value,
        status=ImportStatus.queued.value,
        progress=0,
        summary={},
        error_count=0,
        content=content,
        size=len(content),
        created_at=datetime.now(UTC),
    )
    session.add(row)
    await session.flush()
    await defer(session, TASK, {"import_id": str(row.id)})
    return row


async def request_apply(session: AsyncSession, row: RosterImport, *, skip_invalid: bool) -> None:
    if row.mode != ImportMode.preview.value or row.status != ImportStatus.done.value:
        raise Conflict(
            code="import_not_ready",
            detail=Text(
                "Применить можно только завершённую проверку файла",
                "Only a finished preview can be applied",
            ),
        )
    if row.error_count and not skip_invalid:
        raise Conflict(
            code="import_has_errors",
            detail=Text(
                "В файле есть отклонённые строки: исправьте их или примените только верные строки",
                "The file has rejected rows: fix them or apply the valid rows only",
            ),
        )
    row.mode = ImportMode.apply.value
    row.status = ImportStatus.queued.value
    row.progress = 0
    row.skip_invalid = skip_invalid
    row.finished_at = None
    await session.flush()
    await defer(session, TASK, {"import_id": str(row.id)})


async def errors_page(
    session: AsyncSession, import_id: uuid.UUID, *, limit: int, offset: int
) -> tuple[list[RosterImportError], int]:
    where = RosterImportError.import_id == import_id
    total = await session.scalar(select(func.count()).where(where))
    rows = await session.scalars(
        select(RosterImportError)
        .where(where)
        .order_by(RosterImportError.id)
        .limit(limit)
        .offset(offset)
    )
    return list(rows), int(total or 0)


def read_roster(file_format: str, content: bytes, today: date) -> Roster:
    if file_format == ImportFormat.xlsx.value:
        return xlsx.read(content, today=today)
    return oneroster_csv.read(content, today=today, progress=lambda _: None)


async def _nothing(_: int) -> None:
    return None


async def run(
    session: AsyncSession, import_id: uuid.UUID, *, progress: Progress = _nothing
) -> RosterImport:
    """Check (and, in apply mode, write) the import's file; the caller commits."""
    row = await session.scalar(
        select(RosterImport)
        .where(RosterImport.id == import_id)
        .options(undefer(RosterImport.content))
    )
    if row is None:
        raise not_found()
    today = datetime.now(UTC).date()
    await progress(5)
    try:
        roster = read_roster(row.format, row.content, today)
    except Unreadable as problem:
        _finish(row, ImportStatus.failed, failure=("import_unreadable", problem.message.ru))
        return row
    await progress(40)
    phones = {p.phone for p in roster.people if p.phone}
    hashes = {snils_hash(p.snils) for p in roster.people if p.snils}
    state = await load(session, row.school_id, phones=phones, snils_hashes=hashes)
    plan = make_plan(state, roster, today)
    await progress(60)
    await session.execute(delete(RosterImportError).where(RosterImportError.import_id == row.id))
    if plan.problems:
        await session.execute(
            insert(RosterImportError),
            [
                {
                    "import_id": row.id,
                    "file": p.file,
                    "row": p.row,
                    "field": p.field[:100],
                    "code": p.code,
                    "message_ru": p.message.ru[:500],
                    "message_en": p.message.en[:500],
                }
                for p in plan.problems
            ],
        )
    row.summary = plan.summary
    row.error_count = len(plan.problems)
    if row.mode == ImportMode.apply.value:
        if plan.problems and not row.skip_invalid:
            _finish(
                row,
                ImportStatus.failed,
                failure=(
                    "import_has_errors",
                    "В файле есть отклонённые строки: ничего не записано",
                ),
            )
            return row
        await apply_plan(session, row.school_id, plan, datetime.now(UTC))
    _finish(row, ImportStatus.done)
    await session.flush()
    return row


def _finish(
    row: RosterImport, status: ImportStatus, *, failure: tuple[str, str] | None = None
) -> None:
    row.status = status.value
    row.progress = 100
    row.finished_at = datetime.now(UTC)
    if failure is not None:
        row.failure_code, row.failure_message = failure


def not_found_school() -> NotFound:
    return NotFound(code="school_not_found", detail=Text("Такой школы нет", "No such school"))
