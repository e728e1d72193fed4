"""School onboarding: time and peak worker memory to import a 1,500-pupil school.

    .venv/bin/python -m bench.onboarding                 # scratch DB edudiary_bench_onboarding
    .venv/bin/python -m bench.onboarding --students 3000 --keep

Generates one school's roster — about 60 classes, 1,500 pupils, 120 teachers, 2,500
parents, 10 subjects a class — as a OneRoster 1.2 CSV zip and as the XLSX template, and
imports each through the real import job body (``api.onboarding.service.run``, mode
apply) into its own empty school, then the same file again (every row ``unchanged``).
Each run is a fresh process (``--run-one``), so its peak RSS (``ru_maxrss``) is that of a
worker doing that one import; the RSS after the imports and before reading the file is
shown too. Goal (issue 13): ≤ 60 s per import on 2 cores and ≤ 250 MB peak.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import random
import resource
import subprocess
import sys
import time
import uuid
import zipfile
from pathlib import Path

import psycopg
from openpyxl import Workbook

from api import migrate
from api.db import create_engine, create_sessionmaker, libpq_url

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_DB = "edudiary_bench_onboarding"
LAST = [
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
]
FIRST_M = [
    "Александр",
    "Дмитрий",
    "Максим",
    "Сергей",
    "Андрей",
    "Алексей",
    "Артём",
    "Илья",
    "Кирилл",
    "Михаил",
]
FIRST_F = [
    "Анна",
    "Мария",
    "Елена",
    "Дарья",
    "Алина",
    "Ирина",
    "Екатерина",
    "Арина",
    "Полина",
    "Ольга",
]
SUBJECTS = [
    "Русский язык",
    "Литература",
    "Математика",
    "История",
    "Биология",
    "География",
    "Физика",
    "Химия",
    "Английский язык",
    "Физкультура",
]
LETTERS = "АБВГДЕ"


def snils(body: int) -> str:
    digits = f"{body:09d}"
    total = sum(int(d) * (9 - i) for i, d in enumerate(digits))
    control = total % 101 if total % 101 < 100 else 0
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]} {control:02d}"


def person(rng: random.Random) -> tuple[str, str, str]:
    female = rng.random() < 0.5
    last = rng.choice(LAST) + ("а" if female else "")
    first = rng.choice(FIRST_F if female else FIRST_M)
    middle = rng.choice(FIRST_M).rstrip("й") + ("овна" if female else "ович")
    return last, first, middle


def roster(students: int, seed: int) -> dict[str, list[list[str]]]:
    rng = random.Random(seed)
    classes = [(g, LETTERS[i]) for g in range(1, 12) for i in range(6)][: max(1, students // 25)]
    files: dict[str, list[list[str]]] = {
        "manifest.csv": [["propertyName", "value"], ["oneroster.version", "1.2"]],
        "academicSessions.csv": [["sourcedId", "status", "title", "type", "startDate", "endDate", "parentSourcedId", "schoolYear"],  # noqa: E501
                                 ["y", "active", "2026/2027", "schoolYear", "2026-09-01", "2027-06-30", "", "2027"]],  # noqa: E501
        "classes.csv": [["sourcedId", "status", "title", "classCode", "classType", "termSourcedIds", "subjects"]],  # noqa: E501
        "users.csv": [["sourcedId", "status", "userIds", "givenName", "familyName", "middleName", "phone", "agentSourcedIds"]],  # noqa: E501
        "roles.csv": [["userSourcedId", "role"]],
        "demographics.csv": [["sourcedId", "birthDate"]],
        "enrollments.csv": [["sourcedId", "classSourcedId", "userSourcedId", "role", "primary"]],
    }  # fmt: skip
    teachers = [f"t{i}" for i in range(120)]
    for i, t in enumerate(teachers):
        last, first, middle = person(rng)
        files["users.csv"].append([t, "active", "", first, last, middle, f"+7915{i:07d}", ""])
        files["roles.csv"].append([t, "teacher"])
    for c, (grade, letter) in enumerate(classes):
        code = f"{grade}-{letter}"
        files["classes.csv"].append([f"c{c}", "active", code, code, "homeroom", "y", ""])
        files["enrollments.csv"].append([f"ct{c}", f"c{c}", teachers[c % 120], "teacher", "true"])
        for s, subject in enumerate(SUBJECTS):
            files["classes.csv"].append(
                [f"c{c}s{s}", "active", f"{code} {subject}", code, "scheduled", "y", subject]
            )
            files["enrollments.csv"].append(
                [f"a{c}s{s}", f"c{c}s{s}", teachers[(c * 7 + s) % 120], "teacher", "true"]
            )
    guardian = 0
    for n in range(students):
        c = n % len(classes)
        grade = classes[c][0]
        last, first, middle = person(rng)
        born = f"{2026 - 7 - grade}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        parents = []
        for _ in range(2 if n % 3 else 1):  # 2,500 parents for 1,500 pupils
            parents.append(f"g{guardian}")
            plast, pfirst, pmiddle = person(rng)
            files["users.csv"].append(
                [
                    f"g{guardian}",
                    "active",
                    "",
                    pfirst,
                    plast,
                    pmiddle,
                    f"+7916{guardian:07d}",
                    f"s{n}",
                ]
            )
            files["roles.csv"].append([f"g{guardian}", "parent"])
            guardian += 1
        files["users.csv"].append(
            [f"s{n}", "active", f"{{SNILS:{snils(300_000_000 + n)}}}", first, last, middle, "", ""]
        )
        files["roles.csv"].append([f"s{n}", "student"])
        files["demographics.csv"].append([f"s{n}", born])
        files["enrollments.csv"].append([f"e{n}", f"c{c}", f"s{n}", "student", "false"])
    return files


def as_zip(files: dict[str, list[list[str]]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in files.items():
            text = io.StringIO()
            csv.writer(text, lineterminator="\r\n").writerows(rows)
            archive.writestr(name, text.getvalue())
    return buffer.getvalue()


def as_xlsx(files: dict[str, list[list[str]]]) -> bytes:
    """The same school in the template's sheets (write-only workbook)."""
    users = {r[0]: r for r in files["users.csv"][1:]}
    born = dict(files["demographics.csv"][1:])
    homeroom = {r[0]: r[2] for r in files["classes.csv"][1:] if r[4] == "homeroom"}
    sections = {r[0]: (r[3], r[6]) for r in files["classes.csv"][1:] if r[4] == "scheduled"}
    book = Workbook(write_only=True)
    sheets = {
        name: book.create_sheet(name)
        for name in ("Классы", "Учителя", "Ученики", "Родители", "Нагрузка")
    }
    sheets["Классы"].append(["Класс", "Учебный год", "Классный руководитель (код учителя)"])
    sheets["Учителя"].append(["Код", "Фамилия", "Имя", "Отчество", "Телефон"])
    sheets["Ученики"].append(
        ["Код", "Фамилия", "Имя", "Отчество", "Дата рождения", "Класс", "СНИЛС"]
    )
    sheets["Родители"].append(
        ["Код", "Фамилия", "Имя", "Отчество", "Телефон", "Дети (коды учеников)"]
    )
    sheets["Нагрузка"].append(["Учитель (код)", "Класс", "Предмет", "Часов в неделю"])
    class_of = {}
    for e in files["enrollments.csv"][1:]:
        if e[3] == "student":
            class_of[e[2]] = homeroom[e[1]]
        elif e[1] in sections:
            sheets["Нагрузка"].append([e[2], sections[e[1]][0], sections[e[1]][1], 3])
        else:
            sheets["Классы"].append([homeroom[e[1]], "2026/2027", e[2]])
    for role in files["roles.csv"][1:]:
        u = users[role[0]]
        if role[1] == "teacher":
            sheets["Учителя"].append([u[0], u[4], u[3], u[5], u[6]])
        elif role[1] == "student":
            sheets["Ученики"].append(
                [u[0], u[4], u[3], u[5], born[u[0]], class_of[u[0]], u[2][7:-1]]
            )
        else:
            sheets["Родители"].append([u[0], u[4], u[3], u[5], u[6], u[7]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def recreate(name: str) -> str:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def new_school(url: str) -> str:
    school = uuid.uuid4()
    n = random.randint(10_000_000, 99_999_999)
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        conn.execute(
            "INSERT INTO schools (id, full_name, short_name, inn, ogrn, kpp, region_code,"
            " region_name, address, kind, status, connected, timezone, search_text)"
            " VALUES (%s, 'Школа', 'Школа', %s, %s, '770101001', '77', 'Москва', 'Москва',"
            " 'school', 'active', true, 'Europe/Moscow', ' школа ')",
            (school, f"77{n}", f"10277{n}"),
        )
    return str(school)


async def run_one(url: str, school: str, path: str) -> dict[str, object]:
    """What the worker does for one import (apply mode), in this process."""
    from api.config import Settings
    from api.onboarding import service
    from api.onboarding.models import ImportMode, RosterImport

    settings = Settings(env="test", database_url=url, log_json=False)
    engine = create_engine(url, settings)
    sessionmaker = create_sessionmaker(engine)
    content = await asyncio.to_thread(Path(path).read_bytes)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    async with sessionmaker() as session:
        row = RosterImport(
            id=uuid.uuid4(), school_id=uuid.UUID(school), format="xlsx" if path.endswith(".xlsx") else "oneroster_csv",  # noqa: E501
            mode=ImportMode.apply.value, status="queued", progress=0, summary={}, error_count=0,
            content=content, size=len(content),
        )  # fmt: skip
        session.add(row)
        await session.commit()
        started = time.perf_counter()
        done = await service.run(session, row.id)
        await session.commit()
        seconds = time.perf_counter() - started
    await engine.dispose()
    return {
        "seconds": round(seconds, 2),
        "rss_before_mb": round(rss_before / 1024),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "status": done.status,
        "errors": done.error_count,
        "summary": {k: v for k, v in done.summary.items() if any(v.values())},
    }


def measure(url: str, school: str, path: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.onboarding", "--run-one", str(path), "--school", school, "--database-url", url],  # noqa: E501
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description="School onboarding benchmark")
    parser.add_argument("--students", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--database-url")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--run-one", help=argparse.SUPPRESS)
    parser.add_argument("--school", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_one:
        print(json.dumps(asyncio.run(run_one(args.database_url, args.school, args.run_one))))
        return
    files = roster(args.students, args.seed)
    out = Path("var/bench-onboarding")
    out.mkdir(parents=True, exist_ok=True)
    (out / "school.zip").write_bytes(as_zip(files))
    (out / "school.xlsx").write_bytes(as_xlsx(files))
    for kind in ("zip", "xlsx"):
        # Each format into its own scratch database: the same people, so their phones
        # would otherwise already belong to the first school's staff.
        url = args.database_url or recreate(DEFAULT_DB)
        migrate.upgrade(url)
        path = out / f"school.{kind}"
        school = new_school(url)
        first = measure(url, school, path)
        again = measure(url, school, path)
        print(f"{kind}: {path.stat().st_size // 1024} KB")
        print(f"  first import: {json.dumps(first, ensure_ascii=False)}")
        print(f"  re-import:    {json.dumps(again, ensure_ascii=False)}")
    if not args.database_url and not args.keep:
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DEFAULT_DB}" WITH (FORCE)')


if __name__ == "__main__":
    main()
