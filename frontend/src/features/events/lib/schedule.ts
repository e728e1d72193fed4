/** The organiser's schedule: slots by the school's day, and how many are booked. */

export interface ScheduleSlotLike {
  id: string;
  starts_at: string;
  ends_at: string;
  student: { id: string; name: string } | null;
}

/** The school's wall clock as the server wrote the instant ("…T18:00:00+03:00"). */
export function wallClock(instant: string): { day: string; time: string } {
  return { day: instant.slice(0, 10), time: instant.slice(11, 16) };
}

export function scheduleDays<S extends ScheduleSlotLike>(meeting: { slots: S[] }): { day: string; slots: S[] }[] {
  const days = new Map<string, S[]>();
  for (const slot of [...meeting.slots].sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at))) {
    const { day } = wallClock(slot.starts_at);
    days.set(day, [...(days.get(day) ?? []), slot]);
  }
  return [...days].map(([day, slots]) => ({ day, slots }));
}

export function bookedCount(meeting: { slots: ScheduleSlotLike[] }): number {
  return meeting.slots.filter((slot) => slot.student !== null).length;
}
