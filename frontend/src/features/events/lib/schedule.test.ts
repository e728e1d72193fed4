import { describe, expect, it } from "vitest";

import { bookedCount, scheduleDays, wallClock } from "./schedule";

const slot = (id: string, startsAt: string, student: string | null = null) => ({
  id,
  starts_at: startsAt,
  ends_at: startsAt,
  student: student ? { id: `s-${id}`, name: student } : null,
});

describe("the organiser's schedule", () => {
  const meeting = {
    slots: [
      slot("b", "2026-12-11T09:00:00+10:00"),
      slot("a2", "2026-12-10T18:15:00+10:00", "Иванов Пётр"),
      slot("a1", "2026-12-10T18:00:00+10:00"),
    ],
  };

  it("shows the school's clock, not the viewer's", () => {
    expect(wallClock("2026-12-10T18:15:00+10:00")).toEqual({ day: "2026-12-10", time: "18:15" });
  });

  it("groups by day in time order and counts the booked", () => {
    expect(scheduleDays(meeting).map((d) => [d.day, d.slots.map((s) => s.id)])).toEqual([
      ["2026-12-10", ["a1", "a2"]],
      ["2026-12-11", ["b"]],
    ]);
    expect(bookedCount(meeting)).toBe(1);
  });
});
