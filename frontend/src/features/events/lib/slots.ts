import type { ParseKeys } from "i18next";

import { zoneOffsetMinutes } from "@/lib/school-time";

/**
 * Times are entered on the school's clock («18:00» in the school's zone, whatever the
 * teacher's computer says) and sent as instants with the school's offset.
 */
export function localInstant(day: string, time: string, timeZone: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // The zone's offset at that instant: guessed from the wall clock, then corrected once
  // (Russia keeps no summer time, but a zone's offset has changed over the years).
  let offset = zoneOffsetMinutes(timeZone, new Date(wall));
  offset = zoneOffsetMinutes(timeZone, new Date(wall - offset * 60_000));
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${day}T${pad(hh)}:${pad(mm)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function minutesOf(time: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

function timeOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

export interface SlotPlan {
  day: string;
  from: string;
  to: string;
  /** Minutes per family. */
  length: number;
  /** Minutes between two families. */
  gap: number;
}

export const MAX_SLOTS = 60;

/** The slots a plan makes on the school's clock: from `from`, every `length + gap`
 * minutes, each ending by `to`. Empty when the plan cannot make one. */
export function planSlots(plan: SlotPlan): { from: string; to: string }[] {
  const start = minutesOf(plan.from);
  const end = minutesOf(plan.to);
  if (start === null || end === null || plan.length <= 0 || plan.gap < 0) return [];
  const slots: { from: string; to: string }[] = [];
  for (let at = start; at + plan.length <= end && slots.length <= MAX_SLOTS; at += plan.length + plan.gap) {
    slots.push({ from: timeOf(at), to: timeOf(at + plan.length) });
  }
  return slots;
}

export type PlanField = "day" | "from" | "to";

/** What is wrong with a plan, per field, as i18n keys; empty when it makes 1–60 slots
 * in the future. */
export function checkPlan(plan: SlotPlan, today: string): Partial<Record<PlanField, ParseKeys>> {
  const errors: Partial<Record<PlanField, ParseKeys>> = {};
  if (!/^\d{4}-\d{2}-\d{2}$/.test(plan.day)) errors.day = "events.meeting.errors.day";
  else if (plan.day < today) errors.day = "events.meeting.errors.dayPast";
  const start = minutesOf(plan.from);
  const end = minutesOf(plan.to);
  if (start === null) errors.from = "events.meeting.errors.time";
  if (end === null) errors.to = "events.meeting.errors.time";
  else if (start !== null && end <= start) errors.to = "events.meeting.errors.order";
  if (Object.keys(errors).length) return errors;
  const count = planSlots(plan).length;
  if (count === 0) errors.to = "events.meeting.errors.tooShort";
  else if (count > MAX_SLOTS) errors.to = "events.meeting.errors.tooMany";
  return errors;
}

/** The plan as the API's slots, with the school's offset. */
export function slotsForApi(plan: SlotPlan, timeZone: string): { starts_at: string; ends_at: string }[] {
  return planSlots(plan).map((slot) => ({
    starts_at: localInstant(plan.day, slot.from, timeZone),
    ends_at: localInstant(plan.day, slot.to, timeZone),
  }));
}
