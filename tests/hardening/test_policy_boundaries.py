"""Each policy value tried at, just under and just over its limit.

The limits are written here as literal numbers on purpose: a test that imports the
production constant moves with it, so raising the 5 MB limit to 8 MB would pass unnoticed.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import pytest
from httpx import ASGITransport, AsyncClient, Response
from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.config import Settings
from api.diary.grades.averages import Counted, weighted_average
from api.identity import clock
from api.main import create_app
from tests.factories import Person, make_person
from tests.identity.conftest import Clock, Tokens, login, make_account

FIVE_MB = 5 * 1024 * 1024  # 5 242 880 bytes: the seed's «не более 5 МБ»


def average(*grades: tuple[int, str]) -> Decimal | None:
    return weighted_average([Counted(value, Decimal(weight)) for value, weight in grades])[2]


def test_an_exact_half_of_a_hundredth_rounds_up() -> None:
    # 33 / 8 = 4.125: half-up gives 4.13, banker's rounding would give 4.12.
    assert average((5, "1"), (4, "7")) == Decimal("4.13")
    # 4.375 → 4.38 either way; 4.124 and 4.126 fall on their own side.
    assert average((5, "3"), (4, "5")) == Decimal("4.38")
    assert average((5, "0.124"), (4, "0.876")) == Decimal("4.12")
    assert average((5, "0.126"), (4, "0.874")) == Decimal("4.13")


@pytest.fixture
def data_settings(settings: Settings, tmp_path: Path) -> Settings:
    return settings.model_copy(update={"data_dir": tmp_path})


@pytest.fixture
async def uploads(
    data_settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> AsyncIterator[AsyncClient]:
    app = create_app(data_settings, manage_database=False)
    app.state.sessionmaker = sessionmaker
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://t") as client:
        yield client


def jpeg(dpi: int, *, size: int | None = None) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, "JPEG", dpi=(dpi, dpi))
    data = buffer.getvalue()
    # Bytes after the end-of-image marker: a decoder ignores them; the limit counts them.
    return data + b"\x00" * ((size or len(data)) - len(data))


async def upload(client: AsyncClient, person: Person, data: bytes) -> Response:
    return await client.post(
        "/api/v1/me/documents",
        data={"kind": "passport"},
        files={"file": ("scan.jpg", data, "image/jpeg")},
        headers=person.headers,
    )


async def test_a_scan_of_exactly_5_mb_is_taken_one_byte_more_is_not(
    uploads: AsyncClient, session: AsyncSession, data_settings: Settings
) -> None:
    parent = await make_person(session, data_settings)

    under = await upload(uploads, parent, jpeg(300, size=FIVE_MB - 1))
    at = await upload(uploads, parent, jpeg(300, size=FIVE_MB))
    over = await upload(uploads, parent, jpeg(300, size=FIVE_MB + 1))

    assert (under.status_code, under.json()["size"]) == (201, 5_242_879)
    assert (at.status_code, at.json()["size"]) == (201, 5_242_880)
    assert over.status_code == 413
    assert over.json()["code"] == "document_too_large"


async def test_300_dpi_is_enough_299_is_not(
    uploads: AsyncClient, session: AsyncSession, data_settings: Settings
) -> None:
    parent = await make_person(session, data_settings)

    under = await upload(uploads, parent, jpeg(299))
    at = await upload(uploads, parent, jpeg(300))
    over = await upload(uploads, parent, jpeg(301))

    assert under.status_code == 422
    assert under.json()["code"] == "document_dpi_too_low"
    assert (at.status_code, at.json()["dpi"]) == (201, 300)
    assert (over.status_code, over.json()["dpi"]) == (201, 301)


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(clock, "now", fake)
    return fake


async def _signed_in(client: AsyncClient, session: AsyncSession) -> Tokens:
    await make_account(session, phone="+79031112233")
    return await login(client, "+79031112233")


async def _refresh(client: AsyncClient, tokens: Tokens) -> Response:
    return await client.post("/api/v1/auth/refresh", json={"refresh_token": tokens.refresh_token})


async def test_a_session_unused_for_a_minute_less_than_30_days_still_refreshes(
    frozen_clock: Clock, client: AsyncClient, session: AsyncSession
) -> None:
    tokens = await _signed_in(client, session)
    frozen_clock.advance(days=30, minutes=-1)

    response = await _refresh(client, tokens)

    assert response.status_code == 200
    assert response.json()["refresh_token"] != tokens.refresh_token


async def test_a_session_unused_for_30_days_and_a_minute_has_ended(
    frozen_clock: Clock, client: AsyncClient, session: AsyncSession
) -> None:
    tokens = await _signed_in(client, session)
    frozen_clock.advance(days=30, minutes=1)

    response = await _refresh(client, tokens)

    assert response.status_code == 401
    assert response.json()["code"] in {"refresh_token_expired", "refresh_token_invalid"}
