"""Where a webhook (contract §5) or a browser's push endpoint may point (SSRF):
``https://`` resolving to public addresses only. A webhook is checked at creation and
again at every send, and the send connects to the very address that was checked (a host
re-pointed to 127.0.0.1 between the check and the connection — DNS rebinding — gets
nowhere). Development also allows ``http://`` and loopback, for a receiver on the
developer's machine. Core rather than the webhooks' own: push subscriptions (api.push)
check their endpoints with it too.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Cloud metadata services that are not already private or link-local.
_METADATA = (
    ipaddress.ip_network("100.100.100.200/32"),  # Alibaba
    ipaddress.ip_network("fd00:ec2::254/128"),  # AWS over IPv6
    ipaddress.ip_network("169.254.0.0/16"),  # AWS, GCP, Azure, Yandex Cloud (link-local)
)


class UnsafeUrl(Exception):
    """``reason`` is a stable code: scheme, host, unresolvable, private_address."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


Resolver = Callable[[str, int], Awaitable[list[str]]]


async def system_resolve(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


# Swapped in tests (a host that resolves differently at send time).
resolve: Resolver = system_resolve


def address_allowed(address: IPAddress, *, development: bool) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback:
        return development
    if any(address in net for net in _METADATA if net.version == address.version):
        return False
    return address.is_global and not address.is_multicast


@dataclass(frozen=True, slots=True)
class Target:
    scheme: str
    host: str
    port: int
    address: str  # the checked address the send connects to


def split(url: str, *, development: bool) -> tuple[str, str, int]:
    parts = urlsplit(url)
    allowed = ("https", "http") if development else ("https",)
    if parts.scheme not in allowed:
        raise UnsafeUrl("scheme")
    if not parts.hostname or parts.username or parts.password:
        raise UnsafeUrl("host")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise UnsafeUrl("host") from None
    return parts.scheme, parts.hostname, port


async def check(url: str, *, development: bool) -> Target:
    """The address to connect to, or ``UnsafeUrl``. Every address the host resolves to
    must be allowed (a name with one public and one private address is refused)."""
    scheme, host, port = split(url, development=development)
    try:
        literal: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [str(literal)]
    else:
        try:
            addresses = await resolve(host, port)
        except OSError:
            raise UnsafeUrl("unresolvable") from None
    if not addresses:
        raise UnsafeUrl("unresolvable")
    for text in addresses:
        if not address_allowed(ipaddress.ip_address(text), development=development):
            raise UnsafeUrl("private_address")
    return Target(scheme, host, port, addresses[0])
