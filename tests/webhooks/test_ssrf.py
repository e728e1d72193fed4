"""SSRF (contract §5): a webhook must be ``https://`` to a public address — refused at
creation, and re-checked at every send (a host re-pointed to a private address after the
check — DNS rebinding — is not reached)."""

from __future__ import annotations

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.config import Settings
from api.security import ssrf
from tests.diary.world import World
from tests.webhooks.conftest import ALL, api_key, deliveries_of, make_client, run, subscribe
from tests.webhooks.receiver import Receiver

REFUSED = [
    ("http://hooks.example.ru/in", "scheme"),
    ("ftp://hooks.example.ru/in", "scheme"),
    ("https://user:pw@hooks.example.ru/in", "host"),
    ("https://127.0.0.1/in", "private_address"),
    ("https://127.9.9.9/in", "private_address"),
    ("https://[::1]/in", "private_address"),
    ("https://10.1.2.3/in", "private_address"),
    ("https://172.16.0.1/in", "private_address"),
    ("https://192.168.0.10/in", "private_address"),
    ("https://169.254.169.254/latest/meta-data", "private_address"),
    ("https://100.100.100.200/in", "private_address"),
    ("https://100.64.0.1/in", "private_address"),
    ("https://0.0.0.0/in", "private_address"),
    ("https://[fe80::1]/in", "private_address"),
    ("https://[fd00:ec2::254]/in", "private_address"),
    ("https://[fc00::1]/in", "private_address"),
    ("https://[::ffff:127.0.0.1]/in", "private_address"),
    ("https://[::ffff:10.0.0.1]/in", "private_address"),
    ("https://224.0.0.1/in", "private_address"),
    ("https://internal.example.ru/in", "private_address"),  # resolves to 10.0.0.5 below
    ("https://mixed.example.ru/in", "private_address"),  # one public, one private address
    ("https://nowhere.invalid/in", "unresolvable"),
]

NAMES = {
    "hooks.example.ru": ["93.184.216.34"],
    "internal.example.ru": ["10.0.0.5"],
    "mixed.example.ru": ["93.184.216.34", "192.168.1.1"],
}


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    table = dict(NAMES)

    async def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise OSError("no such host")
        return table[host]

    monkeypatch.setattr(ssrf, "resolve", resolve)
    return table


@pytest.mark.parametrize(("url", "reason"), REFUSED)
async def test_опасный_адрес_отклоняется_при_создании(
    client: AsyncClient, world: World, dns: dict[str, list[str]], url: str, reason: str
) -> None:
    made = await make_client(client, world.admin.token, ALL)
    answer = await client.post(
        "/api/v1/integration/webhooks",
        json={"url": url, "event_types": ["grade.created"]},
        headers=api_key(made["client_secret"]),
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "webhook_url_refused"
    assert answer.json()["errors"][0]["code"] == reason


async def test_публичный_https_адрес_принимается(
    client: AsyncClient, world: World, dns: dict[str, list[str]]
) -> None:
    made = await make_client(client, world.admin.token, ALL)
    hook = await subscribe(client, made["client_secret"], "https://hooks.example.ru/in")
    assert hook["url"] == "https://hooks.example.ru/in"


async def test_в_режиме_разработки_можно_http_и_loopback() -> None:
    target = await ssrf.check("http://127.0.0.1:8080/in", development=True)
    assert target.address == "127.0.0.1"
    with pytest.raises(ssrf.UnsafeUrl):
        await ssrf.check("http://10.0.0.1/in", development=True)
    with pytest.raises(ssrf.UnsafeUrl):
        await ssrf.check("http://169.254.169.254/in", development=True)


async def test_адрес_перепроверяется_при_отправке(
    client: AsyncClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    settings: Settings,
    world: World,
    dns: dict[str, list[str]],
    receiver: Receiver,
) -> None:
    """Created while the name pointed to a public address; at send time it points to the
    loopback receiver: the attempt is refused and nothing reaches the receiver."""
    made = await make_client(client, world.admin.token, ALL)
    url = f"https://hooks.example.ru:{receiver.port}/in"
    hook = await subscribe(client, made["client_secret"], url)
    sent = await client.post(
        f"/api/v1/integration/webhooks/{hook['id']}/test",
        headers=api_key(made["client_secret"]),
    )
    assert sent.status_code == 202

    dns["hooks.example.ru"] = ["127.0.0.1"]  # re-pointed after the check
    (delivery,) = await deliveries_of(session)
    assert await run(sessionmaker, delivery.id, settings) == "retry"
    (delivery,) = await deliveries_of(session)
    assert delivery.attempts[0]["error"] == "address_refused: private_address"
    assert delivery.attempts[0]["response_status"] is None
    assert receiver.received == []
