"""``GET /api/v1/regions``: the table the SPA used to copy, served by the API."""

from __future__ import annotations

from httpx import AsyncClient


async def test_regions_lists_all_89_with_code_name_and_zone(client: AsyncClient) -> None:
    response = await client.get("/api/v1/regions")

    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 89
    assert len(body["items"]) == 89
    codes = [region["code"] for region in body["items"]]
    assert codes == sorted(codes)
    moscow = next(region for region in body["items"] if region["code"] == "77")
    assert moscow == {"code": "77", "name": "Москва", "timezone": "Europe/Moscow"}
    kamchatka = next(region for region in body["items"] if region["code"] == "41")
    assert kamchatka["timezone"] == "Asia/Kamchatka"


async def test_regions_pages_like_every_list(client: AsyncClient) -> None:
    page = (await client.get("/api/v1/regions", params={"limit": 2, "offset": 1})).json()
    too_many = await client.get("/api/v1/regions", params={"limit": 201})

    assert [region["code"] for region in page["items"]] == ["02", "03"]
    assert (page["total"], page["limit"], page["offset"]) == (89, 2, 1)
    assert too_many.status_code == 422
