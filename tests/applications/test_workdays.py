"""The Russian working-day calendar: the decrees of 2025 and 2026, the Labour Code for 2027,
deadlines across New Year and the May holidays in the school's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from api.workdays import add_working_days, is_working_day, working_deadline


def _working_days(year: int) -> int:
    day, count = date(year, 1, 1), 0
    while day.year == year:
        count += is_working_day(day)
        day += timedelta(days=1)
    return count


@pytest.mark.parametrize(("year", "expected"), [(2025, 247), (2026, 247)])
def test_the_production_calendars_have_their_official_number_of_working_days(
    year: int, expected: int
) -> None:
    assert _working_days(year) == expected


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 1, 8), False),  # New Year holidays
        (date(2025, 1, 9), True),
        (date(2025, 2, 24), True),  # the decree moved 23 February to 8 May instead
        (date(2025, 3, 10), True),  # and 8 March to 13 June
        (date(2025, 5, 2), False),
        (date(2025, 5, 8), False),
        (date(2025, 6, 13), False),
        (date(2025, 11, 1), True),  # the working Saturday
        (date(2025, 11, 3), False),
        (date(2025, 12, 31), False),
        (date(2026, 1, 9), False),  # Sat 3 January moved here
        (date(2026, 1, 12), True),
        (date(2026, 2, 23), False),
        (date(2026, 3, 9), False),  # Sun 8 March → Mon 9 March (ТК ст. 112)
        (date(2026, 5, 11), False),  # Sat 9 May → Mon 11 May
        (date(2026, 6, 12), False),
        (date(2026, 11, 4), False),
        (date(2026, 11, 5), True),
        (date(2026, 12, 31), False),  # Sun 4 January moved here
        (date(2027, 1, 8), False),
        (date(2027, 1, 11), True),
        (date(2027, 2, 23), False),
        (date(2027, 3, 8), False),
        (date(2027, 5, 3), False),  # Sat 1 May → Mon 3 May
        (date(2027, 5, 10), False),  # Sun 9 May → Mon 10 May
        (date(2027, 6, 14), False),  # Sat 12 June → Mon 14 June
        (date(2027, 11, 4), False),
    ],
)
def test_holidays_and_transfers(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_five_working_days_across_new_year() -> None:
    # Fri 26 Dec 2025: Mon 29, Tue 30, then 31 Dec – 11 Jan off, Mon 12, Tue 13, Wed 14.
    assert add_working_days(date(2025, 12, 26), 5) == date(2026, 1, 14)
    # Tue 29 Dec 2026: Wed 30, then 31 Dec – 10 Jan 2027 off (2027: the Labour Code only).
    assert add_working_days(date(2026, 12, 29), 5) == date(2027, 1, 14)


def test_working_days_across_the_may_holidays() -> None:
    assert add_working_days(date(2025, 4, 30), 5) == date(2025, 5, 13)
    assert add_working_days(date(2026, 4, 30), 3) == date(2026, 5, 6)
    assert add_working_days(date(2026, 5, 8), 1) == date(2026, 5, 12)
    assert add_working_days(date(2026, 5, 7), 10) == date(2026, 5, 22)


def test_the_day_of_the_event_never_counts_and_n_must_be_positive() -> None:
    assert add_working_days(date(2026, 11, 30), 1) == date(2026, 12, 1)
    with pytest.raises(ValueError, match="at least 1"):
        add_working_days(date(2026, 11, 30), 0)


def test_deadlines_are_counted_in_the_schools_time_zone() -> None:
    # 26 November 2026, 20:30 UTC: still Thursday in Moscow, already Friday in Vladivostok.
    moment = datetime(2026, 11, 26, 20, 30, tzinfo=UTC)
    moscow = working_deadline(moment, 1, "Europe/Moscow")
    vladivostok = working_deadline(moment, 1, "Asia/Vladivostok")
    assert moscow.isoformat() == "2026-11-27T23:59:59+03:00"
    assert vladivostok.isoformat() == "2026-11-30T23:59:59+10:00"
    friday_noon = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # 19:00 in Vladivostok, Friday
    assert working_deadline(friday_noon, 5, "Asia/Vladivostok").date() == date(2026, 12, 4)
    assert working_deadline(friday_noon, 1, "Europe/Kaliningrad").date() == date(2026, 11, 30)
