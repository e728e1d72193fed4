"""Generate a realistic school register as our import CSV (deterministic for a seed).

    .venv/bin/python -m bench.generate_schools --count 1200 --seed 2026 \
        > api/schools/data/sample_schools.csv       # the bundled sample
    .venv/bin/python -m bench.generate_schools --count 45000 -o var/schools-45k.csv

Names follow the patterns of the official register («Муниципальное бюджетное
общеобразовательное учреждение «Средняя общеобразовательная школа № 57»», «ГБОУ Школа
№ 1514», «Лицей № 239»), addresses the region's cities and post codes, and every ИНН, ОГРН
and КПП passes the checksums of api/validation/checks.py. Tax office codes end in 01-39:
…99 is kept for the demo schools (api/schools/demo.py). The numbers are invented.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from api.schools.regions import REGIONS
from api.validation.checks import inn_control, ogrn_control

COLUMNS = (
    "full_name",
    "short_name",
    "inn",
    "ogrn",
    "kpp",
    "region_code",
    "address",
    "kind",
    "status",
    "connected",
    "municipality",
    "phone",
    "email",
    "website",
)

# region -> (city, post code prefix, phone area code); the first city is the capital.
CITIES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "01": (("Майкоп", "385", "8772"),),
    "02": (("Уфа", "450", "347"), ("Стерлитамак", "453", "3473"), ("Салават", "453", "3476")),
    "03": (("Улан-Удэ", "670", "3012"),),
    "04": (("Горно-Алтайск", "649", "38822"),),
    "05": (("Махачкала", "367", "8722"), ("Дербент", "368", "87240"), ("Хасавюрт", "368", "87231")),
    "06": (("Назрань", "386", "8732"),),
    "07": (("Нальчик", "360", "8662"),),
    "08": (("Элиста", "358", "84722"),),
    "09": (("Черкесск", "369", "8782"),),
    "10": (("Петрозаводск", "185", "8142"),),
    "11": (("Сыктывкар", "167", "8212"), ("Ухта", "169", "8216")),
    "12": (("Йошкар-Ола", "424", "8362"),),
    "13": (("Саранск", "430", "8342"),),
    "14": (("Якутск", "677", "4112"), ("Нерюнгри", "678", "41147")),
    "15": (("Владикавказ", "362", "8672"),),
    "16": (
        ("Казань", "420", "843"),
        ("Набережные Челны", "423", "8552"),
        ("Альметьевск", "423", "8553"),
    ),
    "17": (("Кызыл", "667", "39422"),),
    "18": (("Ижевск", "426", "3412"), ("Сарапул", "427", "34147")),
    "19": (("Абакан", "655", "3902"),),
    "20": (("Грозный", "364", "8712"),),
    "21": (("Чебоксары", "428", "8352"), ("Новочебоксарск", "429", "8352")),
    "22": (("Барнаул", "656", "3852"), ("Бийск", "659", "3854")),
    "23": (("Краснодар", "350", "861"), ("Сочи", "354", "862"), ("Новороссийск", "353", "8617")),
    "24": (("Красноярск", "660", "391"), ("Норильск", "663", "3919"), ("Ачинск", "662", "39151")),
    "25": (("Владивосток", "690", "423"), ("Уссурийск", "692", "4234"), ("Находка", "692", "4236")),
    "26": (
        ("Ставрополь", "355", "8652"),
        ("Пятигорск", "357", "8793"),
        ("Кисловодск", "357", "87937"),
    ),
    "27": (("Хабаровск", "680", "4212"), ("Комсомольск-на-Амуре", "681", "4217")),
    "28": (("Благовещенск", "675", "4162"),),
    "29": (("Архангельск", "163", "8182"), ("Северодвинск", "164", "8184")),
    "30": (("Астрахань", "414", "8512"),),
    "31": (("Белгород", "308", "4722"), ("Старый Оскол", "309", "4725")),
    "32": (("Брянск", "241", "4832"),),
    "33": (("Владимир", "600", "4922"), ("Ковров", "601", "49232")),
    "34": (("Волгоград", "400", "8442"), ("Волжский", "404", "8443")),
    "35": (("Вологда", "160", "8172"), ("Череповец", "162", "8202")),
    "36": (("Воронеж", "394", "473"),),
    "37": (("Иваново", "153", "4932"),),
    "38": (("Иркутск", "664", "3952"), ("Братск", "665", "3953"), ("Ангарск", "665", "3955")),
    "39": (("Калининград", "236", "4012"),),
    "40": (("Калуга", "248", "4842"), ("Обнинск", "249", "484")),
    "41": (("Петропавловск-Камчатский", "683", "4152"),),
    "42": (("Кемерово", "650", "3842"), ("Новокузнецк", "654", "3843")),
    "43": (("Киров", "610", "8332"),),
    "44": (("Кострома", "156", "4942"),),
    "45": (("Курган", "640", "3522"),),
    "46": (("Курск", "305", "4712"),),
    "47": (("Гатчина", "188", "81371"), ("Всеволожск", "188", "81370"), ("Выборг", "188", "81378")),
    "48": (("Липецк", "398", "4742"),),
    "49": (("Магадан", "685", "4132"),),
    "50": (
        ("Подольск", "142", "496"),
        ("Балашиха", "143", "495"),
        ("Химки", "141", "495"),
        ("Королёв", "141", "495"),
    ),
    "51": (("Мурманск", "183", "8152"),),
    "52": (("Нижний Новгород", "603", "831"), ("Дзержинск", "606", "8313")),
    "53": (("Великий Новгород", "173", "8162"),),
    "54": (("Новосибирск", "630", "383"), ("Бердск", "633", "38341")),
    "55": (("Омск", "644", "3812"),),
    "56": (("Оренбург", "460", "3532"), ("Орск", "462", "3537")),
    "57": (("Орёл", "302", "4862"),),
    "58": (("Пенза", "440", "8412"),),
    "59": (("Пермь", "614", "342"), ("Березники", "618", "3424")),
    "60": (("Псков", "180", "8112"), ("Великие Луки", "182", "81153")),
    "61": (("Ростов-на-Дону", "344", "863"), ("Таганрог", "347", "8634"), ("Шахты", "346", "8636")),
    "62": (("Рязань", "390", "4912"),),
    "63": (("Самара", "443", "846"), ("Тольятти", "445", "8482"), ("Сызрань", "446", "8464")),
    "64": (("Саратов", "410", "8452"), ("Энгельс", "413", "8453")),
    "65": (("Южно-Сахалинск", "693", "4242"),),
    "66": (
        ("Екатеринбург", "620", "343"),
        ("Нижний Тагил", "622", "3435"),
        ("Каменск-Уральский", "623", "3439"),
    ),
    "67": (("Смоленск", "214", "4812"),),
    "68": (("Тамбов", "392", "4752"),),
    "69": (("Тверь", "170", "4822"),),
    "70": (("Томск", "634", "3822"), ("Северск", "636", "3823")),
    "71": (("Тула", "300", "4872"), ("Новомосковск", "301", "48762")),
    "72": (("Тюмень", "625", "3452"), ("Тобольск", "626", "3456")),
    "73": (("Ульяновск", "432", "8422"), ("Димитровград", "433", "84235")),
    "74": (
        ("Челябинск", "454", "351"),
        ("Магнитогорск", "455", "3519"),
        ("Златоуст", "456", "3513"),
    ),
    "75": (("Чита", "672", "3022"),),
    "76": (("Ярославль", "150", "4852"), ("Рыбинск", "152", "4855")),
    "77": (("Москва", "1", "495"),),
    "78": (("Санкт-Петербург", "19", "812"),),
    "79": (("Биробиджан", "679", "42622"),),
    "83": (("Нарьян-Мар", "166", "81853"),),
    "86": (
        ("Ханты-Мансийск", "628", "3467"),
        ("Сургут", "628", "3462"),
        ("Нижневартовск", "628", "3466"),
    ),
    "87": (("Анадырь", "689", "42722"),),
    "89": (
        ("Салехард", "629", "34922"),
        ("Новый Уренгой", "629", "3494"),
        ("Ноябрьск", "629", "3496"),
    ),
    "90": (("Мелитополь", "272", "619"),),
    "91": (
        ("Симферополь", "295", "3652"),
        ("Керчь", "298", "36561"),
        ("Евпатория", "297", "36569"),
    ),
    "92": (("Севастополь", "299", "8692"),),
    "93": (("Донецк", "283", "856"), ("Макеевка", "286", "856")),
    "94": (("Луганск", "291", "857"), ("Алчевск", "294", "857")),
    "95": (("Геническ", "275", "990"), ("Скадовск", "275", "990")),
}
# Heavier regions get more schools (roughly by their number of pupils).
WEIGHTS = {"77": 6, "50": 6, "78": 4, "23": 4, "02": 4, "16": 4, "05": 4, "66": 4, "61": 4}
WEIGHTS |= {"52": 3, "74": 3, "54": 3, "24": 3, "63": 3, "59": 3, "26": 3, "64": 2, "38": 2}

STREETS = (
    "Ленина",
    "Советская",
    "Мира",
    "Школьная",
    "Гагарина",
    "Молодёжная",
    "Садовая",
    "Лесная",
    "Пушкина",
    "Центральная",
    "Октябрьская",
    "Комсомольская",
    "Кирова",
    "Первомайская",
    "Набережная",
    "Победы",
    "Чехова",
    "Лермонтова",
    "Горького",
    "Строителей",
    "Юбилейная",
    "Заречная",
    "Северная",
    "Королёва",
    "Суворова",
    "Матросова",
    "Жукова",
    "Тургенева",
)
STREET_KINDS = ("ул.", "ул.", "ул.", "ул.", "пр-т", "пер.", "б-р")
# Villages: a root and a form give the name and its school's adjective («Покровка» ->
# «Покровская СОШ»). A few hundred names, as many schools share a village name.
_VILLAGE_ROOTS = """
    Покров Никол Иван Берёз Михайл Александр Знамен Соснов Василь Успен Троиц Богород
    Воскресен Дмитри Петр Ключ Кемец Ёлкин Заречн Луг Озёр Полян Горн Камен Дуб Липов
    Кленов Рябин Черёмух Малин Калин Ольх Осин Ясен Брусн Клюкв Вишн Яблон Груш Сирен
    Ромаш Васильк Колокол Журавл Лебед Сокол Орл Ворон Гусев Утк Бобр Лис Волч Медвед
    Зайц Куниц Белк Ершов Карас Щук Окун Налим Сом Лещ Сазан Раков Песч Глин Мелов
"""
VILLAGE_FORMS = (("ка", "ская"), ("ское", "ская"), ("ово", "овская"), ("ино", "инская"))
VILLAGES = {
    root + name_end: root + school_end
    for root in _VILLAGE_ROOTS.split()
    for name_end, school_end in VILLAGE_FORMS[: 2 if root.endswith(("ов", "ин")) else 4]
}
VILLAGES["Кемцы"] = "Кемецкая"
DISTRICTS = (
    "Кировский",
    "Октябрьский",
    "Первомайский",
    "Советский",
    "Заречный",
    "Ленинский",
    "Центральный",
    "Железнодорожный",
    "Пролетарский",
    "Красногвардейский",
    "Калининский",
)
SPB_DISTRICTS = (
    "Адмиралтейского",
    "Василеостровского",
    "Выборгского",
    "Калининского",
    "Кировского",
    "Московского",
    "Невского",
    "Петроградского",
    "Приморского",
    "Фрунзенского",
)
NAMED_AFTER = (
    "А. С. Пушкина",
    "М. Ю. Лермонтова",
    "Ю. А. Гагарина",
    "Героя Советского Союза И. Н. Кожедуба",
    "Л. Н. Толстого",
    "А. П. Чехова",
    "С. П. Королёва",
    "М. В. Ломоносова",
    "Д. И. Менделеева",
)
PROFILES = (
    "с углублённым изучением отдельных предметов",
    "с углублённым изучением английского языка",
)
OWNERSHIP = (
    ("Муниципальное бюджетное", "МБОУ", 6),
    ("Муниципальное автономное", "МАОУ", 2),
    ("Муниципальное казённое", "МКОУ", 1),
)
_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "h",
            "ts",
            "ch",
            "sh",
            "sch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)


def slug(name: str) -> str:
    return "".join(_TRANSLIT.get(ch, "-" if ch in " -" else "") for ch in name.lower())


@dataclass(slots=True)
class Identifiers:
    """Unique valid ИНН/ОГРН/КПП of legal entities, per region's tax offices."""

    rng: random.Random
    inns: set[str]
    ogrns: set[str]

    def next(self, region: str) -> tuple[str, str, str]:
        while True:
            office = f"{region}{self.rng.randint(1, 39):02d}"
            body = f"{office}{self.rng.randint(0, 99999):05d}"
            inn = body + str(inn_control(body, (2, 4, 10, 3, 5, 9, 4, 6, 8)))
            year = self.rng.randint(2, 23)
            ogrn_body = f"1{year:02d}{region}{office[2:]}{self.rng.randint(0, 99999):05d}"
            ogrn = ogrn_body + str(ogrn_control(ogrn_body))
            if inn not in self.inns and ogrn not in self.ogrns:
                self.inns.add(inn)
                self.ogrns.add(ogrn)
                return inn, ogrn, f"{office}01001"


def _kind(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.08:
        return "gymnasium"
    if roll < 0.15:
        return "lyceum"
    if roll < 0.18:
        return "education_center"
    if roll < 0.20:
        return "boarding"
    if roll < 0.23:
        return "special"
    return "school"


@dataclass(slots=True)
class Place:
    region: str
    city: str | None  # None: a village school
    village: str | None
    district: str
    postcode: str
    area_code: str


def _names(rng: random.Random, place: Place, kind: str, number: int) -> tuple[str, str]:
    if place.region == "77":
        title = {"gymnasium": "Гимназия", "lyceum": "Лицей"}.get(kind, "Школа")
        return f"{_MOSCOW} «{title} № {number}»", f"ГБОУ {title} № {number}"
    if place.region == "78":
        district = rng.choice(SPB_DISTRICTS)
        title = {"gymnasium": "гимназия", "lyceum": "лицей"}.get(
            kind, "средняя общеобразовательная школа"
        )
        full = (
            f"Государственное бюджетное общеобразовательное учреждение {title} № {number} "
            f"{district} района Санкт-Петербурга"
        )
        short = {"gymnasium": "гимназия", "lyceum": "лицей"}.get(kind, "школа")
        return full, f"ГБОУ {short} № {number} {district} района"
    ownership, short_form, _ = rng.choices(OWNERSHIP, weights=[w for *_, w in OWNERSHIP])[0]
    prefix = f"{ownership} общеобразовательное учреждение"
    if place.village and kind == "school":
        adjective = VILLAGES[place.village]
        level, abbr = rng.choice((("средняя", "СОШ"), ("основная", "ООШ")))
        return (
            f"{prefix} «{adjective} {level} общеобразовательная школа»",
            f"{short_form} «{adjective} {abbr}»",
        )
    if kind == "gymnasium":
        return f"{prefix} «Гимназия № {number}»", f"{short_form} «Гимназия № {number}»"
    if kind == "lyceum":
        return f"{prefix} «Лицей № {number}»", f"{short_form} «Лицей № {number}»"
    if kind == "education_center":
        return f"{prefix} «Центр образования № {number}»", f"{short_form} «ЦО № {number}»"
    if kind == "boarding":
        return (
            f"{prefix} «Школа-интернат № {number}»",
            f"{short_form} «Школа-интернат № {number}»",
        )
    if kind == "special":
        return (
            f"{prefix} «Специальная (коррекционная) общеобразовательная школа № {number}»",
            f"{short_form} «С(К)ОШ № {number}»",
        )
    extra = ""
    if rng.random() < 0.15:
        extra = f" {rng.choice(PROFILES)}"
    elif rng.random() < 0.15:
        extra = f" имени {rng.choice(NAMED_AFTER)}"
    return (
        f"{prefix} «Средняя общеобразовательная школа № {number}{extra}»",
        f"{short_form} «СОШ № {number}»",
    )


def _address(rng: random.Random, place: Place) -> str:
    if place.region == "77":  # 101000-129999
        postcode = f"1{rng.randint(1, 29):02d}{rng.randint(0, 999):03d}"
    else:
        digits = 6 - len(place.postcode)
        postcode = place.postcode + f"{rng.randint(0, 10**digits - 1):0{digits}d}"
    street = f"{rng.choice(STREET_KINDS)} {rng.choice(STREETS)}, д. {rng.randint(1, 120)}"
    region = REGIONS[place.region].name
    if place.region in ("77", "78", "92"):
        return f"{postcode}, г. {place.city}, {street}"
    if place.village:
        return f"{postcode}, {region}, {place.district} район, с. {place.village}, {street}"
    return f"{postcode}, {region}, г. {place.city}, {street}"


# Schools people search for by name; always in the register, first.
_MOSCOW = "Государственное бюджетное общеобразовательное учреждение города Москвы"
LANDMARKS = (
    ("77", f"{_MOSCOW} «Школа № 57»", "ГБОУ Школа № 57", "school"),
    ("77", f"{_MOSCOW} «Гимназия № 1514»", "ГБОУ Гимназия № 1514", "gymnasium"),
    (
        "77",
        f"{_MOSCOW} «Лицей «Вторая школа» имени В. Ф. Овчинникова»",
        "ГБОУ «Лицей «Вторая школа» им. В. Ф. Овчинникова»",
        "lyceum",
    ),
    (
        "78",
        "Государственное бюджетное общеобразовательное учреждение "
        "«Президентский физико-математический лицей № 239»",
        "ГБОУ ПФМЛ № 239",
        "lyceum",
    ),
    (
        "66",
        "Муниципальное автономное общеобразовательное учреждение "
        "«Средняя общеобразовательная школа № 57»",
        "МАОУ «СОШ № 57»",
        "school",
    ),
)


def generate(count: int, seed: int) -> Iterator[dict[str, str]]:
    rng = random.Random(seed)
    ids = Identifiers(rng, set(), set())
    used: set[tuple[str, str, str, int]] = set()
    codes = sorted(CITIES)
    weights = [WEIGHTS.get(code, 1) for code in codes]
    produced = 0
    for region, full, short, kind in LANDMARKS[:count]:
        city, postcode, area = CITIES[region][0]
        place = Place(region, city, None, "", postcode, area)
        used.add((region, city, kind, int("".join(ch for ch in short if ch.isdigit()) or 0)))
        yield _row(rng, ids, place, kind, full, short, connected=True)
        produced += 1
    while produced < count:
        region = rng.choices(codes, weights)[0]
        city, postcode, area = rng.choice(CITIES[region])
        rural = region not in ("77", "78", "92") and rng.random() < 0.3
        district = rng.choice(DISTRICTS)
        place = Place(
            region,
            None if rural else city,
            rng.choice(sorted(VILLAGES)) if rural else None,
            district,
            postcode,
            area,
        )
        kind = "school" if rural and rng.random() < 0.8 else _kind(rng)
        top = 2200 if region == "77" else 700 if region == "78" else 180
        number = rng.randint(1, top)
        key = (region, place.village or city, kind, number)
        if key in used:
            continue
        used.add(key)
        full, short = _names(rng, place, kind, number)
        yield _row(rng, ids, place, kind, full, short, connected=rng.random() < 0.25)
        produced += 1


def _row(
    rng: random.Random,
    ids: Identifiers,
    place: Place,
    kind: str,
    full: str,
    short: str,
    *,
    connected: bool,
) -> dict[str, str]:
    inn, ogrn, kpp = ids.next(place.region)
    number = "".join(ch for ch in short if ch.isdigit()) or str(rng.randint(1, 99))
    domain = f"{slug(place.village or place.city or 'school')}-edu.ru"
    if place.village:
        municipality = f"{place.district} муниципальный район"
    elif place.region in ("77", "78", "92"):
        municipality = f"город {place.city}"
    else:
        municipality = f"городской округ {place.city}"
    status = "active" if rng.random() < 0.97 else rng.choice(("reorganizing", "closed"))
    width = 10 - len(place.area_code)
    local = f"{rng.randint(0, 10**width - 1):0{width}d}"
    phone_digits = f"{local[:-4]}-{local[-4:-2]}-{local[-2:]}"
    return {
        "full_name": full,
        "short_name": short,
        "inn": inn,
        "ogrn": ogrn,
        "kpp": kpp,
        "region_code": place.region,
        "address": _address(rng, place),
        "kind": kind,
        "status": status,
        "connected": "true" if connected else "false",
        "municipality": municipality,
        "phone": f"+7 ({place.area_code}) {phone_digits}",
        "email": f"sch{number}@{domain}",
        "website": f"https://sch{number}.{domain}",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Сгенерировать реестр школ (CSV для import-schools)"
    )
    parser.add_argument("--count", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("-o", "--output", help="файл CSV (по умолчанию stdout)")
    args = parser.parse_args(argv)
    out = (
        open(args.output, "w", encoding="utf-8", newline="")  # noqa: SIM115
        if args.output
        else sys.stdout
    )
    try:
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(generate(args.count, args.seed))
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
