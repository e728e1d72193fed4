"""Term sign-off and verification (REPORTS.md §5, docs/reports.md)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from api.db import SessionDep
from api.diary.grades import signoff, signoff_statements
from api.diary.grades.signoff_schemas import JwksOut, SignedRecordOut, VerifyIn, VerifyOut
from api.diary.schemas import Page
from api.errors import problem_responses
from api.identity.deps import HotRead, SettingsDep, TeacherUser
from api.pagination import Limit, Offset
from api.statements import model_response

router = APIRouter(tags=["signed-records"])


@router.post(
    "/classes/{class_id}/subjects/{subject_id}/terms/{term_id}/sign-off",
    name="sign_off",
    status_code=201,
    summary="Подписать итоговые оценки класса по предмету за период (учитель предмета)",
    response_model=SignedRecordOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def sign_off(
    class_id: uuid.UUID,
    subject_id: uuid.UUID,
    term_id: uuid.UUID,
    teacher: TeacherUser,
    session: SessionDep,
    settings: SettingsDep,
) -> SignedRecordOut:
    record = await signoff.sign_off(session, settings, teacher, class_id, subject_id, term_id)
    return signoff.record_out(record, None)


@router.get(
    "/classes/{class_id}/signed-records",
    name="class_records",
    summary="Подписанные ведомости класса (новые сначала), с исправлениями",
    response_model=Page[SignedRecordOut],
    responses=problem_responses(401, 403, 404, 422),
)
async def class_records(
    class_id: uuid.UUID,
    hot: HotRead,
    subject_id: uuid.UUID | None = None,
    term_id: uuid.UUID | None = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Response:
    async with hot.connect() as connection:
        body = await signoff_statements.read_class_records(
            connection,
            hot.claims,
            class_id,
            subject_id=subject_id,
            term_id=term_id,
            limit=limit,
            offset=offset,
        )
    return Response(body, media_type="application/json")


# Before ``/signed-records/{record_id}``, which would otherwise take "keys" for an id.
@router.get(
    "/signed-records/keys",
    name="keys",
    summary="Открытые ключи подписи ведомостей (JWKS), включая выведенные из оборота",
    response_model=JwksOut,
)
async def keys(session: SessionDep, settings: SettingsDep) -> JwksOut:
    published = await signoff.published_keys(session, settings)
    return JwksOut(keys=[{k: str(v) for k, v in jwk.items()} for jwk in published.values()])


@router.get(
    "/signed-records/{record_id}",
    name="get",
    summary="Подписанная ведомость (семье — выписка только со строкой своего ребёнка)",
    response_model=SignedRecordOut,
    responses=problem_responses(401, 404, 422),
)
async def get_record(record_id: uuid.UUID, hot: HotRead) -> Response:
    async with hot.connect() as connection:
        record = await signoff_statements.read_record(connection, hot.claims, record_id)
    return model_response(record)


@router.post(
    "/signed-records/verify",
    name="verify",
    summary="Проверить подпись ведомости (без входа): верна ли, кто и когда подписал",
    response_model=VerifyOut,
    responses=problem_responses(422),
)
async def verify(body: VerifyIn, session: SessionDep, settings: SettingsDep) -> VerifyOut:
    return await signoff.verify(session, settings, body.document, body.signature)
