"""Exports of reports as files (REPORTS.md §4): the job renders what the report services
return; files are read back (openpyxl, csv, pdftotext) and checked against the journal."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from httpx import AsyncClient, Response
from openpyxl import load_workbook
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.diary.attendance.models import AttendanceStatus
from api.diary.structure.models import Guardianship
from api.notifications.models import Notification
from api.reports import exports
from api.reports.models import ReportExport, ReportExportFile
from api.retention import service as retention
from tests.diary.world import World
from tests.factories import Person
from tests.reports.journal import close_term, mark, put_grade
from tests.reports.test_reports import class_b_journal, d


async def request(client: AsyncClient, person: Person, **body: Any) -> Response:
    return await client.post("/api/v1/exports", json=body, headers=person.headers)


async def made(
    client: AsyncClient,
    session: AsyncSession,
    settings: Settings,
    person: Person,
    **body: Any,
) -> tuple[dict[str, Any], Response]:
    """Request an export, run the job here (in the test's transaction), fetch the file."""
    answer = await request(client, person, **body)
    assert answer.status_code == 202, answer.text
    export_id = uuid.UUID(answer.json()["id"])
    await exports.run(session, export_id, fonts=settings.pdf_font_dir)
    await session.commit()
    status = await client.get(f"/api/v1/exports/{export_id}", headers=person.headers)
    assert status.status_code == 200, status.text
    file = await client.get(f"/api/v1/exports/{export_id}/file", headers=person.headers)
    return status.json(), file


def sheet_rows(content: bytes, title: str) -> tuple[Any, list[tuple[Any, ...]]]:
    """The worksheet and its rows from the header on (the title lines above it cut)."""
    book = load_workbook(io.BytesIO(content))
    ws = book[title]
    rows = list(ws.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r and r[0] in ("№", "Предмет", "Класс"))
    return ws, rows[header:]


def poppler(tool: str, *args: str) -> str:
    """poppler-utils (``make pdf-tools``): how a person's PDF reader sees the file."""
    binary = shutil.which(tool)
    assert binary is not None, f"{tool}: make pdf-tools"
    return subprocess.run(  # noqa: S603 (our own file, a system tool)
        [binary, *args], check=True, capture_output=True, text=True
    ).stdout


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return poppler("pdftotext", "-layout", str(path), "-")


async def test_class_summary_xlsx_numbers_dates_frozen_header(
    client: AsyncClient, session: AsyncSession, settings: Settings, world: World
) -> None:
    await class_b_journal(session, world)
    await close_term(session, world, world.pupil, world.algebra, 5)
    answer = await request(
        client, world.class_teacher, kind="class_summary", format="xlsx",
        class_id=str(world.class_b.id), term_id=str(world.term.id),
    )  # fmt: skip
    assert answer.status_code == 202, answer.text
    queued = answer.json()
    assert (queued["status"], queued["progress"], queued["file_name"]) == ("queued", 0, None)
    early = await client.get(
        f"/api/v1/exports/{queued['id']}/file", headers=world.class_teacher.headers
    )
    assert early.status_code == 409
    assert early.json()["code"] == "export_not_ready"

    await exports.run(session, uuid.UUID(queued["id"]), fonts=settings.pdf_font_dir)
    await session.commit()
    status = (
        await client.get(f"/api/v1/exports/{queued['id']}", headers=world.class_teacher.headers)
    ).json()
    assert (status["status"], status["progress"]) == ("done", 100)
    assert status["file_name"] == "Сводная ведомость — 9-Б — 2-я четверть 2026-2027.xlsx"
    file = await client.get(
        f"/api/v1/exports/{queued['id']}/file", headers=world.class_teacher.headers
    )
    assert file.status_code == 200
    assert file.headers["content-disposition"].startswith("attachment; filename=")
    assert "filename*=UTF-8''%D0%A1%D0%B2%D0%BE%D0%B4" in file.headers["content-disposition"]

    ws, rows = sheet_rows(file.content, "Сводная ведомость")
    assert ws.freeze_panes == "A6"  # title, 3 lines, blank, header → rows 1–5 frozen
    assert rows[0] == ("№", "Ученик", "Алгебра", "Физическая культура")
    assert rows[1:4] == (
        [
            (1, "Алексеева Вера", 3, None),
            (2, "Иванов Пётр", 5, "зачёт"),
            (3, "Смирнов Егор", 4, "незачёт"),
        ]
    )
    assert all(isinstance(r[2], int) for r in rows[1:4])  # numbers, not text
    stored = await session.scalar(
        select(ReportExportFile.content).where(
            ReportExportFile.export_id == uuid.UUID(queued["id"])
        )
    )
    assert stored == file.content
    notice = await session.scalar(
        select(Notification).where(Notification.account_id == world.class_teacher.id)
    )
    assert notice is not None
    assert notice.kind == "export"
    assert notice.link == f"/exports/{queued['id']}"


async def test_subject_teacher_summary_holds_only_their_subjects(
    client: AsyncClient, session: AsyncSession, settings: Settings, world: World
) -> None:
    await class_b_journal(session, world)
    status, file = await made(
        client, session, settings, world.teacher, kind="class_summary", format="xlsx",
        class_id=str(world.class_b.id), term_id=str(world.term.id),
    )  # fmt: skip
    assert status["status"] == "done"
    _, rows = sheet_rows(file.content, "Сводная ведомость")
    assert rows[0] == ("№", "Ученик", "Алгебра")


async def test_student_report_xlsx_dates_are_dates_and_csv_parses(
    client: AsyncClient, session: AsyncSession, settings: Settings, world: World
) -> None:
    await class_b_journal(session, world)
    period = {"from": "2026-11-09", "to": "2026-11-29"}
    _, xlsx = await made(
        client, session, settings, world.parent, kind="student_report", format="xlsx",
        student_id=str(world.pupil.id), **period,
    )  # fmt: skip
    ws, rows = sheet_rows(xlsx.content, "Оценки")
    assert rows[0] == ("Предмет", "Дата", "Вид работы", "Оценка", "Вес")
    algebra = [r for r in rows[1:] if r[0] == "Алгебра"]
    assert [(r[1], r[3], r[4]) for r in algebra] == [
        (datetime(2026, 11, 10), 5, 2),
        (datetime(2026, 11, 11), 4, 1),
    ]
    date_cell = next(c for c in ws.iter_rows() if c[0].value == "Алгебра")[1]
    assert date_cell.is_date
    _, summary = sheet_rows(xlsx.content, "Итоги")
    assert ("Алгебра", 4.67, None, 2, 0) in summary

    _, file = await made(
        client, session, settings, world.parent, kind="student_report", format="csv",
        student_id=str(world.pupil.id), **period,
    )  # fmt: skip
    assert file.headers["content-type"].startswith("text/csv")
    assert file.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8 Cyrillic
    parsed = list(csv.reader(io.StringIO(file.content.decode("utf-8-sig")), delimiter=";"))
    assert parsed[0] == ["Предмет", "Дата", "Вид работы", "Оценка", "Вес"]
    assert ["Алгебра", "2026-11-10", "Контрольная работа", "5", "2,0"] in parsed
    assert ["Физическая культура", "2026-11-10", "Ответ на уроке", "зачёт", "1,0"] in parsed
    # A family's file holds their child only.
    assert "Алексеева" not in file.content.decode("utf-8-sig")


async def test_student_report_pdf_is_a4_with_cyrillic_text(
    client: AsyncClient,
    session: AsyncSession,
    settings: Settings,
    world: World,
    tmp_path: Path,
) -> None:
    await class_b_journal(session, world)
    await put_grade(session, world, world.pupil, world.algebra, d(24), 2, "test")
    status, file = await made(
        client, session, settings, world.parent, kind="student_report", format="pdf",
        student_id=str(world.pupil.id), term_id=str(world.term.id),
    )  # fmt: skip
    assert status["status"] == "done", status
    assert file.headers["content-type"] == "application/pdf"
    assert file.content.startswith(b"%PDF-")
    text = pdf_text(file.content, tmp_path)
    for words in (
        "Отчёт об успеваемости",
        "Иванов Пётр, 9-Б класс",
        "2-я четверть 2026/2027",
        "Алгебра",
        "Физическая культура",
        "Контрольная работа",
        "средний балл снизился",
        "Посещаемость",
    ):
        assert words in text, words
    assert "Алексеева" not in text
    info = poppler("pdfinfo", str(tmp_path / "report.pdf"))
    assert "595.28 x 841.89 pts (A4)" in info
    fonts = poppler("pdffonts", str(tmp_path / "report.pdf"))
    assert "DejaVuSans" in fonts
    assert all(
        line.split()[-5] == "yes" for line in fonts.splitlines()[2:] if line.strip()
    )  # every font embedded


async def test_school_analytics_csv_and_class_analytics_pdf(
    client: AsyncClient,
    session: AsyncSession,
    settings: Settings,
    world: World,
    tmp_path: Path,
) -> None:
    await class_b_journal(session, world)
    _, file = await made(
        client, session, settings, world.admin, kind="school_analytics", format="csv",
        school_id=str(world.school.id), term_id=str(world.term.id),
    )  # fmt: skip
    parsed = list(csv.reader(io.StringIO(file.content.decode("utf-8-sig")), delimiter=";"))
    assert parsed[0][:8] == [
        "Класс", "Предмет", "Учитель", "Оценено учеников", "Успеваемость, %",
        "Качество знаний, %", "СОУ, %", "Средний балл",
    ]  # fmt: skip
    algebra_b = next(r for r in parsed if r[0] == "9-Б" and r[1] == "Алгебра")
    assert algebra_b[3:8] == ["3", "100,0", "66,7", "66,7", "3,6"]
    assert algebra_b[8:] == ["1", "1", "1", "0", "0"]
    school = parsed[-1]
    assert school[:2] == ["Школа в целом", "Все предметы"]
    assert school[4:6] == ["80,0", "66,7"]

    _, pdf = await made(
        client, session, settings, world.class_teacher, kind="class_analytics", format="pdf",
        class_id=str(world.class_b.id), term_id=str(world.term.id),
    )  # fmt: skip
    text = pdf_text(pdf.content, tmp_path)
    assert "Аналитика класса" in text
    assert "Соколова Анна Петровна" in text
    assert "66,7" in text


async def test_class_attendance_counts_absences_apart(
    client: AsyncClient, session: AsyncSession, settings: Settings, world: World
) -> None:
    await mark(session, world.pupil, world.algebra, d(16), AttendanceStatus.absent)
    await mark(session, world.pupil, world.pe, d(16), AttendanceStatus.excused)
    await mark(session, world.own, world.algebra, d(17), AttendanceStatus.late)
    _, file = await made(
        client, session, settings, world.class_teacher, kind="attendance", format="xlsx",
        class_id=str(world.class_b.id), **{"from": "2026-11-09", "to": "2026-11-20"},
    )  # fmt: skip
    _, rows = sheet_rows(file.content, "Посещаемость")
    by_name = {r[1]: r[2:] for r in rows[1:] if r[1]}
    # 10 school days × (algebra + PE) = 20 lessons each.
    assert by_name["Иванов Пётр"] == (20, 1, 1, 0, 90.0)
    assert by_name["Смирнов Егор"] == (20, 0, 0, 1, 100.0)
    assert by_name["Класс в целом"] == (60, 1, 1, 1, 96.7)


@pytest.mark.parametrize(
    ("who", "body", "status"),
    [
        ("parent", {"kind": "student_report", "student": "stranger"}, 404),
        ("parent", {"kind": "attendance", "student": "stranger"}, 404),
        ("parent", {"kind": "class_summary", "class": "class_b"}, 403),
        ("teacher", {"kind": "class_summary", "class": "class_a"}, 404),
        ("teacher", {"kind": "attendance", "class": "class_a"}, 404),
        ("teacher", {"kind": "school_analytics", "school": "school"}, 403),
        ("foreign_admin", {"kind": "school_analytics", "school": "school"}, 404),
        ("foreign_admin", {"kind": "class_analytics", "class": "class_b"}, 404),
    ],
)
async def test_access_is_the_reports_access(
    client: AsyncClient,
    session: AsyncSession,
    world: World,
    who: str,
    body: dict[str, str],
    status: int,
) -> None:
    ids = {
        "student": ("student_id", {"stranger": world.stranger.id}),
        "class": ("class_id", {"class_a": world.class_a.id, "class_b": world.class_b.id}),
        "school": ("school_id", {"school": world.school.id}),
    }
    payload: dict[str, str] = {"kind": body["kind"], "format": "xlsx"}
    for key, value in body.items():
        if key in ids:
            field, known = ids[key]
            payload[field] = str(known[value])
    answer = await request(client, world.people()[who], **payload)
    assert answer.status_code == status, answer.text
    assert await session.scalar(select(ReportExport.id)) is None  # nothing queued


async def test_only_the_requester_sees_the_export_and_its_file(
    client: AsyncClient, session: AsyncSession, settings: Settings, world: World
) -> None:
    status, file = await made(
        client, session, settings, world.class_teacher, kind="class_analytics", format="csv",
        class_id=str(world.class_b.id), term_id=str(world.term.id),
    )  # fmt: skip
    assert file.status_code == 200
    for other in (world.admin, world.teacher, world.parent):
        for path in (f"/api/v1/exports/{status['id']}", f"/api/v1/exports/{status['id']}/file"):
            answer = await client.get(path, headers=other.headers)
            assert answer.status_code == 404, (other, path)
            assert answer.json()["code"] == "export_not_found"


async def test_files_expire_after_seven_days_and_retention_removes_them(
    client: AsyncClient, session: AsyncSession, settings: Settings, world: World
) -> None:
    status, _ = await made(
        client, session, settings, world.parent, kind="attendance", format="csv",
        student_id=str(world.pupil.id), term_id=str(world.term.id),
    )  # fmt: skip
    export_id = uuid.UUID(status["id"])
    row = await session.get(ReportExport, export_id)
    assert row is not None
    assert row.finished_at is not None
    assert row.expires_at - row.finished_at == timedelta(days=7)
    kept = await retention.run(session, row.expires_at - timedelta(minutes=1))
    assert kept["report_exports"] == 0
    row.expires_at = datetime.now(row.expires_at.tzinfo) - timedelta(seconds=1)
    await session.commit()
    gone = await client.get(f"/api/v1/exports/{export_id}/file", headers=world.parent.headers)
    assert gone.status_code == 404
    removed = await retention.run(session, datetime.now(row.expires_at.tzinfo))
    assert removed["report_exports"] == 1
    assert await session.scalar(select(ReportExportFile.export_id)) is None


async def test_access_lost_before_the_job_fails_the_export_in_words(
    client: AsyncClient, session: AsyncSession, settings: Settings, world: World
) -> None:
    answer = await request(
        client, world.parent, kind="student_report", format="pdf",
        student_id=str(world.pupil.id), term_id=str(world.term.id),
    )  # fmt: skip
    assert answer.status_code == 202
    await session.execute(delete(Guardianship).where(Guardianship.account_id == world.parent.id))
    await session.commit()
    await exports.run(session, uuid.UUID(answer.json()["id"]), fonts=settings.pdf_font_dir)
    await session.commit()
    status = (
        await client.get(f"/api/v1/exports/{answer.json()['id']}", headers=world.parent.headers)
    ).json()
    assert (status["status"], status["error_code"]) == ("failed", "student_not_found")
    assert status["error"]
    assert await session.scalar(select(ReportExportFile.export_id)) is None


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"kind": "student_report"}, "export_target_required"),
        ({"kind": "attendance"}, "export_target_required"),
        ({"kind": "class_analytics", "from": "2026-11-09", "to": "2026-11-20"}, "period_term_only"),
    ],
)
async def test_an_export_without_its_subject_or_with_a_wrong_period_is_422(
    client: AsyncClient, world: World, body: dict[str, str], code: str
) -> None:
    if body["kind"] == "class_analytics":
        body = {**body, "class_id": str(world.class_b.id)}
    answer = await request(client, world.admin, format="xlsx", **body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == code
    assert answer.json()["detail"]


def test_pdf_fonts_are_where_settings_say(settings: Settings) -> None:
    assert (settings.pdf_font_dir / "DejaVuSans.ttf").is_file(), "make pdf-tools"
