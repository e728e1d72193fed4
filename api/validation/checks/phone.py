"""Russian mobile phone numbers (phonenumbers; +7 6xx/7xx is Kazakhstan)."""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

from api.validation.checks._common import (
    _MAX_INPUT,
    CheckResult,
    Problem,
    _fail,
    _ok,
    _required,
)

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
