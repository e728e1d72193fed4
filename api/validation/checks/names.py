"""Surnames, first names and patronymics in Cyrillic."""

from __future__ import annotations

import re
from typing import Literal

from api.validation.checks._common import (
    _MAX_INPUT,
    CheckResult,
    Problem,
    _fail,
    _ok,
    _required,
)

# --- ФИО --------------------------------------------------------------------------

NameField = Literal["last_name", "first_name", "middle_name", "person_name"]
_NAME_LABELS: dict[str, tuple[str, str]] = {
    "last_name": ("Фамилия", "Last name"),
    "first_name": ("Имя", "First name"),
    "middle_name": ("Отчество", "Patronymic"),
    "person_name": ("ФИО", "Full name"),
}
_NAME_MAX = 60
_NAME_PART = r"[А-ЯЁа-яё]+(?:'[А-ЯЁа-яё]+)*"
_NAME = re.compile(rf"{_NAME_PART}(?:[ \-]{_NAME_PART})*")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'"})
# Turkic patronymic particles are written in lower case in Russian documents
# («Мамед оглы», «Лейла кызы»), so they are not capitalised like the other parts.
_PARTICLES = frozenset({"оглы", "кызы", "улы", "уулу", "гызы"})


def _capitalise(part: str, *, first: bool) -> str:
    if not first and part.lower() in _PARTICLES:
        return part.lower()
    # Keep deliberate inner capitals (ДиКаприо); fix caps-lock (ИВАНОВ). Deciding on the
    # letters after the first keeps the result a fixed point of this function.
    rest = part[1:]
    if rest.isupper() or rest.islower():
        rest = rest.lower()
    return part[:1].upper() + rest


def _normalize_name(value: str) -> str:
    text = " ".join(value.split()).translate(_APOSTROPHES)
    text = re.sub(r" ?- ?", "-", text)
    pieces = re.split(r"([ \-])", text)
    return "".join(
        piece if piece in (" ", "-") else _capitalise(piece, first=index == 0)
        for index, piece in enumerate(pieces)
    )


def check_person_name(value: str, *, field: NameField) -> CheckResult:
    """A surname, first name or patronymic as in the passport: Russian letters only."""
    label_ru, label_en = _NAME_LABELS[field]
    length_problem = Problem(
        "name_length",
        f"{label_ru}: не длиннее {_NAME_MAX} символов",
        f"{label_en}: at most {_NAME_MAX} characters",
    )
    if len(value) > _MAX_INPUT * 2:
        return _fail(length_problem)
    text = _normalize_name(value)
    if not text:
        return _fail(_required(label_ru, label_en))
    problems: list[Problem] = []
    words = re.split(r"[ \-]", text)
    # Seed: «фамилия, имя и отчество пишутся без сокращений». A dot or a one-letter
    # word («И.», «Анна М») is an initial. A whole one-letter surname is real (Korean О).
    lone_surname = field == "last_name" and len(words) == 1
    if "." in text or any(len(word) == 1 for word in words if not lone_surname):
        problems.append(
            Problem(
                "name_abbreviation",
                f"{label_ru}: укажите полностью, без сокращений",
                f"{label_en}: write it in full, without abbreviations",
            )
        )
    if re.search(r"[A-Za-z]", text):
        problems.append(
            Problem(
                "name_latin",
                f"{label_ru}: введите русскими буквами — в значении есть латинские",
                f"{label_en}: use Russian letters — the value has Latin ones",
            )
        )
    if re.search(r"[^А-ЯЁа-яёA-Za-z' \-.]", text):
        problems.append(
            Problem(
                "name_characters",
                f"{label_ru}: допустимы только русские буквы, дефис и апостроф",
                f"{label_en}: only Russian letters, hyphens and apostrophes are allowed",
            )
        )
    if not problems and _NAME.fullmatch(text) is None:
        problems.append(
            Problem(
                "name_format",
                f"{label_ru}: дефис, апостроф и пробел ставятся только между буквами",
                f"{label_en}: hyphens, apostrophes and spaces go only between letters",
            )
        )
    if len(text) > _NAME_MAX:
        problems.append(length_problem)
    if not problems:
        return _ok(text)
    # With foreign characters there is no canonical spelling to offer (and case mapping
    # of some, like ß -> SS, would not even be stable).
    foreign = {"name_latin", "name_characters"} & {problem.code for problem in problems}
    return _fail(*problems, normalized=None if foreign else text)
