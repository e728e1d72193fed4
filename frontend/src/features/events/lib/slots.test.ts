import { describe, expect, it } from "vitest";

import { checkPlan, localInstant, MAX_SLOTS, planSlots, slotsForApi, type SlotPlan } from "./slots";

const plan = (fields: Partial<SlotPlan> = {}): SlotPlan => ({
  day: "2026-12-10",
  from: "18:00",
  to: "19:00",
  length: 15,
  gap: 0,
  ...fields,
});

describe("localInstant", () => {
  it("writes the school's wall clock with the school's offset", () => {
    expect(localInstant("2026-12-10", "18:00", "Europe/Moscow")).toBe("2026-12-10T18:00:00+03:00");
    expect(localInstant("2026-12-10", "08:30", "Asia/Vladivostok")).toBe("2026-12-10T08:30:00+10:00");
    expect(localInstant("2026-12-10", "23:45", "Europe/Kaliningrad")).toBe("2026-12-10T23:45:00+02:00");
  });
});

describe("planSlots", () => {
  it("cuts the evening into equal slots ending by the end", () => {
    expect(planSlots(plan())).toEqual([
      { from: "18:00", to: "18:15" },
      { from: "18:15", to: "18:30" },
      { from: "18:30", to: "18:45" },
      { from: "18:45", to: "19:00" },
    ]);
  });

  it("leaves a break between families and drops a slot that would run over", () => {
    expect(planSlots(plan({ length: 20, gap: 5 }))).toEqual([
      { from: "18:00", to: "18:20" },
      { from: "18:25", to: "18:45" },
    ]);
  });

  it("makes nothing of a nonsense plan", () => {
    expect(planSlots(plan({ from: "19:00", to: "18:00" }))).toEqual([]);
    expect(planSlots(plan({ from: "25:00" }))).toEqual([]);
    expect(planSlots(plan({ length: 0 }))).toEqual([]);
  });
});

describe("checkPlan", () => {
  it("passes a good plan", () => {
    expect(checkPlan(plan(), "2026-12-07")).toEqual({});
  });

  it("names the field that is wrong", () => {
    expect(checkPlan(plan({ day: "" }), "2026-12-07")).toEqual({ day: "events.meeting.errors.day" });
    expect(checkPlan(plan({ day: "2026-12-01" }), "2026-12-07")).toEqual({ day: "events.meeting.errors.dayPast" });
    expect(checkPlan(plan({ to: "17:00" }), "2026-12-07")).toEqual({ to: "events.meeting.errors.order" });
    expect(checkPlan(plan({ to: "18:10" }), "2026-12-07")).toEqual({ to: "events.meeting.errors.tooShort" });
    expect(checkPlan(plan({ from: "" }), "2026-12-07")).toEqual({ from: "events.meeting.errors.time" });
  });

  it("refuses more slots than the API takes", () => {
    const many = plan({ from: "08:00", to: "20:00", length: 10 });
    expect(planSlots(many).length).toBeGreaterThan(MAX_SLOTS);
    expect(checkPlan(many, "2026-12-07")).toEqual({ to: "events.meeting.errors.tooMany" });
  });
});

describe("slotsForApi", () => {
  it("sends each slot as an instant of the school's zone", () => {
    expect(slotsForApi(plan({ to: "18:30" }), "Asia/Yekaterinburg")).toEqual([
      { starts_at: "2026-12-10T18:00:00+05:00", ends_at: "2026-12-10T18:15:00+05:00" },
      { starts_at: "2026-12-10T18:15:00+05:00", ends_at: "2026-12-10T18:30:00+05:00" },
    ]);
  });
});
