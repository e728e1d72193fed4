"""The §1 formulas against hand-computed fixtures: halves round up, pass/fail subjects
count only towards success, nothing graded divides by nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from api.reports.indicators import Attendance, StudentResult, indicators, mean, percent, sou

D = Decimal


def results(*pairs: tuple[int | str | None, str | None]) -> list[StudentResult]:
    return [StudentResult(r, D(a) if a else None) for r, a in pairs]  # type: ignore[arg-type]


def test_class_of_three_hand_computed() -> None:
    # 5 (4.67), 4 (3.67), 3 (2.50): success 3/3, quality 2/3 = 66.666… → 66.7,
    # СОУ (100 + 64 + 36) / 3 = 66.666… → 66.7, average (4.67 + 3.67 + 2.50) / 3 = 3.613… → 3.6
    found = indicators(results((5, "4.67"), (4, "3.67"), (3, "2.50")), pass_fail=False)
    assert found.students_graded == 3
    assert (found.success_rate, found.quality_rate, found.sou, found.average) == (
        D("100.0"),
        D("66.7"),
        D("66.7"),
        D("3.6"),
    )
    assert found.distribution == {"5": 1, "4": 1, "3": 1, "2": 0, "1": 0}


def test_ungraded_students_are_left_out() -> None:
    # Four on the roster, one without grades: 5, 2, 2 over three graded.
    found = indicators(
        results((5, "5.00"), (2, "2.00"), (2, "2.40"), (None, None)), pass_fail=False
    )
    assert found.students_graded == 3
    assert found.success_rate == D("33.3")
    assert found.quality_rate == D("33.3")
    assert found.sou == D("44.0")  # (100 + 16 + 16) / 3
    assert found.average == D("3.1")  # 9.40 / 3 = 3.133…


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["4.25"], "4.3"),  # an exact half rounds up, not to even
        (["4.50", "4.00"], "4.3"),  # mean 4.25
        (["4.125"], "4.1"),
        (["4.15"], "4.2"),
        (["3.35", "3.35"], "3.4"),
    ],
)
def test_average_rounds_half_up_to_one_decimal(values: list[str], expected: str) -> None:
    assert mean([D(v) for v in values]) == D(expected)


def test_percent_and_sou_halves() -> None:
    assert percent(1, 16) == D("6.3")  # 6.25
    assert percent(1, 8) == D("12.5")
    assert percent(5, 8) == D("62.5")
    assert sou([5, 1, 1, 1]) == D("30.3")  # (100 + 3·7) / 4 = 30.25


def test_pass_fail_subject_counts_only_towards_success() -> None:
    found = indicators(
        results(("pass", None), ("pass", None), ("fail", None), (None, None)), pass_fail=True
    )
    assert found.students_graded == 3
    assert found.success_rate == D("66.7")
    assert (found.quality_rate, found.sou, found.average) == (None, None, None)
    assert found.distribution == {"5": 0, "4": 0, "3": 0, "2": 0, "1": 0}


def test_nothing_graded_divides_by_nothing() -> None:
    for pass_fail in (False, True):
        found = indicators([], pass_fail=pass_fail)
        assert found.students_graded == 0
        assert (found.success_rate, found.quality_rate, found.sou, found.average) == (
            None,
            None,
            None,
            None,
        )
    assert Attendance().rate is None
    assert sou([]) is None
    assert mean([]) is None


def test_attendance_counts_late_as_attended_and_absences_apart() -> None:
    # 30 lessons held: 1 unexcused, 2 excused, 1 late → 27 attended → 90.0
    found = Attendance(lessons_held=30, absent=1, absent_excused=2, late=1)
    assert found.attended == 27
    assert found.rate == D("90.0")
    assert Attendance(lessons_held=3, absent=1).rate == D("66.7")
