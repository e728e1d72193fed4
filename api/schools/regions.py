"""The 89 subjects of the Russian Federation: code, name and time zone.

Codes are the subject codes of the tax service (the first two digits of an organisation's
ИНН and КПП, most car plates): 01-79, 83, 86, 87, 89 and, since 2014 and 2022, 90-95.
Time zones are the IANA zones whose offset the subject keeps; where a subject spans more
than one zone (Якутия, Сахалинская область with the North Kurils) it is the zone of the
capital and of most of its schools. Russia has eleven offsets, UTC+2 to UTC+12:

    +2 Europe/Kaliningrad   +3 Europe/Moscow (Simferopol, Volgograd, Kirov)
    +4 Europe/Samara (Astrakhan, Saratov, Ulyanovsk)   +5 Asia/Yekaterinburg
    +6 Asia/Omsk   +7 Asia/Krasnoyarsk (Barnaul, Novosibirsk, Novokuznetsk, Tomsk)
    +8 Asia/Irkutsk   +9 Asia/Yakutsk (Chita)   +10 Asia/Vladivostok
    +11 Asia/Magadan (Sakhalin)   +12 Asia/Kamchatka (Anadyr)
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Region:
    code: str  # "77"
    name: str  # «Москва»
    timezone: str  # IANA, "Europe/Moscow"


_MSK = "Europe/Moscow"
_YEKT = "Asia/Yekaterinburg"

_TABLE: tuple[tuple[str, str, str], ...] = (
    ("01", "Республика Адыгея", _MSK),
    ("02", "Республика Башкортостан", _YEKT),
    ("03", "Республика Бурятия", "Asia/Irkutsk"),
    ("04", "Республика Алтай", "Asia/Barnaul"),
    ("05", "Республика Дагестан", _MSK),
    ("06", "Республика Ингушетия", _MSK),
    ("07", "Кабардино-Балкарская Республика", _MSK),
    ("08", "Республика Калмыкия", _MSK),
    ("09", "Карачаево-Черкесская Республика", _MSK),
    ("10", "Республика Карелия", _MSK),
    ("11", "Республика Коми", _MSK),
    ("12", "Республика Марий Эл", _MSK),
    ("13", "Республика Мордовия", _MSK),
    ("14", "Республика Саха (Якутия)", "Asia/Yakutsk"),
    ("15", "Республика Северная Осетия — Алания", _MSK),
    ("16", "Республика Татарстан", _MSK),
    ("17", "Республика Тыва", "Asia/Krasnoyarsk"),
    ("18", "Удмуртская Республика", "Europe/Samara"),
    ("19", "Республика Хакасия", "Asia/Krasnoyarsk"),
    ("20", "Чеченская Республика", _MSK),
    ("21", "Чувашская Республика — Чувашия", _MSK),
    ("22", "Алтайский край", "Asia/Barnaul"),
    ("23", "Краснодарский край", _MSK),
    ("24", "Красноярский край", "Asia/Krasnoyarsk"),
    ("25", "Приморский край", "Asia/Vladivostok"),
    ("26", "Ставропольский край", _MSK),
    ("27", "Хабаровский край", "Asia/Vladivostok"),
    ("28", "Амурская область", "Asia/Yakutsk"),
    ("29", "Архангельская область", _MSK),
    ("30", "Астраханская область", "Europe/Astrakhan"),
    ("31", "Белгородская область", _MSK),
    ("32", "Брянская область", _MSK),
    ("33", "Владимирская область", _MSK),
    ("34", "Волгоградская область", "Europe/Volgograd"),
    ("35", "Вологодская область", _MSK),
    ("36", "Воронежская область", _MSK),
    ("37", "Ивановская область", _MSK),
    ("38", "Иркутская область", "Asia/Irkutsk"),
    ("39", "Калининградская область", "Europe/Kaliningrad"),
    ("40", "Калужская область", _MSK),
    ("41", "Камчатский край", "Asia/Kamchatka"),
    ("42", "Кемеровская область — Кузбасс", "Asia/Novokuznetsk"),
    ("43", "Кировская область", "Europe/Kirov"),
    ("44", "Костромская область", _MSK),
    ("45", "Курганская область", _YEKT),
    ("46", "Курская область", _MSK),
    ("47", "Ленинградская область", _MSK),
    ("48", "Липецкая область", _MSK),
    ("49", "Магаданская область", "Asia/Magadan"),
    ("50", "Московская область", _MSK),
    ("51", "Мурманская область", _MSK),
    ("52", "Нижегородская область", _MSK),
    ("53", "Новгородская область", _MSK),
    ("54", "Новосибирская область", "Asia/Novosibirsk"),
    ("55", "Омская область", "Asia/Omsk"),
    ("56", "Оренбургская область", _YEKT),
    ("57", "Орловская область", _MSK),
    ("58", "Пензенская область", _MSK),
    ("59", "Пермский край", _YEKT),
    ("60", "Псковская область", _MSK),
    ("61", "Ростовская область", _MSK),
    ("62", "Рязанская область", _MSK),
    ("63", "Самарская область", "Europe/Samara"),
    ("64", "Саратовская область", "Europe/Saratov"),
    ("65", "Сахалинская область", "Asia/Sakhalin"),
    ("66", "Свердловская область", _YEKT),
    ("67", "Смоленская область", _MSK),
    ("68", "Тамбовская область", _MSK),
    ("69", "Тверская область", _MSK),
    ("70", "Томская область", "Asia/Tomsk"),
    ("71", "Тульская область", _MSK),
    ("72", "Тюменская область", _YEKT),
    ("73", "Ульяновская область", "Europe/Ulyanovsk"),
    ("74", "Челябинская область", _YEKT),
    ("75", "Забайкальский край", "Asia/Chita"),
    ("76", "Ярославская область", _MSK),
    ("77", "Москва", _MSK),
    ("78", "Санкт-Петербург", _MSK),
    ("79", "Еврейская автономная область", "Asia/Vladivostok"),
    ("83", "Ненецкий автономный округ", _MSK),
    ("86", "Ханты-Мансийский автономный округ — Югра", _YEKT),
    ("87", "Чукотский автономный округ", "Asia/Anadyr"),
    ("89", "Ямало-Ненецкий автономный округ", _YEKT),
    ("90", "Запорожская область", _MSK),
    ("91", "Республика Крым", "Europe/Simferopol"),
    ("92", "Севастополь", "Europe/Simferopol"),
    ("93", "Донецкая Народная Республика", _MSK),
    ("94", "Луганская Народная Республика", _MSK),
    ("95", "Херсонская область", _MSK),
)

REGIONS: dict[str, Region] = {code: Region(code, name, tz) for code, name, tz in _TABLE}

# Other spellings found in registries («г. Москва», «Чувашская Республика», «Якутия»).
ALIASES: dict[str, str] = {
    "адыгея": "01",
    "башкортостан": "02",
    "башкирия": "02",
    "бурятия": "03",
    "алтай": "04",
    "дагестан": "05",
    "ингушетия": "06",
    "кабардино балкария": "07",
    "калмыкия": "08",
    "карачаево черкесия": "09",
    "карелия": "10",
    "коми": "11",
    "марий эл": "12",
    "мордовия": "13",
    "якутия": "14",
    "республика саха": "14",
    "саха якутия": "14",
    "северная осетия": "15",
    "республика северная осетия": "15",
    "северная осетия алания": "15",
    "татарстан": "16",
    "тыва": "17",
    "тува": "17",
    "удмуртия": "18",
    "хакасия": "19",
    "чечня": "20",
    "чеченская республика": "20",
    "чувашская республика": "21",
    "чувашия": "21",
    "кемеровская область": "42",
    "кузбасс": "42",
    "ханты мансийский автономный округ": "86",
    "хмао": "86",
    "югра": "86",
    "янао": "89",
    "ненецкий ао": "83",
    "чукотка": "87",
    "еао": "79",
    "крым": "91",
    "днр": "93",
    "донецкая": "93",
    "лнр": "94",
    "луганская": "94",
    "петербург": "78",
}

_NOISE = frozenset({"г", "город", "федерального", "значения", "субъект", "рф"})


def name_key(name: str) -> str:
    """Registry spellings of one region compare equal: «г. Москва» == «Москва»."""
    words = re.sub(r"[^0-9a-zа-я]+", " ", name.lower().replace("ё", "е")).split()
    return " ".join(word for word in words if word not in _NOISE)


_BY_NAME: dict[str, str] = {name_key(region.name): region.code for region in REGIONS.values()}
_BY_NAME.update({name_key(alias): code for alias, code in ALIASES.items()})


def by_code(code: str) -> Region | None:
    """A region by its code; "7" and " 07 " read as "07"."""
    text = code.strip()
    if text.isascii() and text.isdigit() and len(text) <= 2:
        return REGIONS.get(text.zfill(2))
    return None


def by_name(name: str) -> Region | None:
    code = _BY_NAME.get(name_key(name))
    return REGIONS[code] if code else None
