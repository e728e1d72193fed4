"""The demo school's weekly timetable: no teacher (and so no classroom) in two places at once.

Each class gets its curriculum over a five-day week, lessons from the first bell on without
gaps, a subject at most once a day; each teacher teaches in their own classroom, so a
timetable without teacher clashes has no classroom clashes either.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.demo.school import Course
from api.diary.structure.models import Subject, Term, TimetableSlot
from api.identity.models import Account
from api.schools.models import School, SchoolClass

WEEKDAYS = 5


@dataclass(frozen=True, slots=True)
class Placement:
    weekday: int  # ISO: 1 = Monday
    number: int  # the bell
    course: Course


class NoTimetable(RuntimeError):
    """The curricula do not fit a clash-free week."""


def day_lengths(lessons: int) -> list[int]:
    """Lessons on Monday..Friday: as even as possible, the longer days first."""
    base, extra = divmod(lessons, WEEKDAYS)
    return [base + (1 if day < extra else 0) for day in range(WEEKDAYS)]


def weekly_plan(
    curricula: Mapping[str, Sequence[Course]], seed: int = 2107
) -> dict[str, list[Placement]]:
    """Place every class's courses in a week so that no teacher has two lessons at once.

    Backtracking over (day, bell, class) cells in a shuffled order of courses; a branch
    ends once a course has more lessons left than days. Deterministic for a seed.
    """
    rng = random.Random(seed)  # noqa: S311 - a varied but reproducible week
    names = list(curricula)
    lengths = {name: day_lengths(sum(c.per_week for c in curricula[name])) for name in names}
    cells = [
        (day, number, name)
        for day in range(WEEKDAYS)
        for number in range(max(max(days) for days in lengths.values()))
        for name in names
        if number < lengths[name][day]
    ]
    left = {name: {c: c.per_week for c in curricula[name]} for name in names}
    load: dict[str, int] = {}
    for courses in curricula.values():
        for course in courses:
            load[course.teacher] = load.get(course.teacher, 0) + course.per_week
    busy: set[tuple[int, int, str]] = set()
    today: dict[str, set[Course]] = {name: set() for name in names}
    plan: dict[str, list[Placement]] = {name: [] for name in names}
    budget = [200_000]

    def candidates(day: int, number: int, name: str) -> list[Course]:
        free = [
            c
            for c, n in left[name].items()
            if n and c not in today[name] and (day, number, c.teacher) not in busy
        ]
        rng.shuffle(free)
        return free

    def feasible(day: int, name: str, cells_left_today: int) -> bool:
        days_after = WEEKDAYS - day - 1
        due_today = 0
        for course, n in left[name].items():
            if n > days_after + (course not in today[name]):
                return False
            if n > days_after:
                due_today += 1
        return due_today <= cells_left_today

    def place(index: int) -> bool:
        if index == len(cells):
            return True
        budget[0] -= 1
        if budget[0] < 0:
            raise NoTimetable("the demo curricula do not fit a clash-free week")
        day, number, name = cells[index]
        if number == 0:
            today[name] = set()
        for course in candidates(day, number, name):
            left[name][course] -= 1
            load[course.teacher] -= 1
            today[name].add(course)
            busy.add((day, number, course.teacher))
            plan[name].append(Placement(day + 1, number + 1, course))
            if feasible(day, name, lengths[name][day] - number - 1) and place(index + 1):
                return True
            plan[name].pop()
            busy.discard((day, number, course.teacher))
            today[name].discard(course)
            load[course.teacher] += 1
            left[name][course] += 1
        return False

    if not place(0):
        raise NoTimetable("the demo curricula do not fit a clash-free week")
    return plan


async def ensure_slots(
    session: AsyncSession,
    school: School,
    terms: Sequence[Term],
    classes: Mapping[str, SchoolClass],
    plan: Mapping[str, Sequence[Placement]],
    subjects: Mapping[str, Subject],
    people: Mapping[str, Account],
    rooms: Mapping[str, str | None],
) -> None:
    """Every term's weekly template for every class, for a class and term without one."""
    for term in terms:
        for name, school_class in classes.items():
            has_slots = await session.scalar(
                select(TimetableSlot.id)
                .where(TimetableSlot.term_id == term.id, TimetableSlot.class_id == school_class.id)
                .limit(1)
            )
            if has_slots is not None:
                continue
            session.add_all(
                TimetableSlot(
                    id=uuid.uuid4(),
                    school_id=school.id,
                    term_id=term.id,
                    class_id=school_class.id,
                    weekday=p.weekday,
                    number=p.number,
                    subject_id=subjects[p.course.subject].id,
                    teacher_id=people[p.course.teacher].id,
                    room=rooms.get(p.course.teacher),
                )
                for p in plan[name]
            )
    await session.flush()
