"""The consent to personal-data processing: published versions, the current one.

Since 1 September 2025 (152-ФЗ ст. 9 ч. 4.1 as amended by 156-ФЗ of 24.06.2025) a consent
must be drawn up as a document of its own, not inside a user agreement or an application
form. The texts live in ``consent_documents`` (version 1 comes with migration 0008); an
application records which version its applicant accepted and when.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications import clock
from api.applications.models import ConsentDocument
from api.errors import NotFound
from api.i18n import Text


def _none() -> NotFound:
    return NotFound(
        code="consent_not_found",
        detail=Text("Такой редакции согласия нет", "No such version of the consent"),
    )


async def current(session: AsyncSession) -> ConsentDocument:
    """The latest published version."""
    document = await session.scalar(
        select(ConsentDocument)
        .where(ConsentDocument.published_at <= clock.now())
        .order_by(ConsentDocument.version.desc())
        .limit(1)
    )
    if document is None:
        raise _none()
    return document


async def get_version(session: AsyncSession, version: int) -> ConsentDocument:
    document = await session.get(ConsentDocument, version)
    if document is None or document.published_at > clock.now():
        raise _none()
    return document
