"""What other features' routes share with the documents' own: the file store and the
way a stored file is handed out."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Response

from api.db import SessionDep
from api.documents.inspection import EXTENSIONS
from api.documents.models import Document
from api.documents.storage import DocumentStorage, storage_for
from api.identity.deps import SettingsDep


async def document_storage(settings: SettingsDep, session: SessionDep) -> DocumentStorage:
    # The request's own session: a blob is written and deleted in the same transaction
    # as its document row (with the default PostgreSQL store).
    return storage_for(settings, session)


StorageDep = Annotated[DocumentStorage, Depends(document_storage)]


def file_response(document: Document, content: bytes) -> Response:
    """A stored scan as a download: its own type, never sniffed, never cached."""
    extension = EXTENSIONS.get(document.content_type, "bin")
    return Response(
        content=content,
        media_type=document.content_type,
        headers={
            "Content-Disposition": f'attachment; filename="document-{document.id}.{extension}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
