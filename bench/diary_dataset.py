"""Diary benchmark dataset: 50 schools × 30 classes × 25 students and a term of lessons.

Loads, with COPY, into a database of its own (default ``edudiary_bench`` on the local
PostgreSQL, recreated and migrated with ``alembic upgrade heads``):

* 50 schools in five time zones, 30 classes each, 25 students per class (37 500),
  a guardian account per student, 10 subjects and 10 teachers per school;
* an 8-week term around today with a 6-lessons-a-day timetable (≈ 360 000 lessons);
* for every lesson held before today: about four grades, one homework, one attendance
  mark (≈ 1.4 M grades).

Run: ``.venv/bin/python bench/diary_dataset.py [--schools 50] [--database-url URL]``.
``bench/diary_load.py`` uses the result. Nothing here is run by CI.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.diary.lessons.generation import lesson_instants

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/edudiary_bench"
ZONES = [
    "Europe/Moscow",
    "Asia/Yekaterinburg",
    "Asia/Novosibirsk",
    "Asia/Vladivostok",
    "Europe/Kaliningrad",
]
SUBJECTS = [
    "Русский язык",
    "Литература",
    "Алгебра",
    "Геометрия",
    "Физика",
    "История",
    "Английский язык",
    "Биология",
    "Информатика",
    "Химия",
]
WORK_TYPES = [
    ("answer", "Ответ на уроке", 1.0, True),
    ("test", "Контрольная работа", 2.0, False),
    ("independent", "Самостоятельная работа", 1.5, False),
]
BELLS = ["08:30", "09:25", "10:20", "11:20", "12:15", "13:10"]
CLASSES = [(grade, letter) for grade in range(1, 11) for letter in "АБВ"]
STUDENTS = 25
WEEKS = 8


def admin_url(url: str) -> str:
    return url.rsplit("/", 1)[0] + "/postgres"


def recreate(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(admin_url(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "alembic"),
            "-c",
            str(ROOT / "alembic.ini"),
            "upgrade",
            "heads",
        ],
        check=True,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )


class Loader:
    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn
        self.counts: dict[str, int] = {}

    def copy(self, table: str, columns: list[str], rows: Iterator[tuple[Any, ...]]) -> None:
        started = time.perf_counter()
        count = 0
        with (
            self.conn.cursor() as cur,
            cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
                count += 1
        self.counts[table] = self.counts.get(table, 0) + count
        print(f"  {table}: {count:,} rows in {time.perf_counter() - started:.1f} s", flush=True)


def term_start(today: date) -> date:
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(weeks=WEEKS // 2)


def generate(url: str, schools: int, seed: int) -> None:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    today = now.date()
    start = term_start(today)
    days = [
        start + timedelta(days=n)
        for n in range(WEEKS * 7)
        if (start + timedelta(days=n)).isoweekday() <= 5
    ]
    with psycopg.connect(url) as conn:
        load = Loader(conn)
        school_rows = []
        for n in range(schools):
            inn = f"77{n + 10:06d}99"
            school_rows.append(
                (
                    uuid.uuid4(),
                    f"Школа бенчмарка № {n + 1}",
                    f"Школа № {n + 1} (бенч)",
                    inn,
                    f"1027700{n + 10:06d}",
                    "770101001",
                    "77",
                    "Москва",
                    "Москва",
                    "school",
                    "active",
                    True,
                    ZONES[n % len(ZONES)],
                    f"школа {n + 1}",
                )
            )
        load.copy(
            "schools",
            [
                "id",
                "full_name",
                "short_name",
                "inn",
                "ogrn",
                "kpp",
                "region_code",
                "region_name",
                "address",
                "kind",
                "status",
                "connected",
                "timezone",
                "search_text",
            ],
            iter(school_rows),
        )
        classes: list[tuple[uuid.UUID, uuid.UUID, str]] = []  # (class, school, zone)
        class_rows = []
        for school in school_rows:
            for grade, letter in CLASSES:
                class_id = uuid.uuid4()
                classes.append((class_id, school[0], school[12]))
                class_rows.append(
                    (
                        class_id,
                        school[0],
                        today.year if today.month >= 9 else today.year - 1,
                        grade,
                        letter,
                    )
                )
        load.copy(
            "school_classes",
            ["id", "school_id", "academic_year", "grade", "letter"],
            iter(class_rows),
        )
        subjects: dict[uuid.UUID, list[uuid.UUID]] = {}
        teachers: dict[uuid.UUID, list[uuid.UUID]] = {}
        work_types: dict[uuid.UUID, list[uuid.UUID]] = {}
        subject_rows: list[tuple[Any, ...]] = []
        work_type_rows: list[tuple[Any, ...]] = []
        account_rows: list[tuple[Any, ...]] = []
        phone = iter(range(10**9))
        for school in school_rows:
            subjects[school[0]] = [uuid.uuid4() for _ in SUBJECTS]
            subject_rows += [
                (s, school[0], name, "graded")
                for s, name in zip(subjects[school[0]], SUBJECTS, strict=True)
            ]
            teachers[school[0]] = [uuid.uuid4() for _ in SUBJECTS]
            account_rows += [
                (
                    t,
                    "Учитель",
                    f"Предмет{i}",
                    None,
                    f"+7901{next(phone):07d}",
                    now,
                    "!",
                    "confirmed",
                    "active",
                    "{teacher}",
                    school[0],
                )
                for i, t in enumerate(teachers[school[0]])
            ]
            work_types[school[0]] = [uuid.uuid4() for _ in WORK_TYPES]
            work_type_rows += [
                (w, school[0], code, name, weight, default)
                for w, (code, name, weight, default) in zip(
                    work_types[school[0]], WORK_TYPES, strict=True
                )
            ]
        load.copy("subjects", ["id", "school_id", "name", "assessment"], iter(subject_rows))
        load.copy(
            "work_types",
            ["id", "school_id", "code", "name", "weight", "is_default"],
            iter(work_type_rows),
        )
        students: dict[uuid.UUID, list[uuid.UUID]] = {}
        student_rows, guardian_rows = [], []
        for class_id, school_id, _ in classes:
            students[class_id] = [uuid.uuid4() for _ in range(STUDENTS)]
            for s in students[class_id]:
                parent = uuid.uuid4()
                account_rows.append(
                    (
                        parent,
                        "Родитель",
                        "Бенч",
                        None,
                        f"+7902{next(phone):07d}",
                        now,
                        "!",
                        "confirmed",
                        "active",
                        "{parent}",
                        None,
                    )
                )
                student_rows.append(
                    (
                        s,
                        school_id,
                        class_id,
                        "Ученик",
                        rng.choice(["Иван", "Мария", "Пётр"]),
                        date(2012, 1, 1),
                    )
                )
                guardian_rows.append((uuid.uuid4(), parent, s))
        load.copy(
            "accounts",
            [
                "id",
                "last_name",
                "first_name",
                "middle_name",
                "phone",
                "phone_confirmed_at",
                "password_hash",
                "level",
                "status",
                "roles",
                "school_id",
            ],
            iter(account_rows),
        )
        load.copy(
            "students",
            ["id", "school_id", "class_id", "last_name", "first_name", "birth_date"],
            iter(student_rows),
        )
        load.copy("guardianships", ["id", "account_id", "student_id"], iter(guardian_rows))
        assignment_rows = [
            (uuid.uuid4(), school_id, teachers[school_id][i], class_id, subjects[school_id][i])
            for class_id, school_id, _ in classes
            for i in range(len(SUBJECTS))
        ]
        load.copy(
            "teaching_assignments",
            ["id", "school_id", "teacher_id", "class_id", "subject_id"],
            iter(assignment_rows),
        )
        year_rows, term_rows, terms = [], [], {}
        for school in school_rows:
            year_id, term_id = uuid.uuid4(), uuid.uuid4()
            year = class_rows[0][2]
            year_rows.append(
                (year_id, school[0], year, date(year, 9, 1), date(year + 1, 5, 31), "quarter")
            )
            term_rows.append(
                (
                    term_id,
                    school[0],
                    year_id,
                    "quarter",
                    2,
                    start,
                    start + timedelta(weeks=WEEKS) - timedelta(days=1),
                )
            )
            terms[school[0]] = term_id
        load.copy(
            "academic_years",
            ["id", "school_id", "year", "starts_on", "ends_on", "term_kind"],
            iter(year_rows),
        )
        load.copy(
            "terms",
            ["id", "school_id", "academic_year_id", "kind", "number", "starts_on", "ends_on"],
            iter(term_rows),
        )
        bells = [datetime.strptime(b, "%H:%M").time() for b in BELLS]

        grades: list[tuple[Any, ...]] = []
        homework: list[tuple[Any, ...]] = []
        marks: list[tuple[Any, ...]] = []

        def lessons() -> Iterator[tuple[Any, ...]]:
            for class_id, school_id, zone_name in classes:
                zone = ZoneInfo(zone_name)
                roster = students[class_id]
                for day in days:
                    for number, bell in enumerate(bells, start=1):
                        index = (day.isoweekday() * 7 + number) % len(SUBJECTS)
                        subject, teacher = subjects[school_id][index], teachers[school_id][index]
                        starts, ends = lesson_instants(
                            day,
                            bell,
                            (datetime.combine(day, bell) + timedelta(minutes=45)).time(),
                            zone,
                        )
                        lesson_id = uuid.uuid4()
                        if day < today:
                            for student in rng.sample(roster, 4):
                                grades.append(
                                    (
                                        uuid.uuid4(),
                                        lesson_id,
                                        student,
                                        subject,
                                        day,
                                        rng.choice(work_types[school_id]),
                                        rng.choice((5, 5, 4, 4, 4, 3, 2)),
                                        teacher,
                                    )
                                )
                            marks.append(
                                (
                                    uuid.uuid4(),
                                    lesson_id,
                                    rng.choice(roster),
                                    day,
                                    rng.choice(("absent", "late", "excused")),
                                    teacher,
                                )
                            )
                            homework.append(
                                (
                                    uuid.uuid4(),
                                    lesson_id,
                                    school_id,
                                    class_id,
                                    subject,
                                    teacher,
                                    f"§ {rng.randint(1, 40)}, № {rng.randint(1, 500)}",
                                    day + timedelta(days=2),
                                )
                            )
                        yield (
                            lesson_id,
                            school_id,
                            class_id,
                            subject,
                            terms[school_id],
                            teacher,
                            day,
                            number,
                            starts,
                            ends,
                            str(200 + number),
                            "scheduled",
                            0,
                        )

        load.copy(
            "lessons",
            [
                "id",
                "school_id",
                "class_id",
                "subject_id",
                "term_id",
                "teacher_id",
                "date",
                "number",
                "starts_at",
                "ends_at",
                "room",
                "status",
                "sequence",
            ],
            lessons(),
        )
        load.copy(
            "grades",
            [
                "id",
                "lesson_id",
                "student_id",
                "subject_id",
                "date",
                "work_type_id",
                "score",
                "teacher_id",
            ],
            iter(grades),
        )
        load.copy(
            "attendance_marks",
            ["id", "lesson_id", "student_id", "date", "status", "marked_by"],
            iter(marks),
        )
        load.copy(
            "homework",
            [
                "id",
                "lesson_id",
                "school_id",
                "class_id",
                "subject_id",
                "teacher_id",
                "text",
                "due_date",
            ],
            iter(homework),
        )
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--schools", type=int, default=50)
    parser.add_argument("--seed", type=int, default=48)
    args = parser.parse_args()
    started = time.perf_counter()
    print(f"Recreating and migrating {args.database_url}", flush=True)
    recreate(args.database_url)
    generate(args.database_url, args.schools, args.seed)
    print(f"Done in {time.perf_counter() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
