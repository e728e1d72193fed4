import { addDays, todayIn } from "@/lib/iso-week";

/** The journal endpoint answers at most 93 days at a time. */
export const MAX_DAYS = 92;

export interface Range {
  from: string;
  to: string;
}

export interface TermLike {
  id: string;
  name: string;
  starts_on: string;
  ends_on: string;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * A term's dates, cut to what the endpoint allows: a long term (a half-year) shows the
 * 93 days that end two weeks after today, or its last 93 days once it is over.
 */
export function termRange(term: TermLike, today = todayIn()): Range {
  if (daysBetween(term.starts_on, term.ends_on) <= MAX_DAYS) return { from: term.starts_on, to: term.ends_on };
  const end = today < term.ends_on ? (addDays(today, 14) < term.ends_on ? addDays(today, 14) : term.ends_on) : term.ends_on;
  const start = addDays(end, -MAX_DAYS);
  return { from: start < term.starts_on ? term.starts_on : start, to: end };
}

/** The term under way, else the last one begun, else the first. */
export function currentTerm<T extends TermLike>(terms: T[], today = todayIn()): T | undefined {
  const sorted = [...terms].sort((a, b) => a.starts_on.localeCompare(b.starts_on));
  return (
    sorted.find((t) => t.starts_on <= today && today <= t.ends_on) ??
    [...sorted].reverse().find((t) => t.starts_on <= today) ??
    sorted[0]
  );
}

/** Without terms: the last four weeks and the next one. */
export function recentRange(today = todayIn()): Range {
  return { from: addDays(today, -28), to: addDays(today, 7) };
}
