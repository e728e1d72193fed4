from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from api.documents.models import DocumentKind, DocumentStatus


class DocumentOut(BaseModel):
    id: uuid.UUID
    kind: DocumentKind
    content_type: str = Field(examples=["image/jpeg"], description="Определён по содержимому")
    size: int = Field(description="Размер файла, байт")
    status: DocumentStatus
    dpi: int | None = Field(description="Разрешение скана (для изображений)")
    child_id: uuid.UUID | None
    created_at: datetime


class DocumentList(BaseModel):
    items: list[DocumentOut]
    total: int
    limit: int
    offset: int


# The multipart body is read by a streaming parser (api/documents/upload.py), so the
# contract is declared by hand.
UPLOAD_REQUEST_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "title": "DocumentUpload",
                "type": "object",
                "required": ["kind", "file"],
                "properties": {
                    "kind": {
                        "type": "string",
                        "enum": [kind.value for kind in DocumentKind],
                        "description": "Вид документа",
                    },
                    "file": {
                        "type": "string",
                        "format": "binary",
                        "description": "PDF, JPEG или PNG, до 5 МБ; сканы — не менее 300 dpi",
                    },
                    "child_id": {
                        "type": "string",
                        "format": "uuid",
                        "description": "Ребёнок, к которому относится документ",
                    },
                },
            }
        }
    },
}

DOCUMENT_CONTENT_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Файл документа (расшифрованный)",
        "content": {
            media_type: {"schema": {"type": "string", "format": "binary"}}
            for media_type in ("application/pdf", "image/jpeg", "image/png")
        },
    }
}
