import { describe, expect, it } from "vitest";

import { ApiProblem } from "@/lib/problem";

import { bookedAsEvents, bookingErrorKey, schoolClock, slotState, slotsByDay, withBookings, type SlotLike } from "./meetings";

const NOW = new Date("2026-12-07T12:00:00Z");

function slot(id: string, startsAt: string, fields: Partial<SlotLike> = {}): SlotLike {
  return { id, starts_at: startsAt, ends_at: startsAt, booked: false, booked_by_me: false, ...fields };
}

describe("slotState", () => {
  const free = slot("a", "2026-12-10T18:00:00+03:00");
  const taken = slot("b", "2026-12-10T18:15:00+03:00", { booked: true });
  const mine = slot("c", "2026-12-10T18:30:00+03:00", { booked: true, booked_by_me: true });
  const past = slot("d", "2026-12-07T14:00:00+03:00");

  it("tells free, taken and past slots apart", () => {
    const all = [free, taken, past];
    expect(slotState(free, all, NOW)).toBe("free");
    expect(slotState(taken, all, NOW)).toBe("taken");
    // 14:00 in Moscow is 11:00 UTC: gone by noon UTC, even though free.
    expect(slotState(past, all, NOW)).toBe("past");
  });

  it("offers no second slot once the child holds one of the meeting", () => {
    const all = [free, taken, mine];
    expect(slotState(mine, all, NOW)).toBe("mine");
    expect(slotState(free, all, NOW)).toBe("held-elsewhere");
    expect(slotState(taken, all, NOW)).toBe("taken");
  });

  it("keeps the family's own booking cancellable until it starts", () => {
    const soon = slot("e", "2026-12-07T15:30:00+03:00", { booked: true, booked_by_me: true });
    expect(slotState(soon, [soon], NOW)).toBe("mine");
  });
});

describe("schoolClock and slotsByDay", () => {
  it("reads the school's wall clock from the instant, not the viewer's", () => {
    expect(schoolClock("2026-12-10T18:00:00+10:00")).toEqual({ day: "2026-12-10", time: "18:00" });
    expect(() => schoolClock("завтра")).toThrow(RangeError);
  });

  it("groups by the school's day in time order", () => {
    const late = slot("late", "2026-12-11T09:00:00+03:00");
    const early = slot("early", "2026-12-10T18:15:00+03:00");
    const first = slot("first", "2026-12-10T18:00:00+03:00");
    expect(slotsByDay([late, early, first]).map((d) => [d.day, d.slots.map((s) => s.id)])).toEqual([
      ["2026-12-10", ["first", "early"]],
      ["2026-12-11", ["late"]],
    ]);
  });
});

describe("bookingErrorKey", () => {
  const problem = (status: number, code: string) =>
    new ApiProblem(status, { type: "about:blank", title: "t", status, detail: "d", code, errors: [] });

  it("names the two conflicts in the family's words", () => {
    expect(bookingErrorKey(problem(409, "slot_taken"))).toBe("diary.meetings.errors.slotTaken");
    expect(bookingErrorKey(problem(409, "already_booked"))).toBe("diary.meetings.errors.alreadyBooked");
    expect(bookingErrorKey(problem(404, "slot_not_found"))).toBe("diary.meetings.errors.gone");
  });

  it("leaves other failures to the server's message", () => {
    expect(bookingErrorKey(problem(500, "internal"))).toBeNull();
    expect(bookingErrorKey(new Error("offline"))).toBeNull();
  });
});

describe("bookedAsEvents and withBookings", () => {
  const meeting = {
    id: "m",
    class_id: "k",
    title: "Встреча с классным руководителем",
    place: "Кабинет 214",
    slots: [
      slot("free", "2026-12-10T18:00:00+03:00"),
      { ...slot("mine", "2026-12-10T18:15:00+03:00", { booked: true, booked_by_me: true }), ends_at: "2026-12-10T18:30:00+03:00" },
      slot("taken", "2026-12-10T18:30:00+03:00", { booked: true }),
    ],
  };

  it("puts only the child's own booking into the diary, at its time and place", () => {
    const events = bookedAsEvents([meeting], (title) => `${title} (вы записаны)`);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      id: "mine",
      kind: "parent_meeting",
      title: "Встреча с классным руководителем (вы записаны)",
      starts_at: "2026-12-10T18:15:00+03:00",
      ends_at: "2026-12-10T18:30:00+03:00",
      place: "Кабинет 214",
      all_day: false,
    });
  });

  it("merges bookings among the events in time order", () => {
    const booked = bookedAsEvents([meeting], (title) => title);
    const test = { ...booked[0]!, id: "t", kind: "test" as const, starts_at: "2026-12-10T09:00:00+03:00" };
    const concert = { ...booked[0]!, id: "c", kind: "event" as const, starts_at: "2026-12-11T12:00:00+03:00" };
    expect(withBookings([concert, test], booked).map((e) => e.id)).toEqual(["t", "mine", "c"]);
  });
});
