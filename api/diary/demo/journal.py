"""The demo term's journal: topics, and for the lessons already held grades, homework and
attendance that look like a real class's — topics in curriculum order, a test every few
weeks for the whole class, pupils with their own level, illnesses that last days."""

from __future__ import annotations

import random
import uuid
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.attendance.models import AttendanceMark, AttendanceStatus
from api.diary.grades import service as grades_service
from api.diary.grades.models import Grade
from api.diary.homework.models import Homework
from api.diary.lessons.models import Lesson
from api.diary.structure.models import Student, Subject, SubjectAssessment, Term
from api.schools.models import School, SchoolClass

TEST_EVERY = 8  # a subject's every eighth lesson is a test («контрольная») for the class
ILLNESS_PER_DAY = 0.012  # the chance that a pupil falls ill on a school day
TOPICS: dict[tuple[int, str], tuple[str, ...]] = {
    (5, "Математика"): ("Натуральные числа", "Сложение и вычитание натуральных чисел",
                        "Умножение и деление натуральных чисел", "Степень числа",
                        "Обыкновенные дроби", "Десятичные дроби"),
    (5, "Русский язык"): ("Фонетика", "Орфоэпия", "Морфемика", "Орфография",
                          "Имя существительное", "Имя прилагательное"),
    (5, "Литература"): ("Мифы Древней Греции", "Русские народные сказки", "Басни И. А. Крылова",
                        "А. С. Пушкин. «Сказка о мёртвой царевне»", "И. С. Тургенев. «Муму»"),
    (5, "История"): ("Первобытные люди", "Древний Египет", "Древняя Греция", "Древний Рим"),
    (5, "Английский язык"): ("Моя семья", "Моя школа", "Мой дом", "Времена года"),
    (5, "Биология"): ("Живые организмы", "Клетка", "Растения"),
    (5, "География"): ("План местности", "Географическая карта", "Земля во Вселенной"),
    (9, "Алгебра"): ("Квадратичная функция", "График функции y = ax²",
                     "Неравенства второй степени", "Метод интервалов",
                     "Системы уравнений второй степени", "Арифметическая прогрессия",
                     "Геометрическая прогрессия"),
    (9, "Геометрия"): ("Векторы", "Метод координат", "Теорема синусов", "Теорема косинусов",
                       "Длина окружности и площадь круга"),
    (9, "Русский язык"): ("Сложносочинённые предложения", "Сложноподчинённые предложения",
                          "Знаки препинания в сложноподчинённом предложении",
                          "Бессоюзные сложные предложения", "Прямая и косвенная речь"),
    (9, "Литература"): ("«Слово о полку Игореве»", "А. С. Грибоедов. «Горе от ума»",
                        "А. С. Пушкин. Лирика", "А. С. Пушкин. «Евгений Онегин»",
                        "М. Ю. Лермонтов. «Герой нашего времени»"),
    (9, "Физика"): ("Законы Ньютона", "Свободное падение", "Импульс тела",
                    "Закон сохранения импульса", "Механические колебания"),
    (9, "История"): ("Россия в начале XIX века", "Отечественная война 1812 года",
                     "Восстание декабристов", "Великие реформы 1860–1870-х годов"),
    (9, "Английский язык"): ("Путешествия", "Здоровый образ жизни", "Современные технологии",
                             "Окружающая среда"),
    (9, "Биология"): ("Клетка", "Ткани организма", "Нервная система", "Кровообращение"),
    (9, "Информатика"): ("Моделирование", "Алгоритмы и исполнители", "Программирование: циклы"),
}  # fmt: skip
TOPICS_PE = ("Лёгкая атлетика", "Баскетбол", "Гимнастика", "Волейбол")
MATHS = frozenset({"Математика", "Алгебра", "Геометрия"})
NO_HOMEWORK = frozenset(
    {"Физическая культура", "Музыка", "Изобразительное искусство", "Труд (технология)"}
)


def homework_text(subject: str, ordinal: int, rng: random.Random) -> str:
    """A task that moves on through the textbook as the term goes."""
    paragraph = 3 + ordinal // 2
    if subject in MATHS:
        first = 100 + ordinal * 6 + rng.randint(0, 3)
        return f"§ {paragraph}, № {first}, {first + 2}, {first + 5}"
    if subject == "Русский язык":
        return f"§ {paragraph}, упр. {40 + ordinal * 4 + rng.randint(0, 2)}"
    if subject == "Английский язык":
        return f"Рабочая тетрадь: с. {10 + ordinal * 2}, упр. {rng.randint(1, 6)}"
    if subject == "Литература":
        return f"Прочитать с. {20 + ordinal * 8}–{28 + ordinal * 8}, ответить на вопросы"
    return f"§ {paragraph}, ответить на вопросы после параграфа"


async def fill(
    session: AsyncSession,
    school: School,
    term: Term,
    today: date,
    classes: Mapping[str, SchoolClass],
    rosters: Mapping[str, Sequence[Student]],
    rng: random.Random,
) -> None:
    """Topics for the term's lessons; grades, homework and attendance for those held."""
    work_types = {w.code: w for w in await grades_service.ensure_work_types(session, school.id)}
    subjects = {
        s.id: s
        for s in await session.scalars(select(Subject).where(Subject.school_id == school.id))
    }
    grade_of = {c.id: c.grade for c in classes.values()}
    by_class = {classes[name].id: list(students) for name, students in rosters.items()}
    level = {s.id: rng.choice((3.3, 3.7, 4.0, 4.3, 4.6)) for r in by_class.values() for s in r}
    lessons = list(
        await session.scalars(
            select(Lesson)
            .where(Lesson.term_id == term.id, Lesson.class_id.in_(list(by_class)))
            .order_by(Lesson.starts_at)
        )
    )
    series: dict[tuple[uuid.UUID, uuid.UUID], list[Lesson]] = {}
    for lesson in lessons:
        series.setdefault((lesson.class_id, lesson.subject_id), []).append(lesson)
    ill = _illnesses(
        sorted({lesson.date for lesson in lessons if lesson.date < today}), by_class, rng
    )
    rows: dict[type, list[dict[str, Any]]] = {Grade: [], Homework: [], AttendanceMark: []}
    for (class_id, subject_id), run in series.items():
        subject = subjects[subject_id]
        topics = (
            TOPICS_PE
            if subject.assessment == SubjectAssessment.pass_fail
            else TOPICS.get((grade_of[class_id], subject.name), ())
        )
        for ordinal, lesson in enumerate(run):
            if topics:
                lesson.topic = topics[ordinal * len(topics) // len(run)]
            if lesson.date >= today:
                continue
            absent = dict.fromkeys(ill.get((class_id, lesson.date), ()), AttendanceStatus.excused)
            roster = by_class[class_id]
            if rng.random() < 0.04:
                absent.setdefault(rng.choice(roster).id, AttendanceStatus.absent)
            late = rng.choice(roster).id if rng.random() < 0.06 else None
            for student_id, status in absent.items():
                rows[AttendanceMark].append(
                    _mark(lesson, student_id, status, "Болезнь" if status == "excused" else None)
                )
            if late is not None and late not in absent:
                rows[AttendanceMark].append(
                    _mark(lesson, late, AttendanceStatus.late, None, rng.randint(3, 15))
                )
            present = [s for s in roster if s.id not in absent]
            if subject.assessment == SubjectAssessment.pass_fail:
                graded, work = rng.sample(present, k=min(len(present), 4)), "answer"
            elif ordinal % TEST_EVERY == TEST_EVERY - 1:
                graded, work = present, "test"
            else:
                graded, work = rng.sample(present, k=min(len(present), rng.randint(2, 5))), "answer"
            for student in graded:
                rows[Grade].append(
                    {
                        "id": uuid.uuid4(),
                        "lesson_id": lesson.id,
                        "student_id": student.id,
                        "subject_id": subject.id,
                        "date": lesson.date,
                        "work_type_id": work_types[work].id,
                        **_score(subject, level[student.id], rng),
                        "teacher_id": lesson.teacher_id,
                    }
                )
            if subject.name not in NO_HOMEWORK:
                following = run[ordinal + 1].date if ordinal + 1 < len(run) else None
                rows[Homework].append(
                    {
                        "id": uuid.uuid4(),
                        "lesson_id": lesson.id,
                        "school_id": school.id,
                        "class_id": class_id,
                        "subject_id": subject.id,
                        "teacher_id": lesson.teacher_id,
                        "text": homework_text(subject.name, ordinal, rng),
                        "due_date": following or lesson.date + timedelta(days=7),
                        "attachments": [],
                    }
                )
    for table, batch in rows.items():
        for start in range(0, len(batch), 2000):
            await session.execute(insert(table), batch[start : start + 2000])
    await session.flush()


def _illnesses(
    days: Sequence[date], by_class: Mapping[uuid.UUID, Sequence[Student]], rng: random.Random
) -> dict[tuple[uuid.UUID, date], set[uuid.UUID]]:
    """Who is off sick on which school day: an illness keeps a pupil home 2 to 5 days."""
    away: dict[tuple[uuid.UUID, date], set[uuid.UUID]] = {}
    for class_id, roster in by_class.items():
        sick_days: dict[uuid.UUID, int] = {}
        for day in days:
            for student in roster:
                if sick_days.get(student.id, 0) == 0 and rng.random() < ILLNESS_PER_DAY:
                    sick_days[student.id] = rng.randint(2, 5)
                if sick_days.get(student.id, 0) > 0:
                    away.setdefault((class_id, day), set()).add(student.id)
                    sick_days[student.id] -= 1
    return away


def _mark(
    lesson: Lesson,
    student_id: uuid.UUID,
    status: AttendanceStatus,
    reason: str | None,
    minutes_late: int | None = None,
) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "lesson_id": lesson.id,
        "student_id": student_id,
        "date": lesson.date,
        "status": status,
        "minutes_late": minutes_late,
        "reason": reason,
        "marked_by": lesson.teacher_id,
    }


def _score(subject: Subject, level: float, rng: random.Random) -> dict[str, Any]:
    if subject.assessment == SubjectAssessment.pass_fail:
        return {"score": None, "passed": rng.random() < 0.95}
    return {"score": max(2, min(5, round(rng.gauss(level, 0.7)))), "passed": None}
