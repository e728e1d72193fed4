"""edudiary import-schools: CSV and Rosobrnadzor XML, upsert on ИНН, a report of rejects."""

from __future__ import annotations

import csv
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.db import libpq_url
from api.schools import commands, service
from api.schools.importer import import_file, rejected_path_for
from api.schools.models import School, SchoolKind
from api.schools.service import SchoolRecord
from api.schools.sources import SourceError
from tests.schools.support import add, identifiers, record

HEADER = (
    "full_name,short_name,inn,ogrn,kpp,region_code,address,kind,status,connected,"
    "municipality,phone,email,website\n"
)


def _csv(tmp_path: Path, body: str, name: str = "schools.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


async def _by_inn(session: AsyncSession, inn: str) -> School:
    (school,) = await service.schools_by_inn(session, [inn])
    await session.refresh(school)
    return school


def _good_rows() -> tuple[str, list[str]]:
    moscow, ural, lyceum = identifiers("77"), identifiers("66"), identifiers("66")
    rows = (
        f"ГБОУ города Москвы «Гимназия № 1543»,ГБОУ Гимназия № 1543,{','.join(moscow)},77,"
        '"119571, г. Москва, пр-т Вернадского, д. 44",,,true,город Москва,+7 (495) 433-16-44,'
        "info@gym1543.ru,https://gym1543.ru\n"
        f"МАОУ «СОШ № 5»,,{','.join(ural)},66,"
        '"620014, Свердловская область, г. Екатеринбург, ул. Малышева, д. 40",'
        "school,active,false,,,,\n"
        f"МАОУ «Лицей № 130»,МАОУ Лицей № 130,{','.join(lyceum)},66,"
        "г. Екатеринбург ул. Ленина 10,лицей,действует,,,,,\n"
    )
    return rows, [moscow[0], ural[0], lyceum[0]]


async def test_csv_import_writes_good_rows_and_reports_bad_ones(
    session: AsyncSession, tmp_path: Path
) -> None:
    good, (moscow_inn, ural_inn, lyceum_inn) = _good_rows()
    spare = identifiers("50")
    person_inn = "500100732259"  # valid, but of a person: 12 digits
    path = _csv(
        tmp_path,
        good
        + f"Школа № 1,,7707083894,{spare[1]},{spare[2]},50,г. Химки,,,,,,,\n"  # line 5
        + f"Школа № 2,,{spare[0]},{spare[1]},{spare[2]},00,г. Химки,,,,,,,\n"  # line 6
        + "\n"  # line 7: blank, ignored
        + f"Школа № 3,,{person_inn},{spare[1]},{spare[2]},50,г. Химки,,,,,,,\n"  # line 8
        + f"Другая школа,,{moscow_inn},{spare[1]},{spare[2]},77,г. Москва,,,,,,,\n"  # line 9
        + f'Школа № 4,,{spare[0]},{spare[1]},{spare[2]},50,"г. Химки,\nул. Мира, 1",'
        + "университет,,,,,,\n"
        + f"Школа № 5,,{spare[0]},{spare[1]},{spare[2]},50,г. Химки,,,может быть,,,,\n",  # 12
    )

    report = await import_file(session, path)

    assert (report.read, report.inserted, report.updated, report.unchanged) == (9, 3, 0, 0)
    assert [(line, reason) for line, reason, _ in report.rejected] == [
        (5, "Некорректный ИНН: не сходится контрольное число"),
        (6, "Неизвестный код региона «00»: ожидается 01–95"),
        (8, "Некорректный ИНН: у организации 10 цифр, 12 — у физического лица"),
        (9, "ИНН уже встречался в строке 2: учтена та запись"),
        (10, "Вид школы: недопустимое значение «университет»"),
        (12, "Подключена: недопустимое значение «может быть»"),
    ]
    assert report.rejected_path == rejected_path_for(path)
    with report.rejected_path.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert [row["line"] for row in rows] == ["5", "6", "8", "9", "10", "12"]
    assert rows[4]["address"] == "г. Химки,\nул. Мира, 1"
    assert rows[0]["inn"] == "7707083894"

    moscow = await _by_inn(session, moscow_inn)
    assert (moscow.region_name, moscow.timezone, moscow.kind) == (
        "Москва",
        "Europe/Moscow",
        SchoolKind.gymnasium,
    )
    assert moscow.connected is True
    assert moscow.email == "info@gym1543.ru"
    assert moscow.search_text == " 1543 вернадского "
    ural = await _by_inn(session, ural_inn)
    assert ural.short_name == "МАОУ «СОШ № 5»"  # no short name: the full one
    assert (ural.region_name, ural.timezone) == ("Свердловская область", "Asia/Yekaterinburg")
    lyceum = await _by_inn(session, lyceum_inn)
    assert lyceum.kind == SchoolKind.lyceum
    assert lyceum.connected is False


async def test_second_import_of_the_same_file_changes_nothing(
    session: AsyncSession, tmp_path: Path
) -> None:
    good, inns = _good_rows()
    path = _csv(tmp_path, good)
    await import_file(session, path)
    before = {s.inn: s.updated_at for s in await service.schools_by_inn(session, inns)}

    again = await import_file(session, path)

    assert (again.inserted, again.updated, again.unchanged, len(again.rejected)) == (0, 0, 3, 0)
    count = await session.scalar(
        select(func.count()).select_from(School).where(School.inn.in_(inns))
    )
    assert count == 3
    session.expire_all()
    after = {s.inn: s.updated_at for s in await service.schools_by_inn(session, inns)}
    assert after == before
    assert not rejected_path_for(path).exists()

    path.write_text(HEADER + good.replace("д. 44", "д. 46"), encoding="utf-8")
    changed = await import_file(session, path)
    assert (changed.inserted, changed.updated, changed.unchanged) == (0, 1, 2)
    assert (await _by_inn(session, inns[0])).address == "119571, г. Москва, пр-т Вернадского, д. 46"


async def test_semicolons_and_a_bom_are_read_too(session: AsyncSession, tmp_path: Path) -> None:
    inn, ogrn, kpp = identifiers("25")
    path = tmp_path / "excel.csv"
    path.write_text(
        "\ufeffinn;ogrn;kpp;region_code;full_name;address\n"
        f"{inn};{ogrn};{kpp};25;Лицей № 41;г. Владивосток, ул. Светланская, д. 28\n",
        encoding="utf-8",
    )

    report = await import_file(session, path)

    assert report.inserted == 1
    school = await _by_inn(session, inn)
    assert (school.timezone, school.kind, school.status.value) == (
        "Asia/Vladivostok",
        "lyceum",
        "active",
    )


async def test_a_file_without_the_required_columns_is_refused(
    session: AsyncSession, tmp_path: Path
) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("name,inn\nШкола,7707083893\n", encoding="utf-8")

    with pytest.raises(SourceError, match="нет обязательных столбцов: address, full_name"):
        await import_file(session, path)


def _xml(
    inn: str, ogrn: str, kpp: str, bare: tuple[str, str, str], college: tuple[str, str, str]
) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<OpenData>
  <Certificates>
    <Certificate>
      <IsFederal>0</IsFederal>
      <StatusName>Действующее</StatusName>
      <TypeName>Общеобразовательная организация</TypeName>
      <RegionName>Тверская область</RegionName>
      <EduOrgINN>{inn}</EduOrgINN>
      <ActualEducationOrganization>
        <FullName>МБОУ "Кемецкая средняя общеобразовательная школа"</FullName>
        <ShortName>МБОУ «Кемецкая СОШ»</ShortName>
        <IsBranch>0</IsBranch>
        <PostAddress>ул. Школьная, 18, с. Кемцы, Тверская область, 171062</PostAddress>
        <Phone>+7 (482) 389 62 19</Phone>
        <Email>kemtzy@example.ru</Email>
        <WebSite>https://kemtzy-school.example.ru</WebSite>
        <OGRN>{ogrn}</OGRN>
        <INN>{inn}</INN>
        <KPP>{kpp}</KPP>
      </ActualEducationOrganization>
      <Supplements>
        <Supplement>
          <ActualEducationOrganization>
            <FullName>Филиал МБОУ «Кемецкая СОШ» в д. Дворищи</FullName>
            <IsBranch>1</IsBranch>
            <INN>{inn}</INN>
          </ActualEducationOrganization>
        </Supplement>
      </Supplements>
    </Certificate>
    <Certificate>
      <StatusName>Действующее</StatusName>
      <ActualEducationOrganization>
        <FullName>ГБПОУ «Тверской колледж»</FullName>
        <TypeName>Профессиональная образовательная организация</TypeName>
        <INN>{college[0]}</INN><OGRN>{college[1]}</OGRN><KPP>{college[2]}</KPP>
      </ActualEducationOrganization>
    </Certificate>
    <Certificate>
      <StatusName>Недействующее</StatusName>
      <ActualEducationOrganization>
        <FullName>МОУ «Старая школа»</FullName>
        <INN>{college[0]}</INN><OGRN>{college[1]}</OGRN><KPP>{college[2]}</KPP>
      </ActualEducationOrganization>
    </Certificate>
    <Certificate>
      <StatusName>Действующее</StatusName>
      <ActualEducationOrganization>
        <FullName>МБОУ «Средняя общеобразовательная школа № 8»</FullName>
        <INN>{college[0]}</INN><OGRN>1027700132196</OGRN><KPP>{college[2]}</KPP>
        <RegionName>Тверская область</RegionName>
        <PostAddress>г. Тверь</PostAddress>
      </ActualEducationOrganization>
    </Certificate>
  </Certificates>
  <Organization>
    <FullName>ГБОУ города Москвы «Школа № 1811»</FullName>
    <INN>{bare[0]}</INN>
    <OGRN>{bare[1]}</OGRN>
    <KPP>{bare[2]}</KPP>
    <RegionName>г. Москва</RegionName>
    <PostAddress>г. Москва, ул. Маршала Полубоярова, д. 14</PostAddress>
  </Organization>
</OpenData>
"""


async def test_rosobrnadzor_xml_is_read_record_by_record(
    session: AsyncSession, tmp_path: Path
) -> None:
    inn, ogrn, kpp = identifiers("69")
    bare, college = identifiers("77"), identifiers("69")
    # Already in the register and connected: the XML knows nothing of that.
    await add(session, _kemcy(inn, ogrn, kpp))
    path = tmp_path / "data-20261101-structure-20160713.xml"
    path.write_text(_xml(inn, ogrn, kpp, bare, college), encoding="utf-8")

    report = await import_file(session, path)

    assert report.format == "xml"
    assert (report.inserted, report.updated, report.skipped) == (1, 1, 2)
    assert report.skipped_reasons == {
        "не общеобразовательная организация": 1,
        "свидетельство об аккредитации не действует": 1,
    }
    assert [(line, reason) for line, reason, _ in report.rejected] == [
        (47, "Некорректный ОГРН: не сходится контрольное число")
    ]
    kemcy = await _by_inn(session, inn)
    assert kemcy.short_name == "МБОУ «Кемецкая СОШ»"
    assert (kemcy.region_code, kemcy.timezone) == ("69", "Europe/Moscow")
    assert kemcy.phone == "+7 (482) 389 62 19"
    assert kemcy.connected is True  # kept
    assert kemcy.municipality == "Бологовский район"  # kept
    moscow = await _by_inn(session, bare[0])
    assert (moscow.region_code, moscow.kind, moscow.connected) == ("77", SchoolKind.school, False)
    assert moscow.short_name == moscow.full_name
    with report.rejected_path.open(encoding="utf-8") as file:  # type: ignore[union-attr]
        (row,) = csv.DictReader(file)
    assert row["ogrn"] == "1027700132196"
    assert row["region_name"] == "Тверская область"


def _kemcy(inn: str, ogrn: str, kpp: str) -> SchoolRecord:
    school = record("Кемецкая СОШ", region="69", connected=True, municipality="Бологовский район")
    school.inn, school.ogrn, school.kpp = inn, ogrn, kpp
    return school


async def test_broken_xml_cannot_be_read(session: AsyncSession, tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text("<OpenData><Certificates><Certificate>", encoding="utf-8")

    with pytest.raises(SourceError, match="Не удалось разобрать XML"):
        await import_file(session, path)


def _count(settings: Settings, inns: list[str]) -> int:
    assert settings.database_url is not None
    with psycopg.connect(libpq_url(settings.database_url)) as conn:
        row = conn.execute("SELECT count(*) FROM schools WHERE inn = ANY(%s)", (inns,)).fetchone()
    return int(row[0]) if row else 0


def test_command_dry_run_reports_and_saves_nothing(
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(commands, "get_settings", lambda: settings)
    good, inns = _good_rows()
    path = _csv(tmp_path, good + "Школа,,1,2,3,77,г. Москва,,,,,,,\n")

    code = commands.import_schools(path, dry_run=True)

    out, err = capsys.readouterr()
    assert code == 0
    assert "пробный запуск, изменения не сохранены" in out
    assert "добавлено:         3" in out
    assert "отклонено:         1" in out
    assert str(rejected_path_for(path)) in out
    assert "Импорт: 100 % (4 записей)" in err
    assert _count(settings, inns) == 0


def test_command_exit_code_1_when_the_file_cannot_be_read(
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(commands, "get_settings", lambda: settings)
    broken = tmp_path / "broken.xml"
    broken.write_text("<OpenData><Organization>", encoding="utf-8")

    assert commands.import_schools(tmp_path / "missing.csv") == 1
    assert "Файл не найден" in capsys.readouterr().err
    assert commands.import_schools(broken, dry_run=True) == 1
    assert "Импорт не выполнен: Не удалось разобрать XML" in capsys.readouterr().err
