import { describe, expect, it } from "vitest";

import { i18n } from "@/lib/i18n";

import type { StudentTerms } from "../api/types";
import { choosePeriod, periodRange, periodValue, summaryTermId, termLabel } from "./period";

const quarter = (number: number, starts_on: string, ends_on: string, current = false) => ({
  id: `q${number}`,
  kind: "quarter" as const,
  number,
  name: `${number}-я четверть`,
  starts_on,
  ends_on,
  current,
});

const CALENDAR: StudentTerms = {
  student_id: "s1",
  academic_year: { id: "y2026", year: 2026, starts_on: "2026-09-01", ends_on: "2027-05-31", term_kind: "quarter" },
  terms: [
    quarter(1, "2026-09-01", "2026-10-25"),
    quarter(2, "2026-11-05", "2026-12-28", true),
    quarter(3, "2027-01-11", "2027-03-21"),
    quarter(4, "2027-03-30", "2027-05-31"),
  ],
};

describe("the grades page's period", () => {
  it("is the current term by default, and a term sets from/to to its dates", () => {
    const period = choosePeriod(null, CALENDAR)!;
    expect(periodValue(period)).toBe("q2");
    expect(periodRange(period)).toEqual({ from: "2026-11-05", to: "2026-12-28", termId: "q2" });
  });

  it("takes the term named in the address", () => {
    expect(periodRange(choosePeriod("q1", CALENDAR)!)).toEqual({ from: "2026-09-01", to: "2026-10-25", termId: "q1" });
    expect(periodRange(choosePeriod("q4", CALENDAR)!)).toEqual({ from: "2027-03-30", to: "2027-05-31", termId: "q4" });
  });

  it("falls back to the current term for a term the school no longer has", () => {
    expect(periodValue(choosePeriod("q-gone", CALENDAR)!)).toBe("q2");
  });

  it("«Весь год» spans the academic year and has no term", () => {
    const period = choosePeriod("year", CALENDAR)!;
    expect(periodValue(period)).toBe("year");
    expect(periodRange(period)).toEqual({ from: "2026-09-01", to: "2027-05-31" });
  });

  it("«Свой период» uses the dates typed, and needs no terms to be loaded", () => {
    const period = choosePeriod("custom", undefined)!;
    expect(periodValue(period)).toBe("custom");
    expect(periodRange(period, { from: "2026-11-10", to: "" })).toEqual({ from: "2026-11-10", to: undefined });
    expect(periodRange(period)).toEqual({ from: undefined, to: undefined });
  });

  it("waits for the terms otherwise", () => {
    expect(choosePeriod(null, undefined)).toBeUndefined();
    expect(choosePeriod("q1", undefined)).toBeUndefined();
  });

  it("offers the year, else one's own dates, at a school without terms", () => {
    expect(periodValue(choosePeriod(null, { ...CALENDAR, terms: [] })!)).toBe("year");
    expect(periodValue(choosePeriod(null, { ...CALENDAR, academic_year: null, terms: [] })!)).toBe("custom");
  });

  it("asks the summary for a chosen term only when it is not the current one", () => {
    expect(summaryTermId("q1", choosePeriod("q1", CALENDAR))).toBe("q1");
    expect(summaryTermId(null, choosePeriod(null, CALENDAR))).toBeUndefined();
    expect(summaryTermId("q2", choosePeriod("q2", CALENDAR))).toBeUndefined();
    expect(summaryTermId("year", choosePeriod("year", CALENDAR))).toBeUndefined();
    // Before the terms arrive: the id in the address, so the summary need not wait.
    expect(summaryTermId("q3", undefined)).toBe("q3");
    expect(summaryTermId("custom", undefined)).toBeUndefined();
  });

  it("names terms the Russian way, and in English", async () => {
    const t = i18n.t.bind(i18n);
    expect(termLabel({ kind: "quarter", number: 1 }, t)).toBe("1-я четверть");
    expect(termLabel({ kind: "trimester", number: 3 }, t)).toBe("3-й триместр");
    expect(termLabel({ kind: "half", number: 2 }, t)).toBe("2-е полугодие");
    await i18n.changeLanguage("en");
    expect(termLabel({ kind: "quarter", number: 2 }, t)).toBe("Quarter 2");
  });
});
