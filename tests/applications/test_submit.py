"""Drafts and the check on submit: all problems at once in the seed's words; who may file;
one open application per child and school."""

from __future__ import annotations

import uuid

from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications.models import Application, ApplicationStatus
from api.config import Settings
from api.identity.models import AccountLevel
from tests.applications.world import Clock, Family, add_class, add_document, add_school, create
from tests.factories import make_person

SEED_RULE = (
    "Отсутствие подтверждённого профиля блокирует возможность ввода и изменения данных о школьнике"
)


def _errors(answer: object) -> dict[str, tuple[str, str]]:
    problem = answer.json()  # type: ignore[attr-defined]
    return {e["field"]: (e["code"], e["message"]) for e in problem["errors"]}


async def test_submit_names_every_missing_field_in_russian(
    client: AsyncClient, family: Family, frozen_clock: Clock
) -> None:
    draft = await create(client, family.parent, {"child_id": family.child_id})

    answer = await client.post(
        f"/api/v1/applications/{draft['id']}/submit", headers=family.parent.headers
    )

    assert answer.status_code == 422
    problem = answer.json()
    assert problem["code"] == "application_incomplete"
    assert problem["detail"] == (
        "Заявление не отправлено. Исправьте: школа, класс, контактный телефон, "
        "согласие на обработку персональных данных"
    )
    errors = _errors(answer)
    assert set(errors) == {"school_id", "class_id", "contact_phone", "consent"}
    assert errors["contact_phone"][1].startswith("Некорректный номер телефона")
    assert errors["consent"] == (
        "consent_missing",
        "Отсутствует согласие на обработку персональных данных: ознакомьтесь с текстом "
        "согласия и отметьте его",
    )
    assert errors["school_id"][0] == "required"


async def test_a_wrong_phone_a_class_of_another_school_and_no_consent(
    client: AsyncClient, session: AsyncSession, family: Family, frozen_clock: Clock
) -> None:
    elsewhere = await add_school(session)
    foreign_class = await add_class(session, elsewhere, 9, "В")
    draft = await create(
        client,
        family.parent,
        family.body(
            class_id=str(foreign_class.id),
            contact_phone="123",
            consent=False,
            student_number="12 34",
        ),
    )

    answer = await client.post(
        f"/api/v1/applications/{draft['id']}/submit", headers=family.parent.headers
    )

    assert answer.status_code == 422
    errors = _errors(answer)
    assert errors["contact_phone"] == ("phone_format", "Некорректный номер телефона")
    assert errors["consent"][1].startswith("Отсутствует согласие")
    assert errors["class_id"] == (
        "class_not_in_school",
        "Класс: такого класса нет в выбранной школе — выберите класс из списка школы",
    )
    assert errors["student_number"][0] == "student_number_format"
    assert set(errors) == {"contact_phone", "consent", "class_id", "student_number"}
    row = await session.get(Application, uuid.UUID(draft["id"]))
    assert row is not None
    await session.refresh(row)
    assert row.status == ApplicationStatus.draft
    assert row.number is None


async def test_a_school_not_connected_says_what_to_do(
    client: AsyncClient, session: AsyncSession, family: Family, frozen_clock: Clock
) -> None:
    offline = await add_school(session, connected=False)
    its_class = await add_class(session, offline, 9, "Б")
    draft = await create(
        client,
        family.parent,
        family.body(school_id=str(offline.id), class_id=str(its_class.id)),
    )

    answer = await client.post(
        f"/api/v1/applications/{draft['id']}/submit", headers=family.parent.headers
    )

    assert answer.status_code == 422
    problem = answer.json()
    [error] = problem["errors"]
    assert error["field"] == "school_id"
    assert error["code"] == "school_not_connected"
    assert error["message"].startswith("Школа не подключена к электронному дневнику.")
    assert "подайте заявку на подключение школы" in error["message"]
    assert problem["detail"].startswith("Заявление не отправлено. Школа не подключена")


async def test_field_errors_in_english_on_request(
    client: AsyncClient, family: Family, frozen_clock: Clock
) -> None:
    draft = await create(client, family.parent, family.body(contact_phone="12", consent=None))

    answer = await client.post(
        f"/api/v1/applications/{draft['id']}/submit", headers=family.parent.headers_en()
    )

    assert answer.status_code == 422
    problem = answer.json()
    assert problem["title"] == "Please check the data you entered"
    assert (
        problem["detail"] == "The application was not submitted. Please fix: contact phone, consent"
    )
    assert _errors(answer)["contact_phone"] == ("phone_format", "Invalid phone number")


async def test_an_unconfirmed_parent_cannot_file(
    client: AsyncClient, session: AsyncSession, data_settings: Settings, family: Family
) -> None:
    parent = await make_person(session, data_settings, level=AccountLevel.standard)

    answer = await client.post("/api/v1/applications", json=family.body(), headers=parent.headers)

    assert answer.status_code == 403
    assert answer.json()["code"] == "account_not_confirmed"
    assert answer.json()["detail"].startswith(SEED_RULE)


async def test_another_familys_child_and_application_answer_404(
    client: AsyncClient, session: AsyncSession, data_settings: Settings, family: Family
) -> None:
    stranger = await make_person(session, data_settings, level=AccountLevel.confirmed)
    mine = await create(client, family.parent, family.body())

    with_their_child = await client.post(
        "/api/v1/applications", json=family.body(), headers=stranger.headers
    )
    assert with_their_child.status_code == 404
    assert with_their_child.json()["code"] == "child_not_found"
    for method, path, body in [
        ("GET", f"/api/v1/applications/{mine['id']}", None),
        ("PATCH", f"/api/v1/applications/{mine['id']}", {"contact_phone": "+79160000000"}),
        ("POST", f"/api/v1/applications/{mine['id']}/submit", None),
        ("POST", f"/api/v1/applications/{mine['id']}/withdraw", None),
    ]:
        answer = await client.request(method, path, json=body, headers=stranger.headers)
        assert answer.status_code == 404, (path, answer.text)
        assert answer.json()["code"] == "application_not_found"
    listing = await client.get("/api/v1/applications", headers=stranger.headers)
    assert listing.json()["total"] == 0


async def test_a_second_draft_for_the_same_child_and_school_is_the_same_application(
    client: AsyncClient, session: AsyncSession, family: Family, frozen_clock: Clock
) -> None:
    first = await client.post(
        "/api/v1/applications",
        json={"child_id": family.child_id, "school_id": str(family.school.id)},
        headers=family.parent.headers,
    )
    second = await client.post(
        "/api/v1/applications",
        json=family.body(contact_phone="+7 916 555-44-33"),
        headers=family.parent.headers,
    )

    assert first.status_code == 201
    assert second.status_code == 200
    assert second.json()["id"] == first.json()["id"]
    assert second.json()["contact_phone"] == "+7 916 555-44-33"  # the later fields are kept
    count = await session.scalar(
        select(func.count(Application.id)).where(Application.child_id == uuid.UUID(family.child_id))
    )
    assert count == 1

    submitted = await client.post(
        f"/api/v1/applications/{first.json()['id']}/submit", headers=family.parent.headers
    )
    again = await client.post(
        "/api/v1/applications", json=family.body(), headers=family.parent.headers
    )
    assert again.status_code == 200
    assert again.json()["number"] == submitted.json()["number"]
    assert again.json()["status"] == "submitted"


async def test_moving_a_draft_onto_a_school_already_applied_to_is_a_conflict(
    client: AsyncClient, session: AsyncSession, family: Family, frozen_clock: Clock
) -> None:
    applied = await create(client, family.parent, family.body())
    elsewhere = await add_school(session)
    loose = await client.post(
        "/api/v1/applications",
        json={"child_id": family.child_id, "school_id": str(elsewhere.id)},
        headers=family.parent.headers,
    )
    assert loose.status_code == 201
    assert loose.json()["id"] != applied["id"]

    moved = await client.patch(
        f"/api/v1/applications/{loose.json()['id']}",
        json={"school_id": str(family.school.id)},
        headers=family.parent.headers,
    )

    assert moved.status_code == 409
    assert moved.json()["code"] == "application_already_open"


async def test_only_a_draft_can_be_changed_and_references_must_exist(
    client: AsyncClient, family: Family, frozen_clock: Clock
) -> None:
    draft = await create(client, family.parent, {"child_id": family.child_id})
    unknown = await client.patch(
        f"/api/v1/applications/{draft['id']}",
        json={"school_id": str(uuid.uuid4())},
        headers=family.parent.headers,
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "school_id"

    sent = await client.patch(
        f"/api/v1/applications/{draft['id']}", json=family.body(), headers=family.parent.headers
    )
    assert sent.status_code == 422  # child_id is not a draft field
    await client.patch(
        f"/api/v1/applications/{draft['id']}",
        json={k: v for k, v in family.body().items() if k != "child_id"},
        headers=family.parent.headers,
    )
    submit = await client.post(
        f"/api/v1/applications/{draft['id']}/submit", headers=family.parent.headers
    )
    assert submit.status_code == 200, submit.text

    late = await client.patch(
        f"/api/v1/applications/{draft['id']}",
        json={"contact_phone": "+79160000001"},
        headers=family.parent.headers,
    )
    assert late.status_code == 409
    assert late.json()["code"] == "application_not_editable"
    assert (
        late.json()["detail"] == "Изменять можно только черновик: заявление в статусе «Отправлено»"
    )


async def test_consent_records_the_version_and_the_moment(
    client: AsyncClient, session: AsyncSession, family: Family, frozen_clock: Clock
) -> None:
    current = await client.get("/api/v1/consents/current")
    assert current.status_code == 200
    consent = current.json()
    assert consent["version"] == 1
    assert consent["title"].startswith("Согласие на обработку персональных данных")
    for phrase in ("152-ФЗ", "Цели обработки", "Перечень персональных данных", "Отзыв согласия"):
        assert phrase in consent["text"]
    assert (await client.get("/api/v1/consents/1")).json() == consent
    assert (await client.get("/api/v1/consents/2")).status_code == 404

    outdated = await client.post(
        "/api/v1/applications",
        json=family.body(consent_version=2),
        headers=family.parent.headers,
    )
    assert outdated.status_code == 422
    assert outdated.json()["errors"][0]["code"] == "consent_outdated"

    draft = await create(client, family.parent, family.body(consent_version=1))
    assert draft["consent"] == {"version": 1, "given_at": "2026-11-28T09:00:00Z"}
    withdrawn = await client.patch(
        f"/api/v1/applications/{draft['id']}",
        json={"consent": False},
        headers=family.parent.headers,
    )
    assert withdrawn.json()["consent"] is None


async def test_attachments_must_be_the_applicants_own_documents(
    client: AsyncClient,
    session: AsyncSession,
    data_settings: Settings,
    family: Family,
    frozen_clock: Clock,
) -> None:
    stranger = await make_person(session, data_settings, level=AccountLevel.confirmed)
    theirs = await add_document(session, data_settings, stranger)
    mine = await add_document(session, data_settings, family.parent)

    refused = await client.post(
        "/api/v1/applications",
        json=family.body(attachment_ids=[str(mine.id), str(theirs.id)]),
        headers=family.parent.headers,
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "attachment_ids.1"

    accepted = await create(client, family.parent, family.body(attachment_ids=[str(mine.id)]))
    assert [a["id"] for a in accepted["attachments"]] == [str(mine.id)]


async def test_a_second_start_with_only_the_child_continues_the_open_draft(
    client: AsyncClient, family: Family
) -> None:
    parent = family.parent
    first = await client.post(
        "/api/v1/applications", json={"child_id": family.child_id}, headers=parent.headers
    )
    await client.patch(
        f"/api/v1/applications/{first.json()['id']}",
        json={"school_id": str(family.school.id)},
        headers=parent.headers,
    )

    again = await client.post(
        "/api/v1/applications",
        json={"child_id": family.child_id, "contact_phone": "+7 (916) 123-45-67"},
        headers=parent.headers,
    )
    mine = await client.get("/api/v1/applications", headers=parent.headers)

    assert first.status_code == 201
    assert again.status_code == 200, again.text
    assert again.json()["id"] == first.json()["id"]
    # The school chosen before is kept; the fields sent are saved into the draft.
    assert again.json()["school"]["id"] == str(family.school.id)
    assert again.json()["contact_phone"] == "+7 (916) 123-45-67"
    assert mine.json()["total"] == 1
