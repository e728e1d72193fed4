"""The public school register: search, one school, its classes and the class check.

No token: these are public registry data (the seed's «список формируется автоматически на
основе официального реестра»), so the queries are not scoped to a caller.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.db import SessionDep
from api.errors import problem_responses
from api.pagination import Limit, Offset
from api.schools import search as schools_search
from api.schools import service
from api.schools.models import School, SchoolClass
from api.schools.regions_router import router as regions_router
from api.schools.schemas import (
    ClassCheckIn,
    ClassCheckOut,
    SchoolClassOut,
    SchoolListItem,
    SchoolOut,
    SchoolPage,
)
from api.statements import model_response

schools = APIRouter(prefix="/schools", tags=["schools"])


def _item(school: School) -> SchoolListItem:
    return SchoolListItem.model_validate(school, from_attributes=True)


def _class(school_class: SchoolClass) -> SchoolClassOut:
    return SchoolClassOut.model_validate(school_class, from_attributes=True)


@schools.get(
    "",
    name="search",
    summary="Поиск школы в реестре (с опечатками, по названию, номеру, адресу или ИНН)",
    response_model=SchoolPage,
    responses=problem_responses(422),
)
async def search_schools(
    session: SessionDep,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Название, номер, адрес или ИНН: «школа 57», «гимназия 1514»",
        ),
    ] = None,
    region: Annotated[
        str | None,
        Query(pattern=r"^[0-9]{2}$", description="Код региона: 77 — Москва, 66 — Свердловская"),
    ] = None,
    connected: Annotated[
        bool | None, Query(description="Только подключённые (true) или неподключённые (false)")
    ] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Response:
    page = await schools_search.search(
        session, q=q, region=region, connected=connected, limit=limit, offset=offset
    )
    # Validated once, here: returned as the model, FastAPI would validate it again.
    return model_response(
        SchoolPage(
            items=[_item(s) for s in page.schools], total=page.total, limit=limit, offset=offset
        )
    )


@schools.get(
    "/{school_id}",
    name="get",
    summary="Школа из реестра",
    response_model=SchoolOut,
    responses=problem_responses(404, 422),
)
async def get_school(school_id: uuid.UUID, session: SessionDep) -> SchoolOut:
    school = await service.get_school(session, school_id)
    return SchoolOut.model_validate(
        {
            **_item(school).model_dump(),
            "kpp": school.kpp,
            "status": school.status,
            "phone": school.phone,
            "email": school.email,
            "website": school.website,
            "current_academic_year": service.current_academic_year(school.timezone),
        }
    )


@schools.get(
    "/{school_id}/classes",
    name="classes",
    summary="Классы школы на учебный год (по умолчанию текущий)",
    response_model=list[SchoolClassOut],
    responses=problem_responses(404, 422),
)
async def list_classes(
    school_id: uuid.UUID,
    session: SessionDep,
    academic_year: Annotated[
        int | None,
        Query(ge=2000, le=2100, description="Год начала учебного года: 2026 — это 2026/2027"),
    ] = None,
) -> list[SchoolClassOut]:
    school = await service.get_school(session, school_id)
    return [_class(c) for c in await service.list_classes(session, school, academic_year)]


@schools.post(
    "/{school_id}/classes/check",
    name="check-class",
    summary="Проверить класс по реестру школы (кнопка «Проверить»)",
    response_model=ClassCheckOut,
    responses=problem_responses(404, 422),
)
async def check_class(
    school_id: uuid.UUID, body: ClassCheckIn, session: SessionDep
) -> ClassCheckOut:
    school = await service.get_school(session, school_id)
    result = await service.check_class(
        session, school, grade=body.grade, letter=body.letter, academic_year=body.academic_year
    )
    return ClassCheckOut(
        valid=result.valid,
        code=result.code,
        class_id=result.class_id,
        name=result.name,
        academic_year=result.academic_year,
        message=result.message.render(),
    )


# What api/main.py registers (flat, api/routing.py): the register's routes and the
# regions its search filters by.
routers: tuple[APIRouter, ...] = (schools, regions_router)
