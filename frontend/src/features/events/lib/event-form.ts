import type { ParseKeys } from "i18next";

import { ruDateToIso } from "@/lib/masks";

import type { EventIn, EventKind } from "../api/events";
import { localInstant } from "./slots";

export interface EventValues {
  kind: EventKind;
  title: string;
  classIds: string[];
  /** ДД.ММ.ГГГГ as typed. */
  startDay: string;
  startTime: string;
  /** ДД.ММ.ГГГГ; empty: the same day. */
  endDay: string;
  endTime: string;
  place: string;
  description: string;
}

export type EventField = "title" | "startDay" | "startTime" | "endDay" | "endTime";

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function nextDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** Holidays are whole days: no times asked. */
export function isAllDay(kind: EventKind): boolean {
  return kind === "holiday";
}

/** What is wrong, per field, as i18n keys; `today` is the school's date. */
export function checkEvent(values: EventValues, today: string): Partial<Record<EventField, ParseKeys>> {
  const errors: Partial<Record<EventField, ParseKeys>> = {};
  if (!values.title.trim()) errors.title = "events.event.errors.title";
  const start = ruDateToIso(values.startDay);
  const end = values.endDay.trim() ? ruDateToIso(values.endDay) : start;
  if (!start) errors.startDay = "events.event.errors.day";
  else if (start < today) errors.startDay = "events.event.errors.dayPast";
  if (values.endDay.trim() && !end) errors.endDay = "events.event.errors.day";
  if (!isAllDay(values.kind)) {
    if (!TIME.test(values.startTime)) errors.startTime = "events.event.errors.time";
    if (!TIME.test(values.endTime)) errors.endTime = "events.event.errors.time";
  }
  if (start && end && !errors.endDay && !errors.startTime && !errors.endTime) {
    const startKey = isAllDay(values.kind) ? start : `${start}T${values.startTime}`;
    const endKey = isAllDay(values.kind) ? end : `${end}T${values.endTime}`;
    const ordered = isAllDay(values.kind) ? endKey >= startKey : endKey > startKey;
    if (!ordered) errors[values.endDay.trim() ? "endDay" : "endTime"] = "events.event.errors.order";
  }
  return errors;
}

/** The API's body: times on the school's clock; a holiday from its first day's midnight to
 * the midnight after its last; no classes chosen — the whole school. */
export function eventBody(values: EventValues, schoolId: string, timeZone: string): EventIn {
  const start = ruDateToIso(values.startDay)!;
  const end = values.endDay.trim() ? ruDateToIso(values.endDay)! : start;
  const allDay = isAllDay(values.kind);
  return {
    school_id: schoolId,
    class_ids: values.classIds.length ? values.classIds : null,
    kind: values.kind,
    title: values.title.trim(),
    starts_at: localInstant(start, allDay ? "00:00" : values.startTime, timeZone),
    ends_at: allDay ? localInstant(nextDay(end), "00:00", timeZone) : localInstant(end, values.endTime, timeZone),
    place: values.place.trim() || null,
    description: values.description.trim() || null,
  };
}
