from __future__ import annotations

import pytest
from httpx import AsyncClient


async def test_valid_snils_is_normalized(client: AsyncClient) -> None:
    response = await client.post("/api/v1/validation/snils", json={"value": "11223344595"})

    assert response.status_code == 200
    assert response.json() == {"valid": True, "normalized": "112-233-445 95", "errors": []}


async def test_invalid_value_is_still_200_with_russian_errors(client: AsyncClient) -> None:
    response = await client.post("/api/v1/validation/phone", json={"value": "+7 701 123 45 67"})

    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is False
    assert body["errors"][0]["code"] == "phone_not_russian"
    assert "телефон" in body["errors"][0]["message"].lower()


async def test_english_messages_on_request(client: AsyncClient) -> None:
    response = await client.post(
        "/api/v1/validation/snils",
        json={"value": "112-233-445 96"},
        headers={"Accept-Language": "en"},
    )

    assert response.json()["errors"][0]["code"] == "snils_checksum"
    assert "SNILS" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("kind", "value", "normalized"),
    [
        ("inn", "7707083893", "7707083893"),
        ("passport", "45 09 123456", "4509 123456"),
        ("birth-certificate", "iv-мю 123456", "IV-МЮ 123456"),
        ("person-name", "иванова-петрова", "Иванова-Петрова"),
        ("issuer-code", "770001", "770-001"),
    ],
)
async def test_each_kind_normalizes(
    client: AsyncClient, kind: str, value: str, normalized: str
) -> None:
    response = await client.post(f"/api/v1/validation/{kind}", json={"value": value})

    assert response.json()["normalized"] == normalized


async def test_unknown_kind_is_422_naming_kind(client: AsyncClient) -> None:
    response = await client.post("/api/v1/validation/iban", json={"value": "x"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "kind"
