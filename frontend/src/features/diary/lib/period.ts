/**
 * The grades page's period: one of the school's terms («1-я четверть»), the whole academic
 * year, or dates of one's own. The address keeps the choice in `?period=`: a term's id,
 * `year` or `custom`; without it (or with a term the school no longer has) the current term.
 */

import type { TFunction } from "i18next";

import type { StudentTerm, StudentTerms } from "../api/types";

export const YEAR = "year";
export const CUSTOM = "custom";

export type Period =
  | { kind: "term"; term: StudentTerm }
  | { kind: "year"; starts_on: string; ends_on: string }
  | { kind: "custom" };

/** What the grade list and the averages are asked for. */
export interface PeriodRange {
  from?: string;
  to?: string;
  /** For the summary and the average's explanation, which count by term. */
  termId?: string;
}

/** The term the school calls current (under way, or the latest begun on holidays). */
export function currentTerm(terms: StudentTerm[]): StudentTerm | undefined {
  return terms.find((term) => term.current) ?? terms[0];
}

/**
 * The period `value` names. `undefined` while the terms are loading (unless `custom`,
 * which needs none). A school without terms offers the year, or only dates of one's own.
 */
export function choosePeriod(value: string | null, calendar: StudentTerms | undefined): Period | undefined {
  if (value === CUSTOM) return { kind: "custom" };
  if (!calendar) return undefined;
  const year = calendar.academic_year;
  if (value === YEAR && year) return { kind: "year", starts_on: year.starts_on, ends_on: year.ends_on };
  const term = calendar.terms.find((t) => t.id === value) ?? currentTerm(calendar.terms);
  if (term) return { kind: "term", term };
  if (year) return { kind: "year", starts_on: year.starts_on, ends_on: year.ends_on };
  return { kind: "custom" };
}

/** The `<select>` value of a period. */
export function periodValue(period: Period): string {
  return period.kind === "term" ? period.term.id : period.kind === "year" ? YEAR : CUSTOM;
}

/** A term sets from/to to its dates (and its id for the averages); the year its bounds. */
export function periodRange(period: Period, custom: { from?: string; to?: string } = {}): PeriodRange {
  switch (period.kind) {
    case "term":
      return { from: period.term.starts_on, to: period.term.ends_on, termId: period.term.id };
    case "year":
      return { from: period.starts_on, to: period.ends_on };
    case "custom":
      return { from: custom.from || undefined, to: custom.to || undefined };
  }
}

/**
 * The term the summary (and the average's explanation) is asked for: the chosen term, or
 * none for the current one, the year and one's own dates (the server then takes the
 * current term itself, and the summary need not wait for the list of terms).
 */
export function summaryTermId(value: string | null, period: Period | undefined): string | undefined {
  if (period) return period.kind === "term" && !period.term.current ? period.term.id : undefined;
  return value && value !== YEAR && value !== CUSTOM ? value : undefined;
}

/** «2-я четверть», «1-й триместр», «2-е полугодие»; "Quarter 2" in English. */
export function termLabel(term: Pick<StudentTerm, "kind" | "number">, t: TFunction): string {
  return t(`diary.terms.${term.kind}`, { number: term.number });
}
