import { describe, expect, it } from "vitest";

import { currentTerm, recentRange, termRange } from "./periods";

const Q2 = { id: "q2", name: "2-я четверть", starts_on: "2026-11-09", ends_on: "2026-12-28" };
const H1 = { id: "h1", name: "1-е полугодие", starts_on: "2026-09-01", ends_on: "2026-12-28" };

describe("journal periods", () => {
  it("shows a quarter whole", () => {
    expect(termRange(Q2, "2026-11-28")).toEqual({ from: "2026-11-09", to: "2026-12-28" });
  });

  it("cuts a half-year to the 93 days around today", () => {
    expect(termRange(H1, "2026-11-28")).toEqual({ from: "2026-09-11", to: "2026-12-12" });
    expect(termRange(H1, "2027-01-15")).toEqual({ from: "2026-09-27", to: "2026-12-28" });
  });

  it("finds the term under way, else the last begun", () => {
    const Q1 = { id: "q1", name: "1-я четверть", starts_on: "2026-09-01", ends_on: "2026-10-25" };
    expect(currentTerm([Q2, Q1], "2026-11-28")?.id).toBe("q2");
    expect(currentTerm([Q2, Q1], "2026-11-01")?.id).toBe("q1");
    expect(currentTerm([Q2, Q1], "2026-08-01")?.id).toBe("q1");
    expect(currentTerm([], "2026-08-01")).toBeUndefined();
  });

  it("falls back to the last four weeks", () => {
    expect(recentRange("2026-11-28")).toEqual({ from: "2026-10-31", to: "2026-12-05" });
  });
});
