from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.messaging.models import Audience
from api.text import Lines, OneLine

MessageText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10000), Lines
]
AttachmentIds = Annotated[list[uuid.UUID], Field(max_length=10)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Contact(BaseModel):
    account_id: uuid.UUID
    name: str = Field(examples=["Соколова Анна Викторовна"])
    roles: list[str] = Field(examples=[["teacher"]])
    subjects: list[str] = Field(examples=[["Алгебра"]], description="Что ведёт у ребёнка")
    student_id: uuid.UUID | None = Field(description="О каком ребёнке можно написать")
    student_name: str | None = Field(
        default=None, description="Имя ребёнка (для учителя: чей это родитель)"
    )


class ContactPage(BaseModel):
    items: list[Contact]
    total: int
    limit: int
    offset: int


class AttachmentOut(BaseModel):
    id: uuid.UUID
    file_name: str
    content_type: str = Field(description="Определён по содержимому файла")
    size: int = Field(description="Размер, байт")


class MessageOut(BaseModel):
    id: uuid.UUID
    conversation_id: uuid.UUID
    author_id: uuid.UUID | None
    text: str = Field(description="Обычный текст: показывать как текст, не как разметку")
    attachments: list[AttachmentOut]
    created_at: datetime
    read_by: list[uuid.UUID] = Field(description="Кто из других участников прочитал")


class MessagePage(BaseModel):
    items: list[MessageOut]
    total: int
    limit: int
    offset: int


class Participant(BaseModel):
    account_id: uuid.UUID
    name: str
    roles: list[str]


class ConversationOut(BaseModel):
    id: uuid.UUID
    subject: str | None
    student_id: uuid.UUID | None
    student_name: str | None = Field(default=None, description="О ком переписка")
    participants: list[Participant]
    last_message: MessageOut | None
    unread_count: int
    created_at: datetime
    reported: bool = Field(default=False, description="Участник сообщил администрации")


class ConversationPage(BaseModel):
    items: list[ConversationOut]
    total: int
    limit: int
    offset: int


class ConversationIn(_In):
    recipient_ids: list[uuid.UUID] = Field(min_length=1, max_length=20)
    text: MessageText
    subject: (
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), OneLine] | None
    ) = None
    student_id: uuid.UUID | None = None
    attachment_ids: AttachmentIds = Field(default_factory=list)


class MessageIn(_In):
    text: MessageText
    attachment_ids: AttachmentIds = Field(default_factory=list)


class ReadIn(_In):
    up_to: uuid.UUID = Field(description="Последнее прочитанное сообщение")


class ReportIn(_In):
    reason: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=3, max_length=1000), Lines
    ] = Field(examples=["Оскорбления в переписке"])


class UnreadSummary(BaseModel):
    conversations: int = Field(description="Переписок с непрочитанными сообщениями")
    announcements: int = Field(description="Непрочитанных объявлений")


class AnnouncementIn(_In):
    title: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), OneLine
    ]
    text: MessageText
    attachment_ids: AttachmentIds = Field(default_factory=list)
    audience: Audience = Audience.families


class AnnouncementOut(BaseModel):
    id: uuid.UUID
    class_id: uuid.UUID
    class_name: str = Field(examples=["9-Б"])
    author_id: uuid.UUID | None
    author_name: str | None
    title: str
    text: str = Field(description="Обычный текст: показывать как текст, не как разметку")
    audience: Audience
    attachments: list[AttachmentOut]
    created_at: datetime
    read: bool = Field(description="Прочитано мной (для получателя)")
    recipients_count: int | None = Field(
        default=None, description="Скольким отправлено (автору и администрации)"
    )
    read_count: int | None = Field(default=None, description="Сколько прочитали (автору)")


class AnnouncementPage(BaseModel):
    items: list[AnnouncementOut]
    total: int
    limit: int
    offset: int


ATTACHMENT_UPLOAD_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "title": "AttachmentUpload",
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {
                        "type": "string",
                        "format": "binary",
                        "description": "PDF, JPEG, PNG, DOCX, XLSX или TXT, до 10 МБ",
                    }
                },
            }
        }
    },
}

ATTACHMENT_CONTENT_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Файл вложения",
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}
