"""The registry: schools by id, classes, the class check, and writes (upsert on ИНН)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, literal_column, select, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import NotFound
from api.i18n import Text
from api.schools.models import School, SchoolClass, SchoolKind, SchoolStatus
from api.schools.schemas import ClassCheckCode
from api.schools.text import search_text

# --- Reading -------------------------------------------------------------------------


def academic_year_on(day: date) -> int:
    """The school year starts on 1 September: 31.08.2026 is in 2025, 01.09.2026 in 2026."""
    return day.year if day.month >= 9 else day.year - 1


def now() -> datetime:
    """The service's clock (tests move it)."""
    return datetime.now(UTC)


def current_academic_year(timezone: str) -> int:
    """Today's academic year in the school's time zone (1 September comes first in the east)."""
    return academic_year_on(now().astimezone(ZoneInfo(timezone)).date())


async def get_school(session: AsyncSession, school_id: uuid.UUID) -> School:
    school = await session.get(School, school_id)
    if school is None:
        raise NotFound(
            code="school_not_found",
            detail=Text("Такой школы нет в реестре", "No such school in the register"),
        )
    return school


async def list_classes(
    session: AsyncSession, school: School, academic_year: int | None = None
) -> list[SchoolClass]:
    year = academic_year or current_academic_year(school.timezone)
    rows = await session.scalars(
        select(SchoolClass)
        .where(SchoolClass.school_id == school.id, SchoolClass.academic_year == year)
        .order_by(SchoolClass.grade, SchoolClass.letter)
    )
    return list(rows)


@dataclass(frozen=True, slots=True)
class ClassCheck:
    valid: bool
    code: ClassCheckCode
    class_id: uuid.UUID | None
    name: str
    academic_year: int
    message: Text


def _years(year: int) -> str:
    return f"{year}/{year + 1}"


async def check_class(
    session: AsyncSession, school: School, *, grade: int, letter: str, academic_year: int | None
) -> ClassCheck:
    """The seed's «Проверить»: is class ``grade``-``letter`` in the school's register?"""
    year = academic_year or current_academic_year(school.timezone)
    name = f"{grade}-{letter}"

    def answer(
        code: ClassCheckCode, message: Text, class_id: uuid.UUID | None = None
    ) -> ClassCheck:
        return ClassCheck(class_id is not None, code, class_id, name, year, message)

    if school.status == SchoolStatus.closed:
        return answer(
            "school_closed",
            Text(
                "Школа закрыта и не принимает заявления: выберите другую школу",
                "The school is closed and takes no applications: choose another school",
            ),
        )
    if not school.connected:
        return answer(
            "school_not_connected",
            Text(
                "Школа ещё не подключена к электронному дневнику: можно подать заявку "
                "на подключение",
                "The school is not connected to the electronic diary yet: you can apply "
                "for its connection",
            ),
        )
    classes = await list_classes(session, school, year)
    found = next((c for c in classes if c.grade == grade and c.letter == letter), None)
    if found is not None:
        return answer(
            "class_found",
            Text(
                f"Класс {name} найден в реестре школы", f"Class {name} is in the school's register"
            ),
            found.id,
        )
    parallel = [c.name for c in classes if c.grade == grade]
    if parallel:
        hint = Text(
            f" В {grade}-й параллели есть: {', '.join(parallel)}.",
            f" Grade {grade} has: {', '.join(parallel)}.",
        )
    else:
        hint = Text(f" {grade}-х классов в школе нет.", f" The school has no grade {grade}.")
    return answer(
        "class_not_found",
        Text(
            f"Класса {name} нет в реестре школы на {_years(year)} учебный год.{hint.ru} "
            "Проверьте номер и букву класса или уточните их в школе",
            f"There is no class {name} in the school's register for {_years(year)}.{hint.en} "
            "Check the grade and letter or ask the school",
        ),
    )


# --- Writing -------------------------------------------------------------------------


@dataclass(slots=True)
class SchoolRecord:
    """One validated register entry, ready to upsert (see api/schools/importer.py)."""

    full_name: str
    short_name: str
    inn: str
    ogrn: str
    kpp: str
    region_code: str
    region_name: str
    municipality: str | None
    address: str
    kind: SchoolKind
    status: SchoolStatus
    timezone: str
    phone: str | None
    email: str | None
    website: str | None
    connected: bool = False

    def row(self) -> dict[str, object]:
        values: dict[str, object] = {f.name: getattr(self, f.name) for f in fields(self)}
        values["search_text"] = search_text(
            short_name=self.short_name,
            full_name=self.full_name,
            address=self.address,
            municipality=self.municipality,
            region_name=self.region_name,
        )
        return values


RECORD_FIELDS = tuple(f.name for f in fields(SchoolRecord))


@dataclass(slots=True)
class UpsertResult:
    inserted: list[uuid.UUID]
    updated: list[uuid.UUID]


async def upsert_schools(session: AsyncSession, records: Sequence[SchoolRecord]) -> UpsertResult:
    """Insert new schools and update changed ones, matched on ИНН; unchanged rows stay as
    they are (``updated_at`` too). The ИНН must be unique within ``records``."""
    result = UpsertResult([], [])
    if not records:
        return result
    columns = (*RECORD_FIELDS, "search_text")
    table = School.__table__.c
    values = insert(School)
    stmt = values.on_conflict_do_update(
        index_elements=[table.inn],
        set_={**{c: values.excluded[c] for c in columns}, "updated_at": func.now()},
        where=tuple_(*(table[c] for c in columns)).is_distinct_from(
            tuple_(*(values.excluded[c] for c in columns))
        ),
    ).returning(table.id, literal_column("xmax = 0").label("inserted"))
    rows = await session.execute(stmt, [dict(r.row(), id=uuid.uuid4()) for r in records])
    for school_id, inserted in rows:
        (result.inserted if inserted else result.updated).append(school_id)
    return result


async def current_values(
    session: AsyncSession, inns: Sequence[str], names: Sequence[str]
) -> dict[str, dict[str, object]]:
    """ИНН -> {field: value} of the schools already registered, for fields a source lacks."""
    if not inns or not names:
        return {}
    table = School.__table__.c
    rows = await session.execute(
        select(table.inn, *(table[name] for name in names)).where(table.inn.in_(inns))
    )
    return {row[0]: dict(zip(names, row[1:], strict=True)) for row in rows}


async def owners_of_ogrns(session: AsyncSession, ogrns: Sequence[str]) -> dict[str, str]:
    """ОГРН -> ИНН of the schools that already hold these ОГРН."""
    rows = await session.execute(select(School.ogrn, School.inn).where(School.ogrn.in_(ogrns)))
    return {row.ogrn: row.inn for row in rows}


async def ensure_classes(
    session: AsyncSession,
    school_id: uuid.UUID,
    academic_year: int,
    classes: Sequence[tuple[int, str, str | None]],
) -> int:
    """Add the (grade, letter, profile) classes a school lacks; returns how many were added."""
    if not classes:
        return 0
    stmt = (
        insert(SchoolClass)
        .values(
            [
                {
                    "id": uuid.uuid4(),
                    "school_id": school_id,
                    "academic_year": academic_year,
                    "grade": grade,
                    "letter": letter,
                    "profile": profile,
                }
                for grade, letter, profile in classes
            ]
        )
        .on_conflict_do_nothing()
        .returning(SchoolClass.id)
    )
    return len((await session.scalars(stmt)).all())


async def schools_by_inn(session: AsyncSession, inns: Sequence[str]) -> list[School]:
    """The registered schools with these ИНН, in the order given (unknown ones left out)."""
    rows = await session.scalars(select(School).where(School.inn.in_(inns)))
    found = {school.inn: school for school in rows}
    return [found[inn] for inn in inns if inn in found]
