"""``GET /api/v1/regions``: the 89 regions, so clients filter by region without a copy."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.pagination import Limit, Offset
from api.schools.regions import REGIONS

router = APIRouter(prefix="/regions", tags=["regions"])


class RegionOut(BaseModel):
    code: str = Field(description="Код субъекта (первые две цифры ИНН школы): «77»")
    name: str = Field(description="Название: «Москва», «Свердловская область»")
    timezone: str = Field(description="Часовой пояс IANA столицы региона: «Europe/Moscow»")


class RegionPage(BaseModel):
    items: list[RegionOut]
    total: int
    limit: int
    offset: int


@router.get(
    "",
    name="list",
    summary="Регионы России: код, название, часовой пояс (по коду)",
    response_model=RegionPage,
)
async def list_regions(limit: Limit = 100, offset: Offset = 0) -> RegionPage:
    # Public reference data: no token, and 100 by default so one call brings all 89.
    regions = sorted(REGIONS.values(), key=lambda region: region.code)
    page = regions[offset : offset + limit]
    return RegionPage(
        items=[RegionOut(code=r.code, name=r.name, timezone=r.timezone) for r in page],
        total=len(regions),
        limit=limit,
        offset=offset,
    )
