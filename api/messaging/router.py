"""Conversations, attachments, announcements and their moderation (COMMUNICATION §1–3)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from api.db import SessionDep
from api.documents.storage import DocumentStorage
from api.documents.upload import read_upload
from api.errors import problem_responses
from api.identity.deps import CurrentUser, HotRead, SchoolAdminUser, SettingsDep
from api.messaging import (
    access,
    announcement_statements,
    announcements,
    attachments,
    contacts,
    service,
    statements,
)
from api.messaging.models import Attachment
from api.messaging.schemas import (
    ATTACHMENT_CONTENT_RESPONSE,
    ATTACHMENT_UPLOAD_BODY,
    AnnouncementIn,
    AnnouncementOut,
    AnnouncementPage,
    AttachmentOut,
    ContactPage,
    ConversationIn,
    ConversationOut,
    ConversationPage,
    MessageIn,
    MessageOut,
    MessagePage,
    ReadIn,
    ReportIn,
    UnreadSummary,
)
from api.pagination import Limit, Offset

router = APIRouter(tags=["messaging"])


async def _storage(settings: SettingsDep, session: SessionDep) -> DocumentStorage:
    return attachments.storage_for(settings, session)


AttachmentStorage = Annotated[DocumentStorage, Depends(_storage)]


@router.get(
    "/me/contacts",
    name="contacts",
    summary="Кому я могу написать (для родителя — по ребёнку)",
    response_model=ContactPage,
    responses=problem_responses(401, 404, 422),
)
async def list_contacts(
    hot: HotRead,
    student_id: Annotated[uuid.UUID | None, Query(description="Ребёнок")] = None,
    limit: Limit = 200,
    offset: Offset = 0,
) -> Response:
    # One statement on the hot pool (contacts.py) over the rule's select (access.py).
    async with hot.connect() as connection:
        body = await contacts.page(
            connection, hot.claims, student_id=student_id, limit=limit, offset=offset
        )
    return Response(body, media_type="application/json")


@router.post(
    "/conversations",
    name="start",
    status_code=201,
    summary="Начать переписку (получатели — только из «кому можно написать»)",
    response_model=ConversationOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def start_conversation(
    body: ConversationIn, principal: CurrentUser, session: SessionDep
) -> ConversationOut:
    conversation = await service.start(session, principal, body)
    return (await service.render(session, principal, [conversation]))[0]


@router.get(
    "/conversations",
    name="conversations",
    summary="Мои переписки: сначала с последними сообщениями",
    response_model=ConversationPage,
    responses=problem_responses(401, 422),
)
async def list_conversations(
    hot: HotRead,
    unread: Annotated[bool | None, Query(description="Только с непрочитанными")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    # One statement on the hot pool (statements.py): the page of ``ConversationPage``.
    async with hot.connect() as connection:
        body = await statements.conversations(
            connection, hot.claims, unread=bool(unread), limit=limit, offset=offset
        )
    return Response(body, media_type="application/json")


@router.get(
    "/me/unread",
    name="unread",
    summary="Сколько непрочитанного: переписки и объявления (для значков меню)",
    response_model=UnreadSummary,
    responses=problem_responses(401),
)
async def unread_summary(principal: CurrentUser, session: SessionDep) -> UnreadSummary:
    return UnreadSummary(
        conversations=await service.unread_conversations(session, principal),
        announcements=await announcements.unread_count(session, principal),
    )


@router.get(
    "/conversations/{conversation_id}",
    name="conversation",
    summary="Переписка",
    response_model=ConversationOut,
    responses=problem_responses(401, 404, 422),
)
async def get_conversation(conversation_id: uuid.UUID, hot: HotRead) -> Response:
    async with hot.connect() as connection:
        body = await statements.conversation(
            connection, hot.claims, conversation_id=conversation_id
        )
    return Response(body, media_type="application/json")


@router.get(
    "/conversations/{conversation_id}/messages",
    name="messages",
    summary="Сообщения переписки, по порядку",
    response_model=MessagePage,
    responses=problem_responses(401, 404, 422),
)
async def list_messages(
    conversation_id: uuid.UUID,
    hot: HotRead,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    async with hot.connect() as connection:
        body = await statements.messages(
            connection, hot.claims, conversation_id=conversation_id, limit=limit, offset=offset
        )
    return Response(body, media_type="application/json")


@router.post(
    "/conversations/{conversation_id}/messages",
    name="reply",
    status_code=201,
    summary="Ответить в переписке",
    response_model=MessageOut,
    responses=problem_responses(401, 404, 422),
)
async def post_message(
    conversation_id: uuid.UUID, body: MessageIn, principal: CurrentUser, session: SessionDep
) -> MessageOut:
    conversation = await service.get(
        session, access.readable_conversations(principal), conversation_id
    )
    message = await service.reply(session, principal, conversation, body.text, body.attachment_ids)
    return (await service.render_messages(session, [message]))[0]


@router.post(
    "/conversations/{conversation_id}/read",
    name="read",
    status_code=204,
    summary="Отметить прочитанным всё до этого сообщения",
    response_class=Response,
    responses=problem_responses(401, 404, 422),
)
async def read_conversation(
    conversation_id: uuid.UUID, body: ReadIn, principal: CurrentUser, session: SessionDep
) -> Response:
    conversation = await service.get(
        session, access.readable_conversations(principal), conversation_id
    )
    await service.mark_read(session, principal, conversation, body.up_to)
    return Response(status_code=204)


@router.post(
    "/conversations/{conversation_id}/report",
    name="report",
    status_code=204,
    summary="Сообщить администрации школы о переписке (она сможет её прочитать)",
    response_class=Response,
    responses=problem_responses(401, 404, 422),
)
async def report_conversation(
    conversation_id: uuid.UUID, body: ReportIn, principal: CurrentUser, session: SessionDep
) -> Response:
    conversation = await service.get(
        session, access.readable_conversations(principal), conversation_id
    )
    await service.report(session, principal, conversation, body.reason)
    return Response(status_code=204)


@router.get(
    "/moderation/conversations",
    name="reported",
    summary="Переписки, о которых сообщили участники (администратор школы)",
    response_model=ConversationPage,
    responses=problem_responses(401, 403, 422),
)
async def list_reported(
    admin: SchoolAdminUser, session: SessionDep, limit: Limit = 50, offset: Offset = 0
) -> ConversationPage:
    rows, total = await service.page(
        session, access.reported_conversations(admin), limit=limit, offset=offset
    )
    items = await service.render(session, admin, rows)
    return ConversationPage(items=items, total=total, limit=limit, offset=offset)


@router.get(
    "/moderation/conversations/{conversation_id}/messages",
    name="reported_messages",
    summary="Прочитать переписку, о которой сообщили (чтение — в журнал аудита)",
    response_model=MessagePage,
    responses=problem_responses(401, 403, 404, 422),
)
async def read_reported(
    conversation_id: uuid.UUID,
    admin: SchoolAdminUser,
    session: SessionDep,
    limit: Limit = 200,
    offset: Offset = 0,
) -> MessagePage:
    conversation = await service.get(session, access.reported_conversations(admin), conversation_id)
    await service.admin_read(session, admin, conversation)
    items, total = await service.messages_page(session, conversation, limit=limit, offset=offset)
    return MessagePage(items=items, total=total, limit=limit, offset=offset)


@router.post(
    "/attachments",
    name="upload",
    status_code=201,
    summary="Загрузить вложение (PDF, JPEG, PNG, DOCX, XLSX, TXT; до 10 МБ)",
    response_model=AttachmentOut,
    responses=problem_responses(401, 413, 415, 422),
    openapi_extra={"requestBody": ATTACHMENT_UPLOAD_BODY},
)
async def upload_attachment(
    request: Request, principal: CurrentUser, session: SessionDep, storage: AttachmentStorage
) -> AttachmentOut:
    upload = await read_upload(
        request, max_file_size=attachments.MAX_SIZE, too_large_error=attachments.too_large
    )
    stored = await attachments.store(session, principal, upload, storage)
    return AttachmentOut(
        id=stored.id, file_name=stored.file_name, content_type=stored.content_type, size=stored.size
    )


@router.get(
    "/attachments/{attachment_id}/content",
    name="attachment_content",
    summary="Скачать вложение (только участникам переписки или получателям объявления)",
    response_class=Response,
    responses={**ATTACHMENT_CONTENT_RESPONSE, **problem_responses(401, 404, 422)},
)
async def download_attachment(
    attachment_id: uuid.UUID,
    principal: CurrentUser,
    session: SessionDep,
    storage: AttachmentStorage,
) -> Response:
    found = await session.scalar(
        access.readable_attachments(principal).where(Attachment.id == attachment_id)
    )
    if found is None:
        raise attachments.not_found()
    return attachments.file_response(found, await attachments.content(found, storage))


@router.post(
    "/classes/{class_id}/announcements",
    name="announce",
    status_code=201,
    summary="Объявление классу: семьям, ученикам или всем (классный руководитель, администрация)",
    response_model=AnnouncementOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def post_announcement(
    class_id: uuid.UUID, body: AnnouncementIn, principal: CurrentUser, session: SessionDep
) -> AnnouncementOut:
    announcement = await announcements.post(session, principal, class_id, body)
    return (await announcements.render(session, principal, [announcement]))[0]


@router.get(
    "/classes/{class_id}/announcements",
    name="class_announcements",
    summary="Объявления класса с «прочитали N из M» (автору и администрации)",
    response_model=AnnouncementPage,
    responses=problem_responses(401, 403, 404, 422),
)
async def list_class_announcements(
    class_id: uuid.UUID,
    hot: HotRead,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    # Like posting: another school's class → 404, a colleague's → 403 (not an empty list).
    async with hot.connect() as connection:
        body = await announcement_statements.of_class(
            connection, hot.claims, class_id=class_id, limit=limit, offset=offset
        )
    return Response(body, media_type="application/json")


@router.get(
    "/me/announcements",
    name="my_announcements",
    summary="Объявления мне: сначала новые",
    response_model=AnnouncementPage,
    responses=problem_responses(401, 422),
)
async def list_my_announcements(hot: HotRead, limit: Limit = 50, offset: Offset = 0) -> Response:
    async with hot.connect() as connection:
        body = await announcement_statements.mine(
            connection, hot.claims, limit=limit, offset=offset
        )
    return Response(body, media_type="application/json")


@router.get(
    "/announcements/{announcement_id}",
    name="announcement",
    summary="Объявление (автору — сколько получили и прочитали)",
    response_model=AnnouncementOut,
    responses=problem_responses(401, 404, 422),
)
async def get_announcement(announcement_id: uuid.UUID, hot: HotRead) -> Response:
    async with hot.connect() as connection:
        body = await announcement_statements.one(
            connection, hot.claims, announcement_id=announcement_id
        )
    return Response(body, media_type="application/json")


@router.post(
    "/announcements/{announcement_id}/read",
    name="announcement_read",
    status_code=204,
    summary="Отметить объявление прочитанным",
    response_class=Response,
    responses=problem_responses(401, 404, 422),
)
async def read_announcement(
    announcement_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> Response:
    announcement = await announcements.get(session, principal, announcement_id)
    await announcements.mark_read(session, principal, announcement)
    return Response(status_code=204)
