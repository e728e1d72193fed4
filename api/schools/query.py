"""What a search query asks for: distinctive words, numbers, a kind, a region, an ИНН."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from api.schools import regions
from api.schools.models import SchoolKind
from api.schools.text import GENERIC_WORDS, fold, generic_word, within_typo

_KIND_WORDS: dict[str, SchoolKind] = {
    "гимназия": SchoolKind.gymnasium,
    "лицеи": SchoolKind.lyceum,  # folded «лицей»
    "интернат": SchoolKind.boarding,
}


def _phrase(name: str) -> tuple[str, ...]:
    return tuple(word for word in fold(name).split() if word not in GENERIC_WORDS)


# «москва» -> 77, («санкт», «петербург») -> 78, («ханты», «мансиискии», «югра») -> 86 ...
REGION_PHRASES: dict[tuple[str, ...], str] = {
    _phrase(alias): code for alias, code in regions.ALIASES.items()
} | {_phrase(region.name): region.code for region in regions.REGIONS.values()}
_LONGEST = max(len(phrase) for phrase in REGION_PHRASES)
_SINGLE = {phrase[0]: code for phrase, code in REGION_PHRASES.items() if len(phrase) == 1}


def _fuzzy_region(token: str) -> str | None:
    """«масква», «москвы» -> 77: a region named in one word, give or take a letter."""
    if len(token) < 5 or token.isdigit():
        return None
    return next((code for name, code in _SINGLE.items() if within_typo(token, name)), None)


@dataclass(frozen=True, slots=True)
class Query:
    words: tuple[str, ...]  # distinctive words: each must be (fuzzily) in a school's text
    numbers: tuple[str, ...]  # numbers: each must be in the text as a whole word
    kind: SchoolKind | None  # named by a generic word («гимназия»)
    region: str | None  # named in the query («москва», «свердловская»)
    inn: str | None  # the query is an ИНН (10 digits) or ОГРН (13)
    ogrn: str | None
    # The words taken for the region: a street may be named like one («Тверская-Ямская»,
    # «Московская»), so with nothing found in that region they are searched as words.
    region_words: tuple[str, ...] = ()

    def without_region(self) -> Query:
        """The region's words searched as words of the text, and no region filter."""
        return replace(
            self,
            words=tuple(dict.fromkeys(self.words + self.region_words)),
            region=None,
            region_words=(),
        )

    @property
    def distinctive(self) -> str:
        return " ".join(self.words + self.numbers)


def _regions(tokens: list[str]) -> tuple[list[str], str | None, list[str]]:
    """The tokens without the regions they name, the first region named, and its words."""
    rest: list[str] = []
    found: str | None = None
    taken: list[str] = []
    index = 0
    while index < len(tokens):
        for size in range(min(_LONGEST, len(tokens) - index), 0, -1):
            phrase = tuple(tokens[index : index + size])
            code = REGION_PHRASES.get(phrase)
            if code is not None:
                if found is None:
                    found = code
                    taken.extend(word for word in phrase if word not in GENERIC_WORDS)
                index += size
                break
        else:
            rest.append(tokens[index])
            index += 1
    return rest, found, taken


def parse_query(text: str) -> Query:
    words: list[str] = []
    numbers: list[str] = []
    generic: set[str] = set()
    tokens, region, region_words = _regions(fold(text[:200]).split())
    for token in tokens:
        if (word := generic_word(token)) is not None:
            generic.add(word)
        elif token.isdigit():
            numbers.append(token)
        elif region is None and (code := _fuzzy_region(token)) is not None:
            region = code
            region_words.append(token)
        elif len(token) > 1:
            words.append(token)
    kind = next((_KIND_WORDS[word] for word in _KIND_WORDS if word in generic), None)
    if kind is None and {"центр", "образования"} <= generic:
        kind = SchoolKind.education_center
    compact = re.sub(r"\s+", "", text)
    digits = compact if compact.isascii() and compact.isdigit() else None
    return Query(
        words=tuple(dict.fromkeys(words)),
        numbers=tuple(dict.fromkeys(numbers)),
        kind=kind,
        region=region,
        inn=digits if digits and len(digits) == 10 else None,
        ogrn=digits if digits and len(digits) == 13 else None,
        region_words=tuple(region_words),
    )
