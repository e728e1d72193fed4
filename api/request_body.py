"""Reading a request body ahead of the app in pure ASGI middleware, and handing it on."""

from __future__ import annotations

from starlette.types import Message, Receive


async def buffer_body(receive: Receive, limit: int) -> tuple[bytes, bool, Receive]:
    """(what was read — up to about ``limit`` bytes, whether more is still to come, a
    ``receive`` that replays what was read and then passes on the rest)."""
    chunks: list[bytes] = []
    size = 0
    more = True
    while more and size <= limit:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        more = message.get("more_body", False)
    body = b"".join(chunks)
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": more}
        return await receive()

    return body, more, replay
