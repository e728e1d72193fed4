"""The Russian working-day calendar (производственный календарь) and deadline arithmetic.

Deadlines of applications («3–5 рабочих дней», «до 10 рабочих дней») count working days:
Monday to Friday, minus the public holidays of the Labour Code (Трудовой кодекс, ст. 112)
and the Government's yearly decree that moves days off («О переносе выходных дней»).

Rules, as the law states them:

* Holidays (ТК РФ ст. 112 ч. 1): 1–6 and 8 January (New Year holidays), 7 January
  (Christmas), 23 February, 8 March, 1 May, 9 May, 12 June, 4 November.
* A holiday falling on a Saturday or Sunday moves the day off to the next working day
  (ст. 112 ч. 2) — except the January holidays: the Government moves those weekend days to
  other dates of the year by its decree, together with any other transfers.

The decree is published in the autumn of the year before. Years with a decree are listed
below exactly; other years follow the Labour Code alone (which is right for every day but
the two weekend days of early January the decree will place somewhere). Regional holidays
(e.g. Tatarstan's and Bashkortostan's) are not counted.

Deadlines are counted in the school's time zone: the day of the event does not count, the
deadline is the end (23:59:59) of the n-th working day after it. Submitted on Saturday
28 November 2026 with five working days: 30 Nov, 1, 2, 3, 4 Dec — due 4 December.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

# ТК РФ ст. 112 ч. 1: (month, day).
HOLIDAYS: tuple[tuple[int, int], ...] = (
    (1, 1),
    (1, 2),
    (1, 3),
    (1, 4),
    (1, 5),
    (1, 6),
    (1, 7),
    (1, 8),
    (2, 23),
    (3, 8),
    (5, 1),
    (5, 9),
    (6, 12),
    (11, 4),
)

# Government decrees: (days off on weekdays besides holidays, working weekend days).
# In a decree year the decree is the whole list: it also places (or deliberately does not)
# the days that ст. 112 ч. 2 would move, so nothing is moved automatically there.
DECREES: dict[int, tuple[frozenset[date], frozenset[date]]] = {
    # Постановление Правительства РФ от 04.10.2024 № 1335 «О переносе выходных дней в
    # 2025 году»: Sat 4 Jan → Fri 2 May, Sun 5 Jan → Wed 31 Dec, Sun 23 Feb → Thu 8 May,
    # Sat 8 Mar → Fri 13 Jun, Sat 1 Nov → Mon 3 Nov (1 November a working Saturday).
    # The decree places 23 February and 8 March itself, so 24 Feb and 10 Mar are working
    # days. 247 working days.
    2025: (
        frozenset(
            {
                date(2025, 5, 2),
                date(2025, 5, 8),
                date(2025, 6, 13),
                date(2025, 11, 3),
                date(2025, 12, 31),
            }
        ),
        frozenset({date(2025, 11, 1)}),
    ),
    # Постановление Правительства РФ от 24.09.2025 № 1466 «О переносе выходных дней в
    # 2026 году»: Sat 3 Jan → Fri 9 Jan, Sun 4 Jan → Thu 31 Dec; no working Saturdays;
    # by ТК ст. 112 ч. 2 Sun 8 Mar → Mon 9 Mar, Sat 9 May → Mon 11 May. 247 working days.
    2026: (
        frozenset(
            {
                date(2026, 1, 9),
                date(2026, 3, 9),
                date(2026, 5, 11),
                date(2026, 12, 31),
            }
        ),
        frozenset(),
    ),
    # 2027: no decree yet (it is due in the autumn of 2026) — the Labour Code alone:
    # Sat 1 May → Mon 3 May, Sun 9 May → Mon 10 May, Sat 12 Jun → Mon 14 Jun; the weekend
    # days 2–3 January stay unplaced until the decree is entered here.
}


def _labour_code_days_off(year: int) -> set[date]:
    """Non-working weekdays of ``year`` by the Labour Code alone (holidays + ст. 112 ч. 2)."""
    holidays = {date(year, month, day) for month, day in HOLIDAYS}
    off = {day for day in holidays if day.weekday() < 5}
    for day in sorted(holidays):
        if day.weekday() < 5 or day.month == 1:
            continue
        moved = day + timedelta(days=1)
        while moved.weekday() >= 5 or moved in holidays or moved in off:
            moved += timedelta(days=1)
        off.add(moved)
    return off


@cache
def _year(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(weekdays off, weekend days worked) of ``year``."""
    holidays = {date(year, month, day) for month, day in HOLIDAYS}
    if year in DECREES:
        extra_off, worked = DECREES[year]
        return frozenset({d for d in holidays if d.weekday() < 5} | extra_off), worked
    return frozenset(_labour_code_days_off(year)), frozenset()


def is_working_day(day: date) -> bool:
    off, worked = _year(day.year)
    if day in worked:
        return True
    return day.weekday() < 5 and day not in off


def is_public_day_off(day: date) -> bool:
    """No school on this day by the calendar: a weekday off (a holiday, or a day off the
    law or the decree moved there) or a public holiday on a weekend day (a six-day school
    week has lessons on ordinary Saturdays, not on 4 November)."""
    if (day.month, day.day) in HOLIDAYS:
        return True
    return day.weekday() < 5 and not is_working_day(day)


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after ``start`` (``start`` itself never counts); n ≥ 1."""
    if n < 1:
        raise ValueError("n must be at least 1")
    day = start
    remaining = n
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def end_of_day(day: date, tz: str) -> datetime:
    """23:59:59 of ``day`` in the zone ``tz`` (an aware datetime in that zone)."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=ZoneInfo(tz))


def working_deadline(moment: datetime, n: int, tz: str) -> datetime:
    """End of the n-th working day after ``moment``'s date in the zone ``tz``."""
    local_day = moment.astimezone(ZoneInfo(tz)).date()
    return end_of_day(add_working_days(local_day, n), tz)


def calendar_deadline(moment: datetime, days: int, tz: str) -> datetime:
    """End of the day ``days`` calendar days after ``moment``'s date in the zone ``tz``."""
    local_day = moment.astimezone(ZoneInfo(tz)).date()
    return end_of_day(local_day + timedelta(days=days), tz)


def local_date(moment: datetime, tz: str) -> date:
    return moment.astimezone(ZoneInfo(tz)).date()
