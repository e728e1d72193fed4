"""Schools for tests: valid ИНН/ОГРН/КПП, written through the service like an import."""

from __future__ import annotations

import itertools

from sqlalchemy.ext.asyncio import AsyncSession

from api.schools import regions, service
from api.schools.models import School, SchoolKind, SchoolStatus
from api.schools.service import SchoolRecord
from api.schools.text import kind_from_name
from api.validation.checks import inn_control, ogrn_control

_serial = itertools.count(1)


def identifiers(region: str = "77") -> tuple[str, str, str]:
    """A fresh valid (ИНН, ОГРН, КПП) of an organisation registered in ``region``."""
    n = next(_serial)
    body = f"{region}98{n:05d}"
    inn = body + str(inn_control(body, (2, 4, 10, 3, 5, 9, 4, 6, 8)))
    ogrn_body = f"105{region}98{n:05d}"
    return inn, ogrn_body + str(ogrn_control(ogrn_body)), f"{region}9801001"


def record(
    short_name: str,
    *,
    full_name: str | None = None,
    region: str = "77",
    city: str = "Москва",
    street: str = "ул. Садовая, д. 5",
    connected: bool = False,
    status: SchoolStatus = SchoolStatus.active,
    kind: SchoolKind | None = None,
    municipality: str | None = None,
) -> SchoolRecord:
    inn, ogrn, kpp = identifiers(region)
    area = regions.REGIONS[region]
    full = full_name or f"Муниципальное бюджетное общеобразовательное учреждение «{short_name}»"
    return SchoolRecord(
        full_name=full,
        short_name=short_name,
        inn=inn,
        ogrn=ogrn,
        kpp=kpp,
        region_code=area.code,
        region_name=area.name,
        municipality=municipality,
        address=f"123456, {area.name}, г. {city}, {street}",
        kind=kind or kind_from_name(full),
        status=status,
        timezone=area.timezone,
        phone=None,
        email=None,
        website=None,
        connected=connected,
    )


async def add(session: AsyncSession, *records: SchoolRecord) -> list[School]:
    await service.upsert_schools(session, records)
    return await service.schools_by_inn(session, [r.inn for r in records])
