"""Format and checksum rules for the identifiers and names a family types in.

Pure functions: each takes the raw string from a form and says whether it is valid, what
its canonical spelling is, and what is wrong in words the seed uses («Некорректный
номер телефона»), in Russian and English. No I/O: registry look-ups (СФР, ФНС, МВД) live
behind the gateway; these checks only catch typos before a value goes anywhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType


@dataclass(frozen=True, slots=True)
class Problem:
    code: str  # stable snake_case, prefixed by the kind: "snils_checksum"
    message_ru: str  # names the field, Gosuslugi style: «Некорректный СНИЛС: ...»
    message_en: str


@dataclass(frozen=True, slots=True)
class CheckResult:
    valid: bool
    # Canonical spelling ("112-233-445 95") whenever the value could be read, even if a
    # checksum then failed; None when it could not be read at all.
    normalized: str | None
    errors: tuple[Problem, ...]


def _ok(normalized: str) -> CheckResult:
    return CheckResult(valid=True, normalized=normalized, errors=())


def _fail(*problems: Problem, normalized: str | None = None) -> CheckResult:
    return CheckResult(valid=False, normalized=normalized, errors=problems)


def _required(label_ru: str, label_en: str) -> Problem:
    # One code for every empty field, so clients map it once; the message names the field.
    return Problem("required", f"{label_ru}: заполните поле", f"{label_en}: this field is required")


# Anything longer is not a typo of an identifier; refusing early bounds the work
# (regexes, phonenumbers) done on hostile input.
_MAX_INPUT = 100

# People paste numbers with spaces (also no-break and thin ones from PDFs) and with
# hyphens or the dashes word processors substitute for them.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")
# ASCII only: str.isdigit() would also accept Arabic-Indic or superscript digits.
_DIGITS = re.compile(r"[0-9]+")


def _compact(text: str) -> str:
    return _SEPARATORS.sub("", text)


def _is_digits(text: str) -> bool:
    return _DIGITS.fullmatch(text) is not None


@dataclass(frozen=True, slots=True)
class _NumericField:
    kind: str  # prefix of the error codes
    label_ru: str  # «СНИЛС: заполните поле»
    label_en: str
    invalid_ru: str  # «Некорректный СНИЛС: ...»
    invalid_en: str
    lengths: tuple[int, ...]
    example: str


def _digits_or_problem(value: str, field: _NumericField) -> str | Problem:
    """The digits of a numeric identifier, or the first thing wrong with its spelling."""
    text = value.strip()
    if not text:
        return _required(field.label_ru, field.label_en)
    digits = _compact(text)
    if len(text) > _MAX_INPUT or not _is_digits(digits):
        return Problem(
            f"{field.kind}_format",
            f"{field.invalid_ru}: допустимы только цифры, например {field.example}",
            f"{field.invalid_en}: only digits are allowed, e.g. {field.example}",
        )
    if len(digits) not in field.lengths:
        count_ru = " или ".join(str(n) for n in field.lengths)
        count_en = " or ".join(str(n) for n in field.lengths)
        return Problem(
            f"{field.kind}_length",
            f"{field.invalid_ru}: должно быть {count_ru} цифр, сейчас {len(digits)}",
            f"{field.invalid_en}: it must have {count_en} digits, not {len(digits)}",
        )
    return digits


def _checksum_problem(field: _NumericField) -> Problem:
    return Problem(
        f"{field.kind}_checksum",
        f"{field.invalid_ru}: не сходится контрольное число",
        f"{field.invalid_en}: the check digits do not match",
    )


# --- СНИЛС -------------------------------------------------------------------------


def snils_control(body: str) -> int:
    """Control number of the 9-digit SNILS body (weights 9..1, modulo 101, 100 -> 00).

    The official wording (sum < 100 is the control, 100 and 101 give 00, above 101 take
    the remainder mod 101 and 100 gives 00) is exactly this.
    """
    total = sum(int(digit) * weight for digit, weight in zip(body, range(9, 0, -1), strict=True))
    remainder = total % 101
    return 0 if remainder == 100 else remainder


_SNILS = _NumericField(
    "snils", "СНИЛС", "SNILS", "Некорректный СНИЛС", "Invalid SNILS", (11,), "123-456-789 01"
)
# The official rule: «Проверка контрольного числа Страхового номера проводится только для
# номеров больше номера 001-001-998»; below it any control number is accepted.
_SNILS_UNCHECKED_UP_TO = 1_001_998

# Not implemented: "no digit three times in a row". Some third-party generators have it,
# but we found no official source: the official description has only the checksum and
# the 001-001-998 exception (a range that itself holds runs such as 001-000-...).
# Refusing a real number would lock a family out, so without a source we leave it out.


def check_snils(value: str) -> CheckResult:
    digits = _digits_or_problem(value, _SNILS)
    if isinstance(digits, Problem):
        return _fail(digits)
    body, control = digits[:9], int(digits[9:])
    normalized = f"{body[:3]}-{body[3:6]}-{body[6:]} {digits[9:]}"
    if int(body) > _SNILS_UNCHECKED_UP_TO and snils_control(body) != control:
        return _fail(_checksum_problem(_SNILS), normalized=normalized)
    return _ok(normalized)


# --- ИНН -------------------------------------------------------------------------

_INN = _NumericField("inn", "ИНН", "INN", "Некорректный ИНН", "Invalid INN", (10, 12), "7707083893")
_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN11_WEIGHTS = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def inn_control(digits: str, weights: tuple[int, ...]) -> int:
    """One INN check digit: weighted sum of the preceding digits, mod 11, mod 10."""
    total = sum(int(digit) * weight for digit, weight in zip(digits, weights, strict=True))
    return total % 11 % 10


def check_inn(value: str) -> CheckResult:
    digits = _digits_or_problem(value, _INN)
    if isinstance(digits, Problem):
        return _fail(digits)
    if len(digits) == 10:
        ok = inn_control(digits[:9], _INN10_WEIGHTS) == int(digits[9])
    else:
        ok = inn_control(digits[:10], _INN11_WEIGHTS) == int(digits[10]) and inn_control(
            digits[:11], _INN12_WEIGHTS
        ) == int(digits[11])
    if not ok:
        return _fail(_checksum_problem(_INN), normalized=digits)
    return _ok(digits)


# --- ОГРН / ОГРНИП ----------------------------------------------------------------

# The first digit says what kind of register record a number belongs to: 1 and 5 are the
# ОГРН of a legal entity, 3 the ОГРНИП of an entrepreneur; 2 and 6-9 (ЕГРЮЛ) and 4 (ЕГРИП)
# are ГРН of later records (changes, extracts). Those pass the same checksum but do not
# identify the organisation, and are what people copy from an extract by mistake, so
# they are refused with their own code.
_OGRN_FIRST_DIGITS = {13: "15", 15: "3"}
_OGRN = _NumericField(
    "ogrn", "ОГРН", "OGRN", "Некорректный ОГРН", "Invalid OGRN", (13, 15), "1027700132195"
)


def ogrn_control(body: str) -> int:
    """Check digit: the number without it mod 11 (ОГРН, 12 digits) or mod 13 (ОГРНИП)."""
    modulus = 11 if len(body) == 12 else 13
    return int(body) % modulus % 10


def check_ogrn(value: str) -> CheckResult:
    digits = _digits_or_problem(value, _OGRN)
    if isinstance(digits, Problem):
        return _fail(digits)
    problems: list[Problem] = []
    if digits[0] not in _OGRN_FIRST_DIGITS[len(digits)]:
        problems.append(
            Problem(
                "ogrn_record_kind",
                "Некорректный ОГРН: ОГРН начинается с 1 или 5, ОГРНИП — с 3; "
                "возможно, указан ГРН записи об изменениях",
                "Invalid OGRN: an OGRN starts with 1 or 5 and an OGRNIP with 3; "
                "this looks like the number of a later register record",
            )
        )
    if ogrn_control(digits[:-1]) != int(digits[-1]):
        problems.append(_checksum_problem(_OGRN))
    return _fail(*problems, normalized=digits) if problems else _ok(digits)


# --- КПП --------------------------------------------------------------------------

# Since 2019 the two reason characters (5th and 6th) may be capital Latin letters as
# well as digits; the tax-office code before them and the number after are digits.
_KPP = re.compile(r"[0-9]{4}[0-9A-Z]{2}[0-9]{3}")
# Typed on the Russian layout, the reason letters come out Cyrillic; the twins that look
# the same are taken for the Latin letters they can only mean here.
_KPP_LOOKALIKES = str.maketrans("АВСЕНКМОРТХУ", "ABCEHKMOPTXY")


def check_kpp(value: str) -> CheckResult:
    text = value.strip()
    if not text:
        return _fail(_required("КПП", "KPP"))
    kpp = _compact(text).upper().translate(_KPP_LOOKALIKES)
    if len(text) <= _MAX_INPUT and _KPP.fullmatch(kpp):
        return _ok(kpp)
    return _fail(
        Problem(
            "kpp_format",
            "Некорректный КПП: нужно 9 знаков — 4 цифры, 2 цифры или латинские буквы, "
            "3 цифры, например 773601001",
            "Invalid KPP: it must be 9 characters — 4 digits, 2 digits or Latin capital "
            "letters, 3 digits, e.g. 773601001",
        )
    )


# --- Паспорт и код подразделения ------------------------------------------------------

# Between series and number people also type the number sign, as printed in forms.
_NUMBER_SIGN = re.compile(r"№|N(?=[\s0-9])")
_PASSPORT = _NumericField(
    "passport",
    "Серия и номер паспорта",
    "Passport series and number",
    "Некорректные серия и номер паспорта",
    "Invalid passport series and number",
    (10,),
    "4509 123456",
)
_ISSUER_CODE = _NumericField(
    "issuer_code",
    "Код подразделения",
    "Issuer code",
    "Некорректный код подразделения",
    "Invalid issuer code",
    (6,),
    "770-001",
)


def check_passport(value: str) -> CheckResult:
    text = _NUMBER_SIGN.sub(" ", value)
    digits = _digits_or_problem(text, _PASSPORT)
    if isinstance(digits, Problem):
        return _fail(digits)
    series, number = digits[:4], digits[4:]
    normalized = f"{series} {number}"
    problems: list[Problem] = []
    # The series opens with the region's ОКАТО code, and no region has code 00.
    if series.startswith("00"):
        problems.append(
            Problem(
                "passport_series",
                "Некорректная серия паспорта: серия не может начинаться с 00",
                "Invalid passport series: it cannot start with 00",
            )
        )
    # Blank numbering within a series starts at 000101.
    if int(number) < 101:
        problems.append(
            Problem(
                "passport_number",
                "Некорректный номер паспорта: номер не может быть меньше 000101",
                "Invalid passport number: it cannot be below 000101",
            )
        )
    return _fail(*problems, normalized=normalized) if problems else _ok(normalized)


def check_issuer_code(value: str) -> CheckResult:
    digits = _digits_or_problem(value, _ISSUER_CODE)
    if isinstance(digits, Problem):
        return _fail(digits)
    normalized = f"{digits[:3]}-{digits[3:]}"
    # The first two digits are the region code, which is never 00.
    if digits.startswith("00"):
        return _fail(
            Problem(
                "issuer_code_region",
                "Некорректный код подразделения: первые две цифры — код региона, не 00",
                "Invalid issuer code: the first two digits are a region code and cannot be 00",
            ),
            normalized=normalized,
        )
    return _ok(normalized)


# --- Свидетельство о рождении ---------------------------------------------------------

# Look-alikes. People type the series on whichever layout is active, so we accept and
# silently fix characters that look the same and cannot mean anything else there:
# - Roman part: Cyrillic Х and С (on the Russian layout) for X and C, Ukrainian and
#   Belarusian І for I, and the Unicode roman-numeral signs (Ⅳ) via NFKC. The Russian
#   layout has no look-alike for V or L, and digits such as 1 for I are not accepted.
# - Letter part: Latin A B C E H K M O P T X Y for Cyrillic А В С Е Н К М О Р Т Х У.
#   Other Latin letters have no Cyrillic twin and are refused.
# Lower case is accepted and upper-cased. A separator between the two parts is required,
# since without it "ХС" could not be split between the parts.
_ROMAN_LOOKALIKES = str.maketrans("ХСІ", "XCI")
_LETTER_LOOKALIKES = str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОРТХУ")
_BIRTH_CERTIFICATE = re.compile(
    r"(?P<roman>[IVXLCХСІ\u2160-\u2188]+)\s*(?:[\-\u2010-\u2015\u2212]|\s)\s*"
    r"(?P<letters>[А-ЯЁABCEHKMOPTXY]{2})\s*(?:№\s*)?(?P<number>[0-9]{6})"
)
# Canonical numerals 1..399: the part encodes a region code, several of which are
# above XXX, so the range is not capped there. "IIII", "VX", "IC" are not numerals.
_ROMAN = re.compile(r"C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")

_BIRTH_CERTIFICATE_FORMAT = Problem(
    "birth_certificate_format",
    "Некорректное свидетельство о рождении: укажите серию и номер в виде IV-МЮ 123456",
    "Invalid birth certificate: enter the series and number as IV-МЮ 123456",
)


def check_birth_certificate(value: str) -> CheckResult:
    text = value.strip().upper()
    if not text:
        return _fail(_required("Свидетельство о рождении", "Birth certificate"))
    match = _BIRTH_CERTIFICATE.fullmatch(text) if len(text) <= _MAX_INPUT else None
    if match is None:
        return _fail(_BIRTH_CERTIFICATE_FORMAT)
    roman = unicodedata.normalize("NFKC", match["roman"]).translate(_ROMAN_LOOKALIKES)
    if re.fullmatch(r"[IVXLC]+", roman) is None:  # e.g. the sign for 1000 became "M"
        return _fail(_BIRTH_CERTIFICATE_FORMAT)
    letters = match["letters"].translate(_LETTER_LOOKALIKES)
    normalized = f"{roman}-{letters} {match['number']}"
    if _ROMAN.fullmatch(roman) is None:
        return _fail(
            Problem(
                "birth_certificate_roman",
                "Некорректная серия свидетельства о рождении: первая часть — римское число "
                "из латинских букв I, V, X, L, C, например IV",
                "Invalid birth certificate series: the first part is a Roman numeral "
                "of Latin I, V, X, L, C, e.g. IV",
            ),
            normalized=normalized,
        )
    return _ok(normalized)


# --- Телефон ----------------------------------------------------------------------

_PHONE_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212().]+")
_PHONE_FORMAT = Problem(
    "phone_format",
    "Некорректный номер телефона",
    "Invalid phone number",
)
_SMS_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)


def _as_international(compact: str) -> str | None:
    """+7 form of the ways Russians write a number: +7…, 8…, 7… (11 digits), 10 digits."""
    if compact.startswith("+"):
        return compact
    if len(compact) == 11 and compact[0] in "78":
        return "+7" + compact[1:]
    if len(compact) == 10:
        return "+7" + compact
    return None


def check_phone(value: str) -> CheckResult:
    text = value.strip()
    if not text:
        return _fail(_required("Номер телефона", "Phone number"))
    compact = _PHONE_SEPARATORS.sub("", text)
    if len(text) > _MAX_INPUT or re.fullmatch(r"\+?[0-9]+", compact) is None:
        return _fail(_PHONE_FORMAT)
    international = _as_international(compact)
    if international is None:
        return _fail(_PHONE_FORMAT)
    try:
        number = phonenumbers.parse(international, None)
    except NumberParseException:
        return _fail(_PHONE_FORMAT)
    normalized = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    # +7 6xx and +7 7xx belong to Kazakhstan, which shares the country code. The library
    # does not know every 6xx range, so the prefix decides before validity does.
    national = str(number.national_number)
    foreign = number.country_code == 7 and national[:1] in ("6", "7")
    if not foreign and not phonenumbers.is_valid_number(number):
        return _fail(_PHONE_FORMAT)
    if foreign or phonenumbers.region_code_for_number(number) != "RU":
        return _fail(
            Problem(
                "phone_not_russian",
                "Некорректный номер телефона: укажите номер российского оператора",
                "Invalid phone number: enter a number of a Russian operator",
            ),
            normalized=normalized,
        )
    # Confirmation codes go by SMS, so a landline or a free-call 8-800 number is useless.
    if phonenumbers.number_type(number) not in _SMS_TYPES:
        return _fail(
            Problem(
                "phone_not_mobile",
                "Некорректный номер телефона: укажите мобильный номер, на него придёт код в СМС",
                "Invalid phone number: enter a mobile number to receive the SMS code",
            ),
            normalized=normalized,
        )
    return _ok(normalized)


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


# --- Даты -------------------------------------------------------------------------

_DATE_LABELS: dict[str, tuple[str, str]] = {
    "birth_date": ("Дата рождения", "Date of birth"),
    "issued_at": ("Дата выдачи", "Date of issue"),
}
_RU_DATE = re.compile(r"([0-9]{2})\.([0-9]{2})\.([0-9]{4})")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
# A pupil is at most 25: schools teach adults only in evening classes, and a later
# year here is a typo (the seed's «ошибки в дате рождения»).
_PUPIL_MAX_AGE = 25


def parse_ru_date(value: str) -> date | None:
    """DD.MM.YYYY (the seed's ДД.ММ.ГГГГ) or ISO YYYY-MM-DD; None if neither or no such day."""
    text = value.strip()
    if match := _RU_DATE.fullmatch(text):
        day, month, year = match.groups()
    elif match := _ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def check_date_not_future(value: date, *, today: date, field: str) -> CheckResult:
    label_ru, label_en = _DATE_LABELS.get(field, (field, field))
    if value > today:
        return _fail(
            Problem(
                "date_in_future",
                f"{label_ru}: дата не может быть в будущем",
                f"{label_en}: the date cannot be in the future",
            ),
            normalized=value.isoformat(),
        )
    return _ok(value.isoformat())


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year - years, day=28)


def check_birth_date(value: date, *, today: date) -> CheckResult:
    result = check_date_not_future(value, today=today, field="birth_date")
    if result.valid and value < _years_before(today, _PUPIL_MAX_AGE):
        return _fail(
            Problem(
                "birth_date_implausible",
                f"Дата рождения: проверьте год — ученику не может быть больше {_PUPIL_MAX_AGE} лет",
                f"Date of birth: check the year — a pupil cannot be over {_PUPIL_MAX_AGE}",
            ),
            normalized=value.isoformat(),
        )
    return result


# --- Идентификационный номер ученика ------------------------------------------------

_STUDENT_NUMBER_MAX = 20


def check_student_number(value: str) -> CheckResult:
    """Seed: «номер ученика состоит из цифр без пробелов» — so no separators here."""
    label_ru, label_en = "Идентификационный номер ученика", "Student number"
    text = value.strip()
    if not text:
        return _fail(_required(label_ru, label_en))
    if not _is_digits(text):
        return _fail(
            Problem(
                "student_number_format",
                f"{label_ru}: только цифры, без пробелов",
                f"{label_en}: digits only, without spaces",
            )
        )
    if len(text) > _STUDENT_NUMBER_MAX:
        return _fail(
            Problem(
                "student_number_length",
                f"{label_ru}: не больше {_STUDENT_NUMBER_MAX} цифр",
                f"{label_en}: at most {_STUDENT_NUMBER_MAX} digits",
            )
        )
    return _ok(text)


# --- Реестр для POST /api/v1/validation/{kind} ---------------------------------------


def _check_person_name_neutral(value: str) -> CheckResult:
    return check_person_name(value, field="person_name")


CHECKS: dict[str, Callable[[str], CheckResult]] = {
    "snils": check_snils,
    "inn": check_inn,
    "ogrn": check_ogrn,
    "kpp": check_kpp,
    "passport": check_passport,
    "birth-certificate": check_birth_certificate,
    "phone": check_phone,
    "person-name": _check_person_name_neutral,
    "issuer-code": check_issuer_code,
}
