"""``/api/v1``: the teacher's list of platform results and the accept / reject decisions."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.db import SessionDep
from api.diary.schemas import Page
from api.errors import problem_responses
from api.identity.deps import BearerToken, HotRead, StaffUser
from api.oneroster import suggestion_statements, suggestions
from api.oneroster.models import SuggestionStatus
from api.oneroster.suggestion_schemas import AcceptIn, SuggestionOut

router = APIRouter(tags=["grade-suggestions"])


@router.get(
    "/classes/{class_id}/grade-suggestions",
    name="grade_suggestions",
    summary="Предложения оценок от платформ для журнала класса",
    response_model=Page[SuggestionOut],
    responses=problem_responses(401, 403, 404, 422),
)
async def list_suggestions(
    class_id: uuid.UUID,
    hot: HotRead,
    subject_id: uuid.UUID | None = None,
    status: SuggestionStatus | None = SuggestionStatus.pending,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> Response:
    async with hot.connect() as connection:
        body = await suggestion_statements.class_suggestions(
            connection,
            hot.claims,
            class_id=class_id,
            subject_id=subject_id,
            status=status,
            limit=limit,
            offset=offset,
        )
        if body is None:
            raise suggestions.class_not_found()
        return Response(body, media_type="application/json")


@router.post(
    "/grade-suggestions/{suggestion_id}/accept",
    name="accept_grade_suggestion",
    summary="Принять предложение: учитель ставит оценку в журнал за выбранный урок",
    response_model=SuggestionOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def accept_suggestion(
    suggestion_id: uuid.UUID,
    body: AcceptIn,
    staff: StaffUser,
    token: BearerToken,
    session: SessionDep,
) -> SuggestionOut:
    return await suggestions.accept(session, staff, token, suggestion_id, body)


@router.post(
    "/grade-suggestions/{suggestion_id}/reject",
    name="reject_grade_suggestion",
    summary="Отклонить предложение: в журнал ничего не попадает",
    response_model=SuggestionOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def reject_suggestion(
    suggestion_id: uuid.UUID, staff: StaffUser, session: SessionDep
) -> SuggestionOut:
    return await suggestions.reject(session, staff, suggestion_id)
