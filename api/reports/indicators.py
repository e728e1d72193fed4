"""The indicators Russian schools report (REPORTS.md §1), in one place.

Over the students of a class (or school) for one subject and period, by each student's
result — the term grade, or before the term is closed the current weighted average
rounded under the school's policy (``api.diary.grades.averages.final_grade``):

- ``success_rate`` (успеваемость, %) = students with 3, 4 or 5 / students graded × 100;
- ``quality_rate`` (качество знаний, %) = students with 4 or 5 / students graded × 100;
- ``sou`` (степень обученности, %) = (100·n5 + 64·n4 + 36·n3 + 16·n2 + 7·n1) / graded;
- ``average`` = mean of the students' weighted averages.

All rounded to one decimal, half up (``Decimal``, never binary floats, so 4.25 → 4.3).
Pass/fail subjects count «зачтено» as passing and are left out of quality, SOU, average
and the distribution. ``attendance_rate`` = lessons attended / lessons held × 100 (a late
arrival attended; excused and unexcused absences did not). Nothing graded or held → None.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

TENTH = Decimal("0.1")
HUNDRED = Decimal(100)
SOU_WEIGHTS = {5: 100, 4: 64, 3: 36, 2: 16, 1: 7}

# A student's result in one subject: a grade 1–5, «зачтено»/«не зачтено», or nothing yet.
Result = int | Literal["pass", "fail"] | None


def one_decimal(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def percent(part: int, whole: int) -> Decimal | None:
    """``part / whole × 100`` to one decimal, half up; None when ``whole`` is 0."""
    if whole == 0:
        return None
    return one_decimal(Decimal(part) * HUNDRED / Decimal(whole))


@dataclass(frozen=True, slots=True)
class StudentResult:
    """One student's standing in one subject: ``average`` is the weighted average (to
    hundredths, ``averages.weighted_average``), None for pass/fail subjects."""

    result: Result
    average: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Indicators:
    students_graded: int
    success_rate: Decimal | None
    quality_rate: Decimal | None
    sou: Decimal | None
    average: Decimal | None
    distribution: dict[str, int] = field(default_factory=dict)


def empty_distribution() -> dict[str, int]:
    return {str(n): 0 for n in (5, 4, 3, 2, 1)}


def indicators(results: Iterable[StudentResult], *, pass_fail: bool) -> Indicators:
    """The indicators of one subject over its students' results."""
    graded = [r for r in results if r.result is not None]
    distribution = empty_distribution()
    if pass_fail:
        passed = sum(1 for r in graded if r.result == "pass")
        return Indicators(len(graded), percent(passed, len(graded)), None, None, None, distribution)
    scores = [r.result for r in graded if isinstance(r.result, int)]
    for score in scores:
        distribution[str(score)] += 1
    return Indicators(
        students_graded=len(scores),
        success_rate=percent(sum(1 for s in scores if s >= 3), len(scores)),
        quality_rate=percent(sum(1 for s in scores if s >= 4), len(scores)),
        sou=sou(scores),
        average=mean([r.average for r in graded if r.average is not None]),
        distribution=distribution,
    )


def sou(scores: Sequence[int]) -> Decimal | None:
    """Степень обученности: (100·n5 + 64·n4 + 36·n3 + 16·n2 + 7·n1) / graded."""
    if not scores:
        return None
    return one_decimal(Decimal(sum(SOU_WEIGHTS[s] for s in scores)) / Decimal(len(scores)))


def mean(values: Sequence[Decimal]) -> Decimal | None:
    if not values:
        return None
    return one_decimal(sum(values, Decimal(0)) / Decimal(len(values)))


@dataclass(frozen=True, slots=True)
class Attendance:
    lessons_held: int = 0
    absent: int = 0
    absent_excused: int = 0
    late: int = 0

    def __add__(self, other: Attendance) -> Attendance:
        return Attendance(
            self.lessons_held + other.lessons_held,
            self.absent + other.absent,
            self.absent_excused + other.absent_excused,
            self.late + other.late,
        )

    @property
    def attended(self) -> int:
        return self.lessons_held - self.absent - self.absent_excused

    @property
    def rate(self) -> Decimal | None:
        """Lessons attended / lessons held × 100, one decimal, half up."""
        return percent(self.attended, self.lessons_held)
