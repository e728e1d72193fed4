"""A signed record as PDF carries a QR code of its public verification link, the link and
the record's number in print (REPORTS.md §5); the link's public check tells whether the
record verifies and what it is of, without any pupil's name or grade."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.diary.grades.signoff_models import SignedRecord
from tests.diary.grades.test_signoff import signed
from tests.diary.world import World
from tests.reports.test_exports import pdf_text, poppler


def images(content: bytes, tmp_path: Path) -> list[list[str]]:
    """``pdfimages -list`` rows after its two header lines: page, num, type, width, height…"""
    path = tmp_path / "record.pdf"
    path.write_bytes(content)
    listing = poppler("pdfimages", "-list", str(path)).splitlines()[2:]
    return [line.split() for line in listing]


async def test_pdf_of_a_signed_record_carries_the_verification_qr(
    client: AsyncClient, session: AsyncSession, settings: Settings, world: World, tmp_path: Path
) -> None:
    record = await signed(client, session, world)
    answer = await client.get(
        f"/api/v1/signed-records/{record['id']}/pdf", headers=world.class_teacher.headers
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    assert "filename*=UTF-8''" in answer.headers["content-disposition"]

    text = pdf_text(answer.content, tmp_path)
    link = f"{settings.public_url.rstrip('/')}/verify?record={record['id']}"
    flat = re.sub(r"\s+", "", text)
    assert link in flat  # printed beside the code (a narrow column may wrap it)
    assert f"Номерзаписи:{record['id']}" in flat
    assert "Ведомость итоговых оценок: Алгебра, 9-Б" in text
    assert "Соколова Анна Петровна" in text
    for name, grade in (("Иванов Пётр", "5"), ("Смирнов Егор", "4"), ("Алексеева", "3")):
        assert re.search(rf"{name}.*\s{grade}\s*$", text, re.M), (name, text)
    pictures = images(answer.content, tmp_path)
    assert len(pictures) == 1, pictures
    page, _, kind, width, height = pictures[0][:5]
    assert (page, kind) == ("1", "image")
    assert int(width) == int(height) >= 21 * 8  # a square QR, ≥ version 1 at 8 px a module


async def test_family_gets_its_childs_excerpt_as_pdf(
    client: AsyncClient, session: AsyncSession, world: World, tmp_path: Path
) -> None:
    record = await signed(client, session, world)
    path = f"/api/v1/signed-records/{record['id']}/pdf"
    answer = await client.get(path, headers=world.parent.headers)
    assert answer.status_code == 200, answer.text
    text = pdf_text(answer.content, tmp_path)
    assert "Выписка из ведомости итоговых оценок" in text
    assert "Иванов Пётр" in text
    for stranger in ("Смирнов", "Алексеева"):
        assert stranger not in text
    assert len(images(answer.content, tmp_path)) == 1
    for person in (world.other_parent, world.foreign_admin):
        refused = await client.get(path, headers=person.headers)
        assert refused.status_code == 404
        assert refused.json()["code"] == "signed_record_not_found"
    assert (await client.get(path)).status_code == 401


async def test_the_qr_links_public_check_names_no_pupil(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    record = await signed(client, session, world)
    check = await client.get(f"/api/v1/signed-records/{record['id']}/verification")
    assert check.status_code == 200, check.text
    body = check.json()
    assert body["valid"] is True
    assert body["record_id"] == record["id"]
    assert body["signer_name"] == "Соколова Анна Петровна"
    assert (body["class_name"], body["subject_name"]) == ("9-Б", "Алгебра")
    assert body["grades_count"] == 3
    for private in ("Иванов", "Смирнов", "Алексеева", str(world.pupil.id)):
        assert private not in check.text

    # The server's copy altered behind the signature's back: the check says so.
    altered = record["document"]["signed_at"].replace("Z", "1Z")
    row = await session.get(SignedRecord, uuid.UUID(record["id"]))
    assert row is not None
    row.document = row.document.replace(record["document"]["signed_at"], altered)
    await session.commit()
    broken = (await client.get(f"/api/v1/signed-records/{record['id']}/verification")).json()
    assert broken["valid"] is False
    assert broken["class_name"] is None

    missing = await client.get(
        "/api/v1/signed-records/00000000-0000-4000-8000-000000000000/verification"
    )
    assert missing.status_code == 404
    assert missing.json()["code"] == "signed_record_not_found"
