"""Each report as a ``Document``: what the report services return, laid out as tables.
Nothing is computed here that the report did not compute — the file shows the report."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from api.applications.notices import ru_date
from api.reports.files.document import Cell, Column, Document, Sheet, Soft
from api.reports.schemas import (
    ClassAnalytics,
    ClassAttendance,
    ClassSummary,
    ReportAttendance,
    SchoolAnalytics,
    StudentReport,
    SubjectIndicators,
)

MONTHS = (
    "Январь", "Февраль", "Март", "Апрель", "Май", "Июнь",
    "Июль", "Август", "Сентябрь", "Октябрь", "Ноябрь", "Декабрь",
)  # fmt: skip
PASS_FAIL = {"pass": "зачёт", "fail": "незачёт"}


def grade_cell(value: int | str | None) -> int | str | None:
    """A grade as the file shows it: 1–5 as a number, «зачёт»/«незачёт» as words."""
    if value is None:
        return None
    if isinstance(value, int):
        return value
    if value.isdigit():
        return int(value)
    return PASS_FAIL.get(value, value)


def made_on(moment: datetime, zone: str) -> str:
    return f"Сформирован {ru_date(moment.astimezone(ZoneInfo(zone)).date())}"


def month_title(month: str) -> str:
    year, number = month.split("-")
    return f"{MONTHS[int(number) - 1]} {year}"


ATTENDANCE_COLUMNS = [
    Column("Уроков проведено", "int"),
    Column("Пропуски без уважительной причины", "int", 1.3),
    Column("Пропуски по уважительной причине", "int", 1.3),
    Column("Опоздания", "int"),
    Column("Посещаемость, %", "percent", 1.3),
]


def _attendance_sheet(attendance: ReportAttendance) -> Sheet:
    rows: list[list[Cell]] = [
        [
            month_title(m.month),
            m.lessons_held,
            m.absent,
            m.absent_excused,
            m.late,
            m.attendance_rate,
        ]
        for m in attendance.months
    ]
    rows.append(
        [
            "За период",
            attendance.lessons_held,
            attendance.absent,
            attendance.absent_excused,
            attendance.late,
            attendance.attendance_rate,
        ]
    )
    return Sheet("Посещаемость", [Column("Месяц", width=1.2), *ATTENDANCE_COLUMNS], rows)


def _student_lines(report: StudentReport, zone: str) -> list[str]:
    s = report.student
    return [
        f"{s.name}, {s.class_name} класс, {s.school_name}",
        f"Период: {report.period.title}",
        made_on(report.generated_at, zone),
    ]


def student_report(report: StudentReport, zone: str) -> Document:
    summary = Sheet(
        "Итоги",
        [
            Column("Предмет", width=2.2),
            Column("Средний балл", "number"),
            Column("Итоговая оценка", "int"),
            Column("Оценок", "int", 0.8),
            Column("Просрочено домашних заданий", "int", 1.4),
        ],
        [
            [s.name, s.average, grade_cell(s.term_grade), len(s.grades), s.overdue_homework]
            for s in report.subjects
        ],
    )
    grades = Sheet(
        "Оценки",
        [
            Column("Предмет", width=2.0),
            Column("Дата", "date"),
            Column("Вид работы", width=2.0),
            Column("Оценка", "int", 0.8),
            Column("Вес", "number", 0.6, digits=1),
        ],
        [
            [s.name, g.date, g.work_type, grade_cell(g.value), g.weight]
            for s in report.subjects
            for g in s.grades
        ],
    )
    return Document(
        title="Отчёт об успеваемости",
        lines=_student_lines(report, zone),
        sheets=[summary, grades, _attendance_sheet(report.attendance)],
        file_stem=f"Отчёт об успеваемости — {report.student.name} — {report.period.title}",
        csv_sheet=1,
        notes=[g.text for g in report.gaps],
    )


def student_attendance(report: StudentReport, zone: str) -> Document:
    return Document(
        title="Посещаемость",
        lines=_student_lines(report, zone),
        sheets=[_attendance_sheet(report.attendance)],
        file_stem=f"Посещаемость — {report.student.name} — {report.period.title}",
    )


def class_attendance(
    report: ClassAttendance, school_name: str, now: datetime, zone: str
) -> Document:
    rows: list[list[Cell]] = [
        [i, s.name, s.lessons_held, s.absent, s.absent_excused, s.late, s.attendance_rate]
        for i, s in enumerate(report.students, start=1)
    ]
    if report.total is not None:
        t = report.total
        rows.append(
            [None, t.name, t.lessons_held, t.absent, t.absent_excused, t.late, t.attendance_rate]
        )
    sheet = Sheet(
        "Посещаемость",
        [Column("№", "int", 0.4), Column("Ученик", width=2.4), *ATTENDANCE_COLUMNS],
        rows,
    )
    return Document(
        title="Посещаемость класса",
        lines=[
            f"{report.class_name} класс, {school_name}",
            f"Период: {report.title}",
            made_on(now, zone),
        ],
        sheets=[sheet],
        file_stem=f"Посещаемость — {report.class_name} — {report.title}",
    )


def class_summary(report: ClassSummary, school_name: str, now: datetime, zone: str) -> Document:
    """Students × subjects; a result before the term grade is set is provisional."""
    rows: list[list[Cell]] = []
    provisional = False
    for i, student in enumerate(report.students, start=1):
        cells: list[Cell] = [i, student.name]
        for cell in student.cells:
            value = grade_cell(cell.result)
            if value is not None and not cell.final:
                provisional = True
                cells.append(Soft(value))
            else:
                cells.append(value)
        rows.append(cells)
    notes = []
    if provisional:
        notes.append(
            "Курсивом (в PDF — со звёздочкой) — предварительная оценка по текущему среднему "
            "баллу: итоговая за период ещё не выставлена."
        )
    if not report.students:
        notes.append("В классе нет учеников.")
    sheet = Sheet(
        "Сводная ведомость",
        [
            Column("№", "int", 0.4),
            Column("Ученик", width=2.6),
            *(Column(s.name, "int", 0.9) for s in report.subjects),
        ],
        rows,
        notes,
    )
    return Document(
        title="Сводная ведомость",
        lines=[
            f"{report.class_name} класс, {school_name}",
            f"Период: {report.term_title}",
            made_on(now, zone),
        ],
        sheets=[sheet],
        file_stem=f"Сводная ведомость — {report.class_name} — {report.term_title}",
    )


INDICATOR_COLUMNS = [
    Column("Оценено учеников", "int", 0.9),
    Column("Успеваемость, %", "percent", 1.3),
    Column("Качество знаний, %", "percent", 1.1),
    Column("СОУ, %", "percent", 0.8),
    Column("Средний балл", "number", 0.8, digits=1),
    *(Column(f"«{g}»", "int", 0.5) for g in (5, 4, 3, 2, 1)),
]


def _indicators(s: SubjectIndicators) -> list[Cell]:
    d = s.distribution
    graded = s.assessment == "graded"
    return [
        s.students_graded,
        s.success_rate,
        s.quality_rate,
        s.sou,
        s.average,
        *((d.five, d.four, d.three, d.two, d.one) if graded else (None,) * 5),
    ]


CREDIT_SUBJECTS_NOTE = (
    "Зачётные предметы: «зачтено» входит в успеваемость; в качество знаний, СОУ, "
    "средний балл и распределение оценок не входит."
)


def class_analytics(report: ClassAnalytics, school_name: str, now: datetime, zone: str) -> Document:
    sheet = Sheet(
        "Показатели",
        [Column("Предмет", width=1.8), Column("Учитель", width=1.8), *INDICATOR_COLUMNS],
        [[s.name, s.teacher_name, *_indicators(s)] for s in report.subjects],
        [CREDIT_SUBJECTS_NOTE],
    )
    rate = "—" if report.attendance_rate is None else f"{report.attendance_rate:.1f} %"
    return Document(
        title="Аналитика класса",
        lines=[
            f"{report.class_name} класс, {school_name}; учеников: {report.students_count}",
            f"Период: {report.term_title}; посещаемость: {rate.replace('.', ',')}",
            made_on(now, zone),
        ],
        sheets=[sheet],
        file_stem=f"Аналитика — {report.class_name} — {report.term_title}",
    )


def school_analytics(
    report: SchoolAnalytics, school_name: str, now: datetime, zone: str
) -> Document:
    rows: list[list[Cell]] = [
        [c.class_name, s.name, s.teacher_name, *_indicators(s)]
        for c in report.classes
        for s in c.subjects
    ]
    p = report.school
    d = p.distribution
    rows.append(
        [
            "Школа в целом",
            "Все предметы",
            None,
            p.students_graded,
            p.success_rate,
            p.quality_rate,
            p.sou,
            p.average,
            d.five,
            d.four,
            d.three,
            d.two,
            d.one,
        ]
    )
    sheet = Sheet(
        "Показатели",
        [
            Column("Класс", width=0.7),
            Column("Предмет", width=1.8),
            Column("Учитель", width=1.8),
            *INDICATOR_COLUMNS,
        ],
        rows,
        [CREDIT_SUBJECTS_NOTE],
    )
    by_class: list[list[Cell]] = [
        [c.class_name, c.students_count, c.attendance_rate] for c in report.classes
    ]
    by_class.append(["Школа в целом", p.students_count, p.attendance_rate])
    attendance = Sheet(
        "Посещаемость",
        [Column("Класс"), Column("Учеников", "int"), Column("Посещаемость, %", "percent", 1.3)],
        by_class,
    )
    return Document(
        title="Аналитика школы",
        lines=[
            f"{school_name}; учеников: {p.students_count}",
            f"Период: {report.term_title}",
            made_on(now, zone),
        ],
        sheets=[sheet, attendance],
        file_stem=f"Аналитика школы — {report.term_title}",
    )
