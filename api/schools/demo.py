"""Demo registry: the bundled sample register and three connected demo schools.

The demo schools sit in three of Russia's eleven time zones (Москва UTC+3, Екатеринбург
UTC+5, Владивосток UTC+10), so the academic year, lesson times and deadlines can be tried
where 1 September or midnight comes at different moments. Their ИНН use tax office code
…99, which the sample generator never produces.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from api.schools import regions, service
from api.schools.importer import import_file
from api.schools.models import School, SchoolKind, SchoolStatus
from api.schools.service import SchoolRecord

SAMPLE_REGISTER = Path(__file__).resolve().parent / "data" / "sample_schools.csv"

LETTERS = ("А", "Б", "В")
PROFILES = {
    (10, "А"): "физико-математический",
    (10, "Б"): "социально-экономический",
    (10, "В"): "естественно-научный",
    (11, "А"): "физико-математический",
    (11, "Б"): "социально-экономический",
    (11, "В"): "естественно-научный",
}


def _demo(
    region_code: str,
    *,
    full_name: str,
    short_name: str,
    inn: str,
    ogrn: str,
    kpp: str,
    municipality: str,
    address: str,
    kind: SchoolKind,
    phone: str,
    website: str,
) -> SchoolRecord:
    region = regions.REGIONS[region_code]
    return SchoolRecord(
        full_name=full_name,
        short_name=short_name,
        inn=inn,
        ogrn=ogrn,
        kpp=kpp,
        region_code=region.code,
        region_name=region.name,
        municipality=municipality,
        address=address,
        kind=kind,
        status=SchoolStatus.active,
        timezone=region.timezone,
        phone=phone,
        email=f"info@{website}",
        website=website,
        connected=True,
    )


DEMO_SCHOOLS: tuple[SchoolRecord, ...] = (
    _demo(
        "77",
        full_name="Государственное бюджетное общеобразовательное учреждение города Москвы "
        "«Школа № 2107» (демонстрационная)",
        short_name="ГБОУ Школа № 2107 (демо)",
        inn="7799000012",
        ogrn="1037799000018",
        kpp="779901001",
        municipality="город Москва",
        address="125047, г. Москва, ул. 1-я Тверская-Ямская, д. 12",
        kind=SchoolKind.school,
        phone="+7 (495) 000-21-07",
        website="school2107.demo.edudiary.local",
    ),
    _demo(
        "66",
        full_name="Муниципальное автономное общеобразовательное учреждение гимназия № 177 "
        "(демонстрационная)",
        short_name="МАОУ гимназия № 177 (демо)",
        inn="6699000017",
        ogrn="1036699000018",
        kpp="669901001",
        municipality="городской округ Екатеринбург",
        address="620014, Свердловская область, г. Екатеринбург, ул. Малышева, д. 40",
        kind=SchoolKind.gymnasium,
        phone="+7 (343) 000-01-77",
        website="gym177.demo.edudiary.local",
    ),
    _demo(
        "25",
        full_name="Муниципальное бюджетное общеобразовательное учреждение «Лицей № 41» "
        "г. Владивостока (демонстрационный)",
        short_name="МБОУ Лицей № 41 (демо)",
        inn="2599000016",
        ogrn="1032599000015",
        kpp="259901001",
        municipality="Владивостокский городской округ",
        address="690091, Приморский край, г. Владивосток, ул. Светланская, д. 28",
        kind=SchoolKind.lyceum,
        phone="+7 (423) 000-00-41",
        website="lyceum41.demo.edudiary.local",
    ),
)


def demo_classes() -> list[tuple[int, str, str | None]]:
    """1-А … 11-В; the senior classes have profiles."""
    return [
        (grade, letter, PROFILES.get((grade, letter)))
        for grade in range(1, 12)
        for letter in LETTERS
    ]


async def seed_sample_register(session: AsyncSession) -> int:
    """The bundled sample register (≈1 200 schools); returns how many schools it added."""
    report = await import_file(session, SAMPLE_REGISTER)
    return report.inserted


async def seed_demo_schools(session: AsyncSession) -> list[tuple[School, int]]:
    """The demo schools with this academic year's classes: (school, classes added) each."""
    await service.upsert_schools(session, DEMO_SCHOOLS)
    schools = await service.schools_by_inn(session, [record.inn for record in DEMO_SCHOOLS])
    seeded = []
    for school in schools:
        year = service.current_academic_year(school.timezone)
        added = await service.ensure_classes(session, school.id, year, demo_classes())
        seeded.append((school, added))
    return seeded
