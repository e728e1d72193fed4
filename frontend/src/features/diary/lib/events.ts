import type { SchoolEvent } from "../api/types";

function previousDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/** The local dates an event covers: its start date to its end date (a whole-day
 * event's end is the midnight after its last day). Times are the school's, so the
 * date is the text's first ten characters. */
export function eventDays(event: SchoolEvent): { first: string; last: string } {
  const first = event.starts_at.slice(0, 10);
  const end = event.ends_at.slice(0, 10);
  const last = event.all_day && end > first ? previousDay(end) : end;
  return { first, last };
}

export function eventsOn(events: SchoolEvent[], day: string): SchoolEvent[] {
  return events.filter((event) => {
    const { first, last } = eventDays(event);
    return first <= day && day <= last;
  });
}
