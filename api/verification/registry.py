"""The registry gateway: where SNILS and passport data are checked against the state.

A real deployment plugs in adapters to СФР (SNILS), МВД (passport validity) and ФНС
behind ``RegistryGateway``. The built-in ``LocalRegistryGateway`` has no access to any of
them and says so in every verdict: it checks only what can be checked honestly without
them — formats, the SNILS control number, the issuer code's region and the consistency of
the dates (issued at 14 or later, not expired at 20 or 45, not before its blank was made).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from api.i18n import Text
from api.identity.models import RegistryStatus
from api.validation.checks import check_issuer_code, check_passport, check_snils

# The current Russian passport was introduced on 1 October 1997.
PASSPORT_INTRODUCED = date(1997, 10, 1)
PASSPORT_MIN_AGE = 14
# A passport is replaced at 20 and at 45; the holder has 90 days to apply.
REPLACEMENT_AGES = (20, 45)
REPLACEMENT_GRACE = timedelta(days=90)
# First two digits of an issuer code: the subject of the federation. 01-89 (including the
# codes of the former autonomous okrugs, whose passports are still valid), 90-95 for the
# subjects added since 2014, 99 for Baikonur. Anything else is not a region.
ISSUER_REGIONS = frozenset({*range(1, 96), 99})


@dataclass(frozen=True, slots=True)
class PassportData:
    series: str  # "4509"
    number: str  # "123456"
    issued_at: date
    issuer_code: str  # "770-001"
    issuer_name: str


@dataclass(frozen=True, slots=True)
class PersonQuery:
    last_name: str
    first_name: str
    middle_name: str | None
    birth_date: date | None
    snils: str  # "112-233-445 95"
    passport: PassportData


@dataclass(frozen=True, slots=True)
class RegistryFinding:
    code: str
    message: Text


@dataclass(frozen=True, slots=True)
class RegistryVerdict:
    status: RegistryStatus
    message: Text  # for the account holder; says which registry answered, or that none did
    source: str  # "local", "sfr", ...
    findings: tuple[RegistryFinding, ...] = ()


class RegistryGateway(Protocol):
    name: str

    async def check_person(self, person: PersonQuery, *, today: date) -> RegistryVerdict:
        """Compare the person's SNILS and passport with the registries."""
        ...


def years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # born on 29 February
        return day.replace(year=day.year + years, month=3, day=1)


def _blank_year(series: str) -> int:
    """Digits 3-4 of the series: the year the blank was printed (1997 onwards)."""
    short = int(series[2:4])
    return 1900 + short if short >= 97 else 2000 + short


def _finding(code: str, ru: str, en: str) -> RegistryFinding:
    return RegistryFinding(code, Text(ru, en))


def _format_findings(person: PersonQuery) -> list[RegistryFinding]:
    findings: list[RegistryFinding] = []
    for result in (
        check_snils(person.snils),
        check_passport(person.passport.series + person.passport.number),
        check_issuer_code(person.passport.issuer_code),
    ):
        findings += [_finding(p.code, p.message_ru, p.message_en) for p in result.errors]
    region = person.passport.issuer_code[:2]
    if region.isdigit() and int(region) not in ISSUER_REGIONS:
        findings.append(
            _finding(
                "issuer_code_region_unknown",
                f"код подразделения начинается с {region}, а такого кода региона нет",
                f"the issuer code starts with {region}, which is not a region code",
            )
        )
    return findings


def _date_findings(person: PersonQuery, today: date) -> list[RegistryFinding]:
    passport = person.passport
    findings: list[RegistryFinding] = []
    if passport.issued_at > today or passport.issued_at < PASSPORT_INTRODUCED:
        findings.append(
            _finding(
                "passport_issued_at_range",
                "дата выдачи паспорта должна быть между 01.10.1997 и сегодняшним днём",
                "the passport issue date must be between 1997-10-01 and today",
            )
        )
    if passport.series.isdigit() and _blank_year(passport.series) > passport.issued_at.year + 1:
        findings.append(
            _finding(
                "passport_blank_year",
                f"по серии бланк паспорта изготовлен в {_blank_year(passport.series)} году — "
                "позже даты выдачи; проверьте серию и дату выдачи",
                f"the series says the blank was made in {_blank_year(passport.series)}, after "
                "the issue date; check the series and the issue date",
            )
        )
    birth = person.birth_date
    if birth is None:
        return findings
    if passport.issued_at < years_after(birth, PASSPORT_MIN_AGE):
        findings.append(
            _finding(
                "passport_issued_too_young",
                "паспорт выдаётся с 14 лет, а по дате рождения владельцу тогда было меньше",
                "a passport is issued from the age of 14; by the birth date the holder was younger",
            )
        )
    for age in REPLACEMENT_AGES:
        birthday = years_after(birth, age)
        if passport.issued_at < birthday and today > birthday + REPLACEMENT_GRACE:
            findings.append(
                _finding(
                    "passport_expired",
                    f"паспорт недействителен: его нужно было заменить по достижении {age} лет",
                    f"the passport is no longer valid: it had to be replaced at the age of {age}",
                )
            )
            break
    return findings


class LocalRegistryGateway:
    """Checks without a registry: formats, checksums and consistency. Never claims more."""

    name = "local"

    async def check_person(self, person: PersonQuery, *, today: date) -> RegistryVerdict:
        findings = _format_findings(person) + _date_findings(person, today)
        if findings:
            return RegistryVerdict(
                status=RegistryStatus.mismatch,
                source=self.name,
                findings=tuple(findings),
                message=Text(
                    "Локальная проверка не пройдена: "
                    + "; ".join(f.message.ru for f in findings)
                    + ". Это проверка на стороне сервиса: запросы в СФР, МВД и ФНС не "
                    "отправлялись.",
                    "The local check failed: "
                    + "; ".join(f.message.en for f in findings)
                    + ". This check runs in the service itself: СФР, МВД and ФНС were not "
                    "queried.",
                ),
            )
        return RegistryVerdict(
            status=RegistryStatus.verified,
            source=self.name,
            message=Text(
                "Локальная проверка пройдена: формат и контрольное число СНИЛС, формат "
                "паспорта, код подразделения и согласованность дат. Это не проверка в СФР, "
                "МВД или ФНС: сведения в государственных реестрах не сверялись.",
                "The local check passed: SNILS format and check digits, passport format, "
                "issuer code and consistency of the dates. This is not a check with СФР, "
                "МВД or ФНС: the state registries were not consulted.",
            ),
        )
