"""Spelling rules of the registry: folded search text, query words, school kinds, classes."""

from __future__ import annotations

import re

from api.schools.models import SchoolKind

# Quotes of every kind, the number sign and punctuation separate words; ё and й fold to е
# and и, as people type them (and registries spell them) either way.
_FOLD = str.maketrans({"ё": "е", "й": "и"})
_NOT_WORD = re.compile(r"[^0-9a-zа-я]+")


def fold(text: str) -> str:
    """«МБОУ "СОШ № 57"», Ёлки -> "мбоу сош 57 елки": the form both sides of a search use."""
    return " ".join(_NOT_WORD.sub(" ", text.lower().translate(_FOLD)).split())


# Words that nearly every school's name or address has. They are left out of the stored
# search text and out of the words a query must match: asking the trigram index for
# «школа» would fetch most of the register, and comparing against long texts is slow.
_GENERIC = """
    школа школы школу сош оош нош средняя основная начальная общеобразовательная
    общеобразовательное общеобразовательный образовательное образовательная учреждение
    организация муниципальное государственное бюджетное автономное казенное частное
    негосударственное мбоу гбоу маоу мкоу гаоу гкоу моу моау мбоуш фгбоу фгкоу чоу ноу ано
    оу им имени номер no n с углубленным изучением отдельных предметов гимназия лицей
    интернат центр образования
"""
_ADDRESS = """
    г гор город города ул улица д дом пр т пер переулок б р бульвар проспект корп стр
    строение область обл край республика район округ городской муниципальный автономный
    поселок пос п село деревня рп пгт автономная
"""
GENERIC_WORDS = frozenset(fold(word) for word in (_GENERIC + _ADDRESS).split())
_LONG_GENERIC = tuple(sorted(word for word in GENERIC_WORDS if len(word) >= 5))


def search_text(
    *,
    short_name: str,
    full_name: str,
    address: str,
    municipality: str | None,
    region_name: str,
) -> str:
    """The distinctive words of a school, each once, between spaces (`` кемецкая 57 ``).

    Generic words, the school's own region («Свердловская область») and the numbers of
    the address are left out: the region is a filter, region adjectives share endings
    with every other «-ская», and a house number is not a school number.
    The padding lets ``LIKE '% 57 %'`` find a whole number through the trigram index.
    """
    region = f" {fold(region_name)} "
    # «города Москвы», «Санкт-Петербурга»: the region in another case. (The same word
    # elsewhere stays: «ханты» of the city Ханты-Мансийск.)
    region_words = [word for word in region.split() if len(word) >= 5]
    words: dict[str, None] = {}
    for part in (short_name, full_name, municipality or "", address):
        folded = f" {fold(part)} ".replace(region, " ").split()
        if part is address:  # post codes and house numbers would pass for school numbers
            folded = [word for word in folded if not any(ch.isdigit() for ch in word)]
        words.update(
            (word, None)
            for word in folded
            if word not in GENERIC_WORDS
            and not any(word != r and within_typo(word, r) for r in region_words)
        )
    return " " + " ".join(words) + " "


def within_typo(word: str, known: str) -> bool:
    """At most one wrong, missing or extra letter (Levenshtein distance 1)."""
    limit = 1
    if abs(len(word) - len(known)) > limit:
        return False
    previous = list(range(len(known) + 1))
    for i, a in enumerate(word, 1):
        current = [i]
        for j, b in enumerate(known, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def generic_word(token: str) -> str | None:
    """The generic word a query word is, give or take a typo («гимназиа», «школв», and
    for four letters «шкла», «школ»: one missing letter of a word of five and more, the
    first letter right)."""
    if token in GENERIC_WORDS:
        return token
    if len(token) < 4 or token.isdigit():
        return None
    if len(token) == 4:
        return next(
            (
                word
                for word in _LONG_GENERIC
                if len(word) == 5 and word[0] == token[0] and within_typo(token, word)
            ),
            None,
        )
    return next((word for word in _LONG_GENERIC if within_typo(token, word)), None)


def kind_from_name(name: str) -> SchoolKind:
    """The kind a school's official name states; a plain school when it states none."""
    folded = fold(name)
    if re.search(r"\b(коррекционн|для обучающихся с ограниченными|адаптированн)", folded):
        return SchoolKind.special
    if "гимназия" in folded:
        return SchoolKind.gymnasium
    if re.search(r"\bлице", folded):
        return SchoolKind.lyceum
    if "центр образования" in folded:
        return SchoolKind.education_center
    if "интернат" in folded:
        return SchoolKind.boarding
    return SchoolKind.school


def looks_like_school(name: str) -> bool:
    """Whether a register entry without a type is a general-education school."""
    return re.search(r"\b(школ|сош|оош|нош|гимнази|лице|центр образования)", fold(name)) is not None


# Class letters: Cyrillic capitals. Latin look-alikes typed on the wrong layout are fixed.
_LETTER_LOOKALIKES = str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОРТХУ")
_CLASS_LETTER = re.compile(r"[А-ЯЁ]")


def normalize_class_letter(value: str) -> str | None:
    """«б», «Б», Latin «B» -> «Б»/«В»; None unless it is exactly one Cyrillic letter."""
    letter = value.strip().upper().translate(_LETTER_LOOKALIKES)
    return letter if _CLASS_LETTER.fullmatch(letter) else None
