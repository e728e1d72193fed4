"""Dependencies other features' routes share with the documents' own: the file store."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from api.documents.storage import DocumentStorage, storage_for
from api.identity.deps import SettingsDep


def document_storage(settings: SettingsDep) -> DocumentStorage:
    return storage_for(settings)


StorageDep = Annotated[DocumentStorage, Depends(document_storage)]
