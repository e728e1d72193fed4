"""``/api/v1/me/children``: the caller's children."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from api.children import service, statements
from api.children.schemas import ChildIn, ChildList, ChildOut, ChildPatch
from api.db import SessionDep
from api.errors import problem_responses
from api.identity.deps import CurrentUser, HotRead
from api.pagination import Limit, Offset
from api.statements import model_response

router = APIRouter(prefix="/me/children", tags=["children"])


@router.post(
    "",
    name="create",
    status_code=201,
    summary="Добавить ребёнка (нужна подтверждённая учётная запись)",
    response_model=ChildOut,
    responses=problem_responses(401, 403, 409, 422),
)
async def create_child(body: ChildIn, principal: CurrentUser, session: SessionDep) -> ChildOut:
    return service.child_out(await service.create(session, principal, body))


@router.get(
    "",
    name="list",
    summary="Мои дети",
    response_model=ChildList,
    responses=problem_responses(401, 422),
)
async def list_children(hot: HotRead, limit: Limit = 50, offset: Offset = 0) -> Response:
    async with hot.connect() as connection:
        page = await statements.read_children(connection, hot.claims, limit=limit, offset=offset)
    return model_response(page)


@router.get(
    "/{child_id}",
    name="get",
    summary="Данные ребёнка",
    response_model=ChildOut,
    responses=problem_responses(401, 404, 422),
)
async def get_child(child_id: uuid.UUID, principal: CurrentUser, session: SessionDep) -> ChildOut:
    return service.child_out(await service.get(session, principal, child_id))


@router.patch(
    "/{child_id}",
    name="update",
    summary="Изменить данные ребёнка (нужна подтверждённая учётная запись)",
    response_model=ChildOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def update_child(
    child_id: uuid.UUID, body: ChildPatch, principal: CurrentUser, session: SessionDep
) -> ChildOut:
    return service.child_out(await service.update(session, principal, child_id, body))


@router.delete(
    "/{child_id}",
    name="delete",
    status_code=204,
    summary="Удалить ребёнка (нужна подтверждённая учётная запись)",
    response_class=Response,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def delete_child(
    child_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> Response:
    await service.delete(session, principal, child_id)
    return Response(status_code=204)
