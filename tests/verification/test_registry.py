"""The built-in registry gateway: formats, checksums and consistency — and honesty."""

from __future__ import annotations

from datetime import date

import pytest

from api.identity.models import RegistryStatus
from api.verification.registry import LocalRegistryGateway, PassportData, PersonQuery

TODAY = date(2026, 11, 28)


def person(**changes: object) -> PersonQuery:
    passport = {
        "series": "4509",
        "number": "123456",
        "issued_at": date(2015, 5, 20),
        "issuer_code": "770-001",
        "issuer_name": "ГУ МВД России по г. Москве",
    }
    passport.update({k: v for k, v in changes.items() if k in passport})
    return PersonQuery(
        last_name="Иванова",
        first_name="Мария",
        middle_name=None,
        birth_date=changes.get("birth_date", date(1985, 3, 1)),  # type: ignore[arg-type]
        snils=str(changes.get("snils", "112-233-445 95")),
        passport=PassportData(**passport),  # type: ignore[arg-type]
    )


async def test_consistent_data_is_verified_and_the_verdict_says_it_is_local() -> None:
    verdict = await LocalRegistryGateway().check_person(person(), today=TODAY)
    assert verdict.status == RegistryStatus.verified
    assert verdict.source == "local"
    assert "не проверка в СФР, МВД или ФНС" in verdict.message.ru
    assert "not a check with СФР, МВД or ФНС" in verdict.message.en


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"snils": "112-233-445 96"}, "snils_checksum"),
        ({"issuer_code": "970-001"}, "issuer_code_region_unknown"),
        ({"series": "4520"}, "passport_blank_year"),  # a 2020 blank issued in 2015
        ({"birth_date": date(2003, 1, 1)}, "passport_issued_too_young"),
        # Issued at 30, holder turned 45 in 2025 and never replaced it.
        (
            {"birth_date": date(1980, 1, 1), "issued_at": date(2010, 1, 1), "series": "4509"},
            "passport_expired",
        ),
        # Issued at 14; the 20-year replacement was due in 2019.
        (
            {"birth_date": date(1999, 1, 1), "issued_at": date(2013, 2, 1), "series": "4512"},
            "passport_expired",
        ),
        ({"issued_at": date(1996, 1, 1), "series": "4597"}, "passport_issued_at_range"),
    ],
)
async def test_inconsistencies_are_a_mismatch(changes: dict[str, object], code: str) -> None:
    verdict = await LocalRegistryGateway().check_person(person(**changes), today=TODAY)
    assert verdict.status == RegistryStatus.mismatch
    assert code in [f.code for f in verdict.findings]
    assert verdict.message.ru.startswith("Локальная проверка не пройдена")
    assert "запросы в СФР, МВД и ФНС не отправлялись" in verdict.message.ru


async def test_replacement_has_a_90_day_grace_period() -> None:
    # Turned 45 on 2026-10-01: within 90 days the old passport is still valid.
    fresh = person(birth_date=date(1981, 10, 1), issued_at=date(2001, 11, 1), series="4501")
    assert (await LocalRegistryGateway().check_person(fresh, today=TODAY)).status == "verified"


async def test_unknown_birth_date_skips_only_the_age_checks() -> None:
    verdict = await LocalRegistryGateway().check_person(person(birth_date=None), today=TODAY)
    assert verdict.status == RegistryStatus.verified
