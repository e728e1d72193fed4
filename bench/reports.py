"""Report files: how long rendering takes and how much memory it holds (issue 12).

Renders, from reports built in memory to the shapes the report services return:

* a 30-student class's «сводная ведомость» (15 subjects) as XLSX — goal ≤ 1 s;
* a student's year report (15 subjects, ~60 grades each, 9 months) as PDF — goal ≤ 2 s;
* a 1,500-student school's analytics (60 classes × 15 subjects) as XLSX, CSV and PDF,
  with the peak of Python memory while rendering (tracemalloc) — goal ≤ 200 MB.

Each is rendered ``--repeat`` times; the median is printed with its goal and the ratio.
What it leaves out: the report queries themselves (``bench/diary_load.py`` has the
endpoints' latencies on the bench dataset) and the job queue's pickup (≤ 1 s polling).

Run by hand (not in CI): ``.venv/bin/python bench/reports.py [--repeat 5]``.
Needs the PDF fonts (``make pdf-tools``).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import tracemalloc
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.config import Settings
from api.reports.files import documents
from api.reports.files.document import Document
from api.reports.files.render import render
from api.reports.schemas import (
    ClassAnalytics,
    ClassSummary,
    Distribution,
    MonthAttendance,
    ReportAttendance,
    ReportGrade,
    ReportPeriod,
    ReportStudent,
    SchoolAnalytics,
    SchoolIndicators,
    StudentReport,
    SubjectIndicators,
    SubjectReport,
    SummaryCell,
    SummaryStudent,
    SummarySubject,
)

SUBJECTS = [f"Предмет {n:02d}" for n in range(1, 16)]
NOW = datetime(2026, 12, 7, 9, tzinfo=UTC)
ZONE = "Europe/Moscow"
rng = random.Random(12)


def class_summary(students: int = 30) -> ClassSummary:
    subjects = [
        SummarySubject(subject_id=uuid.uuid4(), name=n, assessment="graded") for n in SUBJECTS
    ]
    return ClassSummary(
        class_id=uuid.uuid4(),
        class_name="9-Б",
        term_id=uuid.uuid4(),
        term_title="2-я четверть 2026/2027",
        subjects=subjects,
        students=[
            SummaryStudent(
                student_id=uuid.uuid4(),
                name=f"Ученикова Ученица {i:02d}",
                cells=[
                    SummaryCell(
                        subject_id=s.subject_id,
                        result=rng.choice([3, 4, 4, 5, 5]),
                        final=rng.random() < 0.7,
                        average=round(rng.uniform(2.5, 5), 2),
                    )
                    for s in subjects
                ],
            )
            for i in range(students)
        ],
    )


def year_report() -> StudentReport:
    start = date(2026, 9, 1)
    subjects = []
    for name in SUBJECTS:
        grades = [
            ReportGrade(
                value=rng.choice([3, 4, 5]),
                weight=rng.choice([1.0, 1.0, 2.0]),
                date=start + timedelta(days=rng.randrange(270)),
                work_type=rng.choice(["Ответ на уроке", "Контрольная работа"]),
            )
            for _ in range(60)
        ]
        grades.sort(key=lambda g: g.date)
        subjects.append(
            SubjectReport(
                subject_id=uuid.uuid4(),
                name=name,
                assessment="graded",
                grades=grades,
                average=4.12,
                term_grade="4",
                trend=[],
                overdue_homework=rng.randrange(3),
            )
        )
    months = [
        MonthAttendance(
            month=f"{(start + timedelta(days=31 * m)):%Y-%m}",
            lessons_held=120,
            absent=2,
            absent_excused=3,
            late=1,
            attendance_rate=95.8,
        )
        for m in range(9)
    ]
    return StudentReport(
        student=ReportStudent(
            id=uuid.uuid4(), name="Иванов Пётр", class_name="9-Б", school_name="Лицей № 1"
        ),
        period=ReportPeriod(
            from_date=start, to_date=date(2027, 5, 31), title="2026/2027 учебный год"
        ),
        subjects=subjects,
        attendance=ReportAttendance(
            lessons_held=1080,
            absent=18,
            absent_excused=27,
            late=9,
            attendance_rate=95.8,
            months=months,
        ),
        gaps=[],
        generated_at=NOW,
    )


def _indicators(name: str) -> SubjectIndicators:
    return SubjectIndicators(
        subject_id=uuid.uuid4(),
        name=name,
        assessment="graded",
        teacher_name="Соколова Анна Петровна",
        students_graded=25,
        success_rate=100.0,
        quality_rate=72.0,
        sou=66.4,
        average=4.1,
        distribution=Distribution.model_validate({"5": 8, "4": 10, "3": 7, "2": 0, "1": 0}),
    )


def school_analytics(classes: int = 60) -> SchoolAnalytics:
    term = uuid.uuid4()
    return SchoolAnalytics(
        classes=[
            ClassAnalytics(
                class_id=uuid.uuid4(),
                class_name=f"{5 + c // 10}-{'АБВГДЕЖЗИК'[c % 10]}",
                students_count=25,
                subjects=[_indicators(n) for n in SUBJECTS],
                attendance_rate=95.1,
                term_id=term,
                term_title="2-я четверть 2026/2027",
            )
            for c in range(classes)
        ],
        school=SchoolIndicators(
            students_count=classes * 25,
            students_graded=classes * 25,
            success_rate=99.1,
            quality_rate=71.3,
            sou=65.9,
            average=4.0,
            distribution=Distribution.model_validate({"5": 1, "4": 1, "3": 1, "2": 0, "1": 0}),
            attendance_rate=95.1,
        ),
        term_id=term,
        term_title="2-я четверть 2026/2027",
    )


def measure(
    label: str, make: Callable[[], Document], fmt: str, fonts: Path, repeat: int, goal: float
) -> None:
    times: list[float] = []
    size = 0
    for _ in range(repeat):
        started = time.perf_counter()
        _, data = render(make(), fmt, fonts=fonts)
        times.append(time.perf_counter() - started)
        size = len(data)
    # Memory in one more run of its own: tracing slows Python several times over.
    tracemalloc.start()
    render(make(), fmt, fonts=fonts)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    median = statistics.median(times)
    print(
        f"{label:<44} {fmt:<4} median {median * 1000:7.0f} ms  goal {goal * 1000:5.0f} ms  "
        f"ratio {median / goal:4.2f}  file {size / 1024:6.0f} KiB  "
        f"peak {peak / 2**20:5.1f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    fonts = Settings().pdf_font_dir
    summary, report, school = class_summary(), year_report(), school_analytics()
    measure(
        "class summary, 30 students × 15 subjects",
        lambda: documents.class_summary(summary, "Лицей № 1", NOW, ZONE),
        "xlsx",
        fonts,
        args.repeat,
        1.0,
    )
    measure(
        "student's year report, 15 × 60 grades",
        lambda: documents.student_report(report, ZONE),
        "pdf",
        fonts,
        args.repeat,
        2.0,
    )
    for fmt in ("xlsx", "csv", "pdf"):
        measure(
            "school analytics, 1,500 students (60 × 15)",
            lambda: documents.school_analytics(school, "Лицей № 1", NOW, ZONE),
            fmt,
            fonts,
            args.repeat,
            60.0,
        )


if __name__ == "__main__":
    main()
