"""A small world for application tests: a connected school with classes, a confirmed
parent with a child, the school's administrator; documents on disk; request helpers."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.documents.models import Document, DocumentKind
from api.documents.storage import key_for, storage_for
from api.identity.models import AccountLevel, Role
from api.schools import service as schools_service
from api.schools.models import School, SchoolClass, SchoolKind
from api.security.crypto import encrypt_bytes
from tests.factories import Person, child_body, make_person

_inn = itertools.count(3_000_000)


class Clock:
    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def set(self, moment: datetime) -> None:
        self.current = moment

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


def make_school(
    *, connected: bool = True, zone: str = "Europe/Moscow", region: str = "77"
) -> School:
    n = next(_inn)
    name = f"Школа № {n % 10_000} (тест)"
    return School(
        id=uuid.uuid4(),
        full_name=name,
        short_name=name,
        inn=f"{region}{n:08d}",
        ogrn=f"10{region}0{n:08d}",
        kpp=f"{region}0101001",
        region_code=region,
        region_name="Москва" if region == "77" else "Свердловская область",
        address="Москва",
        kind=SchoolKind.school,
        connected=connected,
        timezone=zone,
        search_text=name.lower(),
    )


async def add_school(session: AsyncSession, **kwargs: Any) -> School:
    school = make_school(**kwargs)
    session.add(school)
    await session.flush()
    return school


async def add_class(session: AsyncSession, school: School, grade: int, letter: str) -> SchoolClass:
    school_class = SchoolClass(
        id=uuid.uuid4(),
        school_id=school.id,
        academic_year=schools_service.current_academic_year(school.timezone),
        grade=grade,
        letter=letter,
    )
    session.add(school_class)
    await session.flush()
    return school_class


async def staff(
    session: AsyncSession, settings: Settings, school: School, role: Role = Role.school_admin
) -> Person:
    person = await make_person(
        session,
        settings,
        level=AccountLevel.confirmed,
        roles=(role,),
        last_name="Петрова",
        first_name="Анна",
    )
    person.account.school_id = school.id
    await session.flush()
    await session.commit()
    return person


async def add_child(client: AsyncClient, parent: Person, **overrides: object) -> dict[str, Any]:
    answer = await client.post(
        "/api/v1/me/children", json=child_body(**overrides), headers=parent.headers
    )
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def add_document(
    session: AsyncSession,
    settings: Settings,
    owner: Person,
    *,
    child_id: uuid.UUID | None = None,
    kind: DocumentKind = DocumentKind.birth_certificate,
    content: bytes = b"%PDF-1.4 test scan",
) -> Document:
    """A stored scan without the upload checks (those have their own tests)."""
    document = Document(
        id=uuid.uuid4(),
        account_id=owner.id,
        child_id=child_id,
        kind=kind,
        content_type="application/pdf",
        size=len(content),
    )
    document.storage_key = key_for(document.id)
    session.add(document)
    await session.flush()
    await storage_for(settings, session).put(
        document.storage_key, encrypt_bytes(content, aad=f"documents:{document.id}")
    )
    return document


@dataclass
class Family:
    school: School
    class_b: SchoolClass
    class_a: SchoolClass
    parent: Person
    child: dict[str, Any]
    admin: Person

    @property
    def child_id(self) -> str:
        return str(self.child["id"])

    def body(self, **overrides: Any) -> dict[str, Any]:
        """A complete application: every field the submit check wants."""
        body: dict[str, Any] = {
            "child_id": self.child_id,
            "school_id": str(self.school.id),
            "class_id": str(self.class_b.id),
            "contact_phone": "+7 (916) 123-45-67",
            "consent": True,
        }
        body.update(overrides)
        return body


async def create(client: AsyncClient, person: Person, body: dict[str, Any]) -> dict[str, Any]:
    answer = await client.post("/api/v1/applications", json=body, headers=person.headers)
    assert answer.status_code in (200, 201), answer.text
    result: dict[str, Any] = answer.json()
    return result


async def submitted(client: AsyncClient, family: Family, **overrides: Any) -> dict[str, Any]:
    draft = await create(client, family.parent, family.body(**overrides))
    answer = await client.post(
        f"/api/v1/applications/{draft['id']}/submit", headers=family.parent.headers
    )
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


async def decide(
    client: AsyncClient, person: Person, application_id: str, decision: str, **extra: Any
) -> Any:
    return await client.post(
        f"/api/v1/applications/{application_id}/decisions",
        json={"decision": decision, **extra},
        headers=person.headers,
    )
