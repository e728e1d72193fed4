import { describe, expect, it } from "vitest";

import {
  addDays,
  currentWeek,
  parseWeek,
  shiftWeek,
  todayIn,
  weekDays,
  weekMonday,
  weekOf,
  weeksInYear,
} from "./iso-week";

describe("ISO weeks", () => {
  it("knows which years have 53 weeks", () => {
    expect(weeksInYear(2026)).toBe(53); // starts on a Thursday
    expect(weeksInYear(2020)).toBe(53); // leap year starting on a Wednesday
    expect(weeksInYear(2027)).toBe(52);
    expect(weeksInYear(2025)).toBe(52);
  });

  it("parses only real weeks", () => {
    expect(parseWeek("2026-W48")).toEqual({ year: 2026, week: 48 });
    expect(parseWeek("2026-W53")).toEqual({ year: 2026, week: 53 });
    expect(parseWeek("2027-W53")).toBeNull();
    expect(parseWeek("2026-W00")).toBeNull();
    expect(parseWeek("2026-48")).toBeNull();
    expect(parseWeek(null)).toBeNull();
  });

  it("finds the Monday and the seven days of a week", () => {
    expect(weekMonday("2026-W48")).toBe("2026-11-23");
    expect(weekDays("2026-W48")).toEqual([
      "2026-11-23",
      "2026-11-24",
      "2026-11-25",
      "2026-11-26",
      "2026-11-27",
      "2026-11-28",
      "2026-11-29",
    ]);
    expect(weekMonday("2026-W01")).toBe("2025-12-29");
    expect(weekMonday("2026-W53")).toBe("2026-12-28");
    expect(weekMonday("2027-W01")).toBe("2027-01-04");
  });

  it("puts days near New Year into the right week", () => {
    expect(weekOf("2026-11-28")).toBe("2026-W48");
    expect(weekOf("2026-12-31")).toBe("2026-W53");
    expect(weekOf("2027-01-01")).toBe("2026-W53");
    expect(weekOf("2027-01-03")).toBe("2026-W53");
    expect(weekOf("2027-01-04")).toBe("2027-W01");
    expect(weekOf("2025-12-29")).toBe("2026-W01");
    expect(weekOf("2024-12-30")).toBe("2025-W01");
  });

  it("steps across the year boundary 2026-W53 → 2027-W01 and back", () => {
    expect(shiftWeek("2026-W52", 1)).toBe("2026-W53");
    expect(shiftWeek("2026-W53", 1)).toBe("2027-W01");
    expect(shiftWeek("2027-W01", -1)).toBe("2026-W53");
    expect(shiftWeek("2027-W52", 1)).toBe("2028-W01");
    expect(shiftWeek("2026-W01", -1)).toBe("2025-W52");
    expect(shiftWeek("2026-W48", 0)).toBe("2026-W48");
  });

  it("adds days across months and leap days", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("tells today and this week in a time zone", () => {
    // 23:30 on Sunday 29 November in Moscow is already Monday in Vladivostok.
    const now = new Date("2026-11-29T20:30:00Z");
    expect(todayIn("Europe/Moscow", now)).toBe("2026-11-29");
    expect(todayIn("Asia/Vladivostok", now)).toBe("2026-11-30");
    expect(currentWeek("Europe/Moscow", now)).toBe("2026-W48");
    expect(currentWeek("Asia/Vladivostok", now)).toBe("2026-W49");
  });
});
