"""The pure rules: regions and their zones, folding, query words, class letters."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from api.schools import regions
from api.schools.models import SchoolKind
from api.schools.query import parse_query
from api.schools.text import fold, kind_from_name, normalize_class_letter, search_text


def test_all_89_subjects_with_real_zones_covering_russias_eleven_offsets() -> None:
    assert len(regions.REGIONS) == 89
    assert sorted(regions.REGIONS) == sorted(
        [f"{n:02d}" for n in range(1, 80)]
        + ["83", "86", "87", "89", "90", "91", "92", "93", "94", "95"]
    )
    winter = datetime(2027, 1, 15, tzinfo=UTC)
    offsets = {ZoneInfo(region.timezone).utcoffset(winter) for region in regions.REGIONS.values()}
    assert sorted(int(o.total_seconds()) // 3600 for o in offsets if o is not None) == list(
        range(2, 13)
    )
    assert regions.REGIONS["77"].timezone == "Europe/Moscow"
    assert regions.REGIONS["66"].timezone == "Asia/Yekaterinburg"
    assert regions.REGIONS["25"].timezone == "Asia/Vladivostok"
    assert regions.REGIONS["39"].timezone == "Europe/Kaliningrad"
    assert regions.REGIONS["41"].timezone == "Asia/Kamchatka"
    assert regions.REGIONS["54"].timezone == "Asia/Novosibirsk"
    assert regions.REGIONS["18"].timezone == "Europe/Samara"


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("г. Москва", "77"),
        ("Город Санкт-Петербург", "78"),
        ("Республика Саха (Якутия)", "14"),
        ("Кемеровская область - Кузбасс", "42"),
        ("Ханты-Мансийский автономный округ - Югра", "86"),
        ("Чувашская Республика", "21"),
        ("Свердловская обл", None),
    ],
)
def test_registry_spellings_of_region_names(spelling: str, code: str | None) -> None:
    region = regions.by_name(spelling)
    assert (region.code if region else None) == code


def test_region_codes_are_read_with_or_without_a_leading_zero() -> None:
    assert regions.by_code("7") == regions.REGIONS["07"]
    assert regions.by_code(" 66 ") == regions.REGIONS["66"]
    assert regions.by_code("80") is None
    assert regions.by_code("٦٦") is None  # Arabic-Indic digits are not a code


def test_folding_drops_case_quotes_number_sign_and_yo() -> None:
    assert fold("МБОУ «СОШ №57» им. Ёлкина") == "мбоу сош 57 им елкина"
    assert fold('Лицей "Вторая школа"') == "лицеи вторая школа"


def test_search_text_keeps_only_distinctive_words_once() -> None:
    text = search_text(
        short_name="МАОУ «СОШ № 57»",
        full_name="Муниципальное автономное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 57»",
        address="620014, Свердловская область, г. Екатеринбург, ул. Малышева, д. 40",
        municipality="городской округ Екатеринбург",
        region_name="Свердловская область",
    )

    assert text == " 57 екатеринбург малышева "


def test_search_text_drops_the_region_in_any_case_but_keeps_a_city_named_alike() -> None:
    moscow = search_text(
        short_name="ГБОУ Школа № 57",
        full_name="ГБОУ города Москвы «Школа № 57»",
        address="125047, г. Москва, ул. Тверская, д. 12",
        municipality="город Москва",
        region_name="Москва",
    )
    ugra = search_text(
        short_name="МБОУ СОШ № 3",
        full_name="МБОУ «СОШ № 3»",
        address="628011, Ханты-Мансийский автономный округ — Югра, г. Ханты-Мансийск",
        municipality=None,
        region_name="Ханты-Мансийский автономный округ — Югра",
    )

    assert moscow == " 57 тверская "
    assert ugra == " 3 ханты мансииск "


def test_query_words_numbers_kind_and_region() -> None:
    query = parse_query("Гимназия №1514 г. Москва")
    assert (query.words, query.numbers, query.kind, query.region) == (
        (),
        ("1514",),
        SchoolKind.gymnasium,
        "77",
    )
    typo = parse_query("гимназиа втарая")
    assert (typo.words, typo.kind) == (("втарая",), SchoolKind.gymnasium)
    assert parse_query("7707083893").inn == "7707083893"
    assert parse_query("1027700132195").ogrn == "1027700132195"
    # A village is not a region, even one letter away from «Псковская»'s neighbours.
    assert parse_query("покровская").region is None


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("МБОУ «Средняя общеобразовательная школа № 5»", SchoolKind.school),
        ("ГБОУ «Гимназия № 1514»", SchoolKind.gymnasium),
        ("МАОУ «Лицей № 130»", SchoolKind.lyceum),
        ("ГБОУ «Центр образования № 1409»", SchoolKind.education_center),
        ("МБОУ «Школа-интернат № 3»", SchoolKind.boarding),
        ("ГКОУ «Специальная (коррекционная) школа-интернат № 4»", SchoolKind.special),
    ],
)
def test_kind_from_the_official_name(name: str, kind: SchoolKind) -> None:
    assert kind_from_name(name) == kind


@pytest.mark.parametrize(
    ("typed", "letter"),
    [
        ("Б", "Б"),
        ("б", "Б"),
        (" ё ", "Ё"),
        ("A", "А"),
        ("a", "А"),
        ("K", "К"),
        ("Z", None),
        ("АБ", None),
        ("", None),
        ("1", None),
    ],
)
def test_class_letters(typed: str, letter: str | None) -> None:
    assert normalize_class_letter(typed) == letter
