"""Language negotiation: Russian by default, English when the client asks for it."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Literal

Lang = Literal["ru", "en"]

current_lang: ContextVar[Lang] = ContextVar("current_lang", default="ru")


@dataclass(frozen=True, slots=True)
class Text:
    """A message in both interface languages; rendered at the edge, never earlier."""

    ru: str
    en: str

    def render(self, lang: Lang | None = None) -> str:
        return self.en if (lang or current_lang.get()) == "en" else self.ru


def negotiate(accept_language: str | None) -> Lang:
    """Pick ``en`` only when English outranks Russian in ``Accept-Language``."""
    if not accept_language:
        return "ru"
    best: tuple[float, Lang] = (-1.0, "ru")
    for part in accept_language.split(","):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in ("ru", "en") and quality > max(best[0], 0.0):
            best = (quality, "ru" if primary == "ru" else "en")
    return best[1]
