"""Term sign-off (REPORTS.md §5): the teacher signs a class's term grades, anyone verifies,
any change breaks the signature, a signed grade changes only by a correction with a reason,
families see their own child's row only, and the CLI verifies offline with a JWKS file."""

from __future__ import annotations

import base64
import copy
import json
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
from httpx import AsyncClient
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.cli import main as cli_main
from api.config import Settings
from api.diary.grades import signoff
from api.diary.grades.models import TermGrade
from api.diary.grades.signoff_models import RecordSigningKey, SignedRecord
from api.identity.keys import generate_pem, key_ring
from tests.diary.world import World
from tests.reports.journal import put_grade

Json = dict[str, Any]


def url(world: World, *, subject: uuid.UUID | None = None) -> str:
    return (
        f"/api/v1/classes/{world.class_b.id}/subjects/{subject or world.algebra.id}"
        f"/terms/{world.term.id}/sign-off"
    )


async def grade_class(session: AsyncSession, world: World) -> None:
    """Иванов 5, Смирнов 4, Алексеева 3 in algebra."""
    for student, value in ((world.pupil, 5), (world.own, 4), (world.classmate, 3)):
        await put_grade(session, world, student, world.algebra, date(2026, 11, 10), value)


async def close_term(client: AsyncClient, world: World, **extra: str) -> Any:
    return await client.post(
        f"/api/v1/classes/{world.class_b.id}/term-grades",
        json={"subject_id": str(world.algebra.id), "term_id": str(world.term.id), **extra},
        headers=world.teacher.headers,
    )


async def signed(client: AsyncClient, session: AsyncSession, world: World) -> Json:
    await grade_class(session, world)
    assert (await close_term(client, world)).status_code == 200
    response = await client.post(url(world), headers=world.teacher.headers)
    assert response.status_code == 201, response.text
    body: Json = response.json()
    return body


async def verify(client: AsyncClient, document: Json, signature: str) -> Json:
    response = await client.post(
        "/api/v1/signed-records/verify", json={"document": document, "signature": signature}
    )
    assert response.status_code == 200, response.text
    result: Json = response.json()
    return result


async def test_teacher_signs_and_anyone_verifies(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    record = await signed(client, session, world)

    document = record["document"]
    assert document["signer"]["name"] == "Соколова Анна Петровна"
    assert (document["class"]["name"], document["subject"]["name"]) == ("9-Б", "Алгебра")
    assert document["term"]["name"] == "2-я четверть"
    assert [(g["student_name"], g["term_grade"]) for g in document["grades"]] == [
        ("Алексеева Вера", "3"),
        ("Иванов Пётр", "5"),
        ("Смирнов Егор", "4"),
    ]
    assert document["id"] == record["id"]
    row = await session.get(SignedRecord, uuid.UUID(record["id"]))
    assert row is not None
    # The stored text is the signed bytes: canonical JSON, sorted keys, no whitespace.
    assert row.document == json.dumps(
        document, ensure_ascii=False, separators=(",", ":"), sort_keys=True
    )
    assert row.signer_id == world.teacher.id
    header = json.loads(base64.urlsafe_b64decode(record["signature"].split(".")[0] + "=="))
    assert header == {"alg": "ES256", "kid": record["key_id"], "typ": "edudiary-record+jws"}
    assert record["signature"].split(".")[1] == ""  # detached payload

    jwks = (await client.get("/.well-known/jwks.json")).json()
    assert record["key_id"] in {k["kid"] for k in jwks["keys"]}
    assert await session.get(RecordSigningKey, record["key_id"]) is not None

    result = await verify(client, document, record["signature"])
    assert result == {
        "valid": True,
        "key_id": record["key_id"],
        "signed_at": document["signed_at"],
        "signer_name": "Соколова Анна Петровна",
        "reason": None,
        "record_id": record["id"],
        "corrected_by": None,
    }


def _set(path: tuple[Any, ...], value: Any) -> Callable[[Json], None]:
    def change(document: Json) -> None:
        target: Any = document
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return change


@pytest.mark.parametrize(
    "change",
    [
        _set(("grades", 0, "term_grade"), "5"),
        _set(("grades", 1, "student_name"), "Иванов Павел"),
        _set(("signed_at",), "2026-11-30T09:00:00Z"),
        _set(("signer", "name"), "Кузнецов Павел"),
        _set(("term", "name"), "3-я четверть"),
        _set(("extra",), 1),
        lambda d: d["grades"].pop(),
    ],
    ids=["grade", "name", "date", "signer", "term", "added-field", "removed-row"],
)
async def test_signature_fails_after_any_change_of_the_document(
    client: AsyncClient, session: AsyncSession, world: World, change: Callable[[Json], None]
) -> None:
    record = await signed(client, session, world)
    document = copy.deepcopy(record["document"])
    change(document)

    result = await verify(client, document, record["signature"])
    assert (result["valid"], result["reason"], result["signer_name"]) == (
        False,
        "signature_mismatch",
        None,
    )


async def test_signature_fails_with_another_kid_or_a_tampered_signature(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    record = await signed(client, session, world)
    head, _, tail = record["signature"].split(".")
    header = json.loads(base64.urlsafe_b64decode(head + "=="))
    other = base64.urlsafe_b64encode(json.dumps(header | {"kid": "x" * 43}).encode()).rstrip(b"=")
    as_token = base64.urlsafe_b64encode(json.dumps(header | {"typ": "JWT"}).encode()).rstrip(b"=")
    flipped = tail[:-2] + ("A" if tail[-2] != "A" else "B") + tail[-1]

    unknown = await verify(client, record["document"], f"{other.decode()}..{tail}")
    token_typ = await verify(client, record["document"], f"{as_token.decode()}..{tail}")
    bad_sig = await verify(client, record["document"], f"{head}..{flipped}")
    attached = await verify(client, record["document"], f"{head}.e30.{tail}")

    assert (unknown["valid"], unknown["reason"], unknown["key_id"]) == (
        False,
        "unknown_key",
        "x" * 43,
    )
    assert (token_typ["valid"], token_typ["reason"]) == (False, "malformed")
    assert (bad_sig["valid"], bad_sig["reason"]) == (False, "signature_mismatch")
    assert (attached["valid"], attached["reason"]) == (False, "malformed")


async def test_sign_off_needs_every_term_grade(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await put_grade(session, world, world.pupil, world.algebra, date(2026, 11, 10), 5)
    assert (await close_term(client, world)).status_code == 200  # one of three graded

    response = await client.post(url(world), headers=world.teacher.headers)

    assert response.status_code == 409
    problem = response.json()
    assert problem["code"] == "term_grades_incomplete"
    assert "нет у 2" in problem["detail"]
    assert sorted(e["field"] for e in problem["errors"]) == sorted(
        f"grades.{s.id}" for s in (world.own, world.classmate)
    )
    assert await session.scalar(select(func.count()).select_from(SignedRecord)) == 0


async def test_only_the_subject_teacher_signs(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await grade_class(session, world)
    assert (await close_term(client, world)).status_code == 200

    class_teacher = await client.post(url(world), headers=world.class_teacher.headers)
    pe_teacher = await client.post(url(world), headers=world.other_teacher.headers)
    admin = await client.post(url(world), headers=world.admin.headers)
    foreign = await client.post(url(world), headers=world.foreign_admin.headers)
    parent = await client.post(url(world), headers=world.parent.headers)
    nobody = await client.post(url(world))

    assert (class_teacher.status_code, class_teacher.json()["code"]) == (
        403,
        "not_subject_teacher",
    )
    assert pe_teacher.status_code == 403
    assert admin.status_code == 403  # a school admin holds no teacher role here
    assert foreign.status_code == 403
    assert parent.status_code == 403
    assert nobody.status_code == 401
    assert await session.scalar(select(func.count()).select_from(SignedRecord)) == 0


async def test_second_sign_off_is_a_conflict(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await signed(client, session, world)
    again = await client.post(url(world), headers=world.teacher.headers)
    assert (again.status_code, again.json()["code"]) == (409, "term_already_signed")
    assert await session.scalar(select(func.count()).select_from(SignedRecord)) == 1


async def test_signed_grade_changes_only_by_a_correction_that_is_signed_anew(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    first = await signed(client, session, world)
    # Recomputing with nothing changed is no change of a signed grade.
    assert (await close_term(client, world)).status_code == 200

    await put_grade(session, world, world.classmate, world.algebra, date(2026, 11, 11), 5, "test")
    refused = await close_term(client, world)
    assert (refused.status_code, refused.json()["code"]) == (409, "term_signed")
    kept = await session.scalar(
        select(TermGrade.score).where(
            TermGrade.student_id == world.classmate.id, TermGrade.term_id == world.term.id
        )
    )
    assert kept == 3

    corrected = await close_term(client, world, correction_reason="Пересдача контрольной работы")
    assert corrected.status_code == 200, corrected.text
    rows = list(await session.scalars(select(SignedRecord).order_by(SignedRecord.signed_at)))
    assert len(rows) == 2
    new = next(r for r in rows if str(r.id) != first["id"])
    assert str(new.corrects_id) == first["id"]
    assert new.correction_reason == "Пересдача контрольной работы"
    document = orjson.loads(new.document)
    assert document["corrects"] == first["id"]
    assert {g["student_name"]: g["term_grade"] for g in document["grades"]}["Алексеева Вера"] == "4"

    # Both verify; the old one says it was corrected, and by which record.
    old_check = await verify(client, first["document"], first["signature"])
    assert (old_check["valid"], old_check["corrected_by"]) == (True, str(new.id))
    new_check = await verify(client, document, new.signature)
    assert (new_check["valid"], new_check["corrected_by"]) == (True, None)

    listed = await client.get(
        f"/api/v1/classes/{world.class_b.id}/signed-records",
        params={"subject_id": str(world.algebra.id), "term_id": str(world.term.id)},
        headers=world.teacher.headers,
    )
    assert listed.status_code == 200
    page = listed.json()
    assert page["total"] == 2
    assert [(r["id"], r["corrects"], r["corrected_by"]) for r in page["items"]] == [
        (str(new.id), first["id"], None),
        (first["id"], None, str(new.id)),
    ]

    # The correction is now in force: changing it again needs another reason.
    await put_grade(session, world, world.classmate, world.algebra, date(2026, 11, 12), 2, "exam")
    assert (await close_term(client, world)).json()["code"] == "term_signed"


async def test_staff_of_the_school_read_the_record_others_get_404(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    record = await signed(client, session, world)
    path = f"/api/v1/signed-records/{record['id']}"

    admin = await client.get(path, headers=world.admin.headers)
    foreign = await client.get(path, headers=world.foreign_admin.headers)
    other_parent = await client.get(path, headers=world.other_parent.headers)
    foreign_list = await client.get(
        f"/api/v1/classes/{world.class_b.id}/signed-records", headers=world.foreign_admin.headers
    )

    assert admin.status_code == 200
    assert admin.json()["document"] == record["document"]
    assert admin.json()["excerpt"] is False
    assert foreign.status_code == 404
    assert foreign.json()["code"] == "signed_record_not_found"
    assert other_parent.status_code == 404
    assert foreign_list.status_code == 404


async def test_family_sees_only_its_own_childs_row_and_can_verify_it(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    record = await signed(client, session, world)
    path = f"/api/v1/signed-records/{record['id']}"

    parent = await client.get(path, headers=world.parent.headers)
    student = await client.get(path, headers=world.student.headers)

    assert parent.status_code == 200
    body = parent.json()
    assert body["excerpt"] is True
    assert body["document"]["grades"] == [
        {"student_id": str(world.pupil.id), "student_name": "Иванов Пётр", "term_grade": "5"}
    ]
    assert body["document"]["excerpt_for"] == str(world.pupil.id)
    for stranger in ("Алексеева", "Смирнов", str(world.classmate.id), str(world.own.id)):
        assert stranger not in parent.text
    assert body["signature"] != record["signature"]
    assert (await verify(client, body["document"], body["signature"]))["valid"] is True
    # The excerpt's signature does not pass for the whole record, nor the other way round.
    assert (await verify(client, record["document"], body["signature"]))["valid"] is False

    assert student.status_code == 200
    assert [g["student_name"] for g in student.json()["document"]["grades"]] == ["Смирнов Егор"]


async def test_cli_verifies_offline_with_a_jwks_file(
    client: AsyncClient,
    session: AsyncSession,
    world: World,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = await signed(client, session, world)
    jwks = tmp_path / "jwks.json"
    jwks.write_text((await client.get("/api/v1/signed-records/keys")).text)
    saved = tmp_path / "record.json"
    saved.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    tampered = tmp_path / "tampered.json"
    changed = copy.deepcopy(record)
    changed["document"]["grades"][0]["term_grade"] = "5"
    tampered.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    empty_jwks = tmp_path / "empty.json"
    empty_jwks.write_text('{"keys": []}')

    assert cli_main(["verify-signature", str(saved), "--jwks", str(jwks)]) == 0
    valid = capsys.readouterr().out
    assert cli_main(["verify-signature", str(tampered), "--jwks", str(jwks)]) == 1
    invalid = capsys.readouterr().out
    assert cli_main(["verify-signature", str(saved), "--jwks", str(empty_jwks)]) == 1
    unknown = capsys.readouterr().out
    assert cli_main(["verify-signature", str(tmp_path / "none.json"), "--jwks", str(jwks)]) == 1
    missing = capsys.readouterr().out

    assert "Подпись верна" in valid
    assert "Подписал: Соколова Анна Петровна" in valid
    assert "9-Б, Алгебра, 2-я четверть 2026/2027" in valid
    assert "Подпись НЕВЕРНА: документ изменён после подписи" in invalid
    assert "ключа с таким идентификатором нет" in unknown
    assert "Не удалось прочитать ведомость" in missing


async def test_a_record_stays_verifiable_after_its_key_leaves_the_ring(
    client: AsyncClient, session: AsyncSession, world: World, settings: Settings
) -> None:
    record = await signed(client, session, world)
    # Rotation done: a new key signs tokens, the record's key is gone from the ring.
    rotated = settings.model_copy(update={"jwt_private_keys": generate_pem()})
    assert record["key_id"] not in key_ring(rotated).by_kid

    result = await signoff.verify(session, rotated, record["document"], record["signature"])
    published = await signoff.published_keys(session, rotated)

    assert (result.valid, result.key_id) == (True, record["key_id"])
    assert record["key_id"] in published
    assert key_ring(rotated).signing.kid in published
    # Without the kept key, the same check fails: the table is what keeps it verifiable.
    await session.execute(delete(RecordSigningKey))
    gone = await signoff.verify(session, rotated, record["document"], record["signature"])
    assert (gone.valid, gone.reason) == (False, "unknown_key")
