"""The diary's school world (tests/diary/world.py) with two more people, so family ↔
family and student ↔ student can be tried inside one class: ``classmate_parent``, the
guardian of 9-Б's «Алексеева Вера», and ``classmate_student``, Вера's own account."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.diary.structure.models import Guardianship
from api.identity.models import Role
from tests.diary.world import World, build_world
from tests.factories import Person, make_person


@dataclass
class School:
    world: World
    classmate_parent: Person
    classmate_student: Person

    def people(self) -> dict[str, Person]:
        return {
            **self.world.people(),
            "classmate_parent": self.classmate_parent,
            "classmate_student": self.classmate_student,
        }


@pytest.fixture
async def school(session: AsyncSession, settings: Settings) -> School:
    world = await build_world(session, settings)
    classmate_parent = await make_person(
        session, settings, last_name="Алексеева", first_name="Ольга"
    )
    classmate_student = await make_person(
        session, settings, roles=(Role.student,), last_name="Алексеева", first_name="Вера"
    )
    world.classmate.account_id = classmate_student.id
    session.add(
        Guardianship(id=uuid.uuid4(), account_id=classmate_parent.id, student_id=world.classmate.id)
    )
    await session.commit()
    return School(world, classmate_parent, classmate_student)
