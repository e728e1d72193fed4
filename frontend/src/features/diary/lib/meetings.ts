import type { ParseKeys } from "i18next";

import { ApiProblem } from "@/lib/problem";

import type { SchoolEvent } from "../api/types";

/** The slot's fields this logic reads (the API's `Slot`). */
export interface SlotLike {
  id: string;
  starts_at: string;
  ends_at: string;
  booked: boolean;
  booked_by_me: boolean;
}

export type SlotState = "mine" | "free" | "taken" | "past" | "held-elsewhere";

/**
 * What a family can do with a slot: «mine» (booked for this child: cancel), «free» (book),
 * «taken» (someone else's), «past», or «held-elsewhere» — free, but the child already holds
 * another slot of this meeting (one per child: cancel that one first).
 */
export function slotState(slot: SlotLike, slots: readonly SlotLike[], now: Date): SlotState {
  if (slot.booked_by_me) return "mine";
  if (Date.parse(slot.starts_at) <= now.getTime()) return "past";
  if (slot.booked) return "taken";
  return slots.some((s) => s.booked_by_me) ? "held-elsewhere" : "free";
}

/**
 * The school's wall clock as the server wrote it ("2026-12-10T18:00:00+03:00" → day
 * "2026-12-10", time "18:00"): meetings are shown in the school's time, whatever the
 * viewer's zone.
 */
export function schoolClock(instant: string): { day: string; time: string } {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(instant);
  if (!match) throw new RangeError(`Not an ISO instant: ${instant}`);
  return { day: match[1]!, time: match[2]! };
}

/** Slots grouped by the school's day, days and slots in time order. */
export function slotsByDay<S extends SlotLike>(slots: readonly S[]): { day: string; slots: S[] }[] {
  const days = new Map<string, S[]>();
  for (const slot of [...slots].sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at))) {
    const { day } = schoolClock(slot.starts_at);
    days.set(day, [...(days.get(day) ?? []), slot]);
  }
  return [...days].map(([day, list]) => ({ day, slots: list }));
}

/** The i18n key for a refused booking; null when the server's own words should be shown. */
export function bookingErrorKey(error: unknown): ParseKeys | null {
  if (!(error instanceof ApiProblem)) return null;
  if (error.code === "slot_taken") return "diary.meetings.errors.slotTaken";
  if (error.code === "already_booked") return "diary.meetings.errors.alreadyBooked";
  if (error.code === "slot_past") return "diary.meetings.errors.slotPast";
  if (error.status === 404) return "diary.meetings.errors.gone";
  return null;
}

/** The meeting fields `bookedAsEvents` reads (the API's `Meeting`). */
export interface MeetingLike<S extends SlotLike = SlotLike> {
  id: string;
  class_id: string;
  title: string;
  place: string;
  slots: S[];
}

/**
 * The child's own bookings as diary events (a parent meeting at the booked time), so the
 * week and «Ближайшие события» show them beside the school's events. `title` words it.
 */
export function bookedAsEvents(meetings: readonly MeetingLike[], title: (meetingTitle: string) => string): SchoolEvent[] {
  return meetings.flatMap((meeting) =>
    meeting.slots
      .filter((slot) => slot.booked_by_me)
      .map(
        (slot): SchoolEvent => ({
          id: slot.id,
          school_id: "",
          class_ids: [meeting.class_id],
          kind: "parent_meeting",
          title: title(meeting.title),
          starts_at: slot.starts_at,
          ends_at: slot.ends_at,
          all_day: false,
          place: meeting.place,
          description: null,
          lesson_id: null,
          subject: null,
        }),
      ),
  );
}

/** Events and bookings together, in time order. */
export function withBookings(events: readonly SchoolEvent[], booked: readonly SchoolEvent[]): SchoolEvent[] {
  return [...events, ...booked].sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at));
}
