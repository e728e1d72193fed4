/**
 * ISO 8601 weeks ("2026-W48"): Monday to Sunday, week 1 holds the year's first Thursday.
 * Dates here are calendar days as "YYYY-MM-DD" strings, computed in UTC so that no
 * viewer's time zone or daylight saving can shift them.
 */

export const WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

const DAY_MS = 86_400_000;

function utcDate(day: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

function dayString(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Adds `days` to a "YYYY-MM-DD" day. */
export function addDays(day: string, days: number): string {
  return dayString(new Date(utcDate(day).getTime() + days * DAY_MS));
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  return ((utcDate(day).getUTCDay() + 6) % 7) + 1;
}

/** How many ISO weeks a year has: 53 when it starts on a Thursday, or on a Wednesday in a leap year. */
export function weeksInYear(year: number): number {
  const jan1 = new Date(Date.UTC(year, 0, 1)).getUTCDay();
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return jan1 === 4 || (leap && jan1 === 3) ? 53 : 52;
}

export interface IsoWeek {
  year: number;
  week: number;
}

/** "2026-W48" → {year, week}; null for anything else, including week 53 of a 52-week year. */
export function parseWeek(text: string | null | undefined): IsoWeek | null {
  const match = text ? WEEK_PATTERN.exec(text) : null;
  if (!match) return null;
  const year = Number(match[1]);
  const week = Number(match[2]);
  if (week < 1 || week > weeksInYear(year)) return null;
  return { year, week };
}

export function formatWeek({ year, week }: IsoWeek): string {
  return `${String(year).padStart(4, "0")}-W${String(week).padStart(2, "0")}`;
}

/** The ISO week a day belongs to ("2027-01-01" is in 2026-W53). */
export function weekOf(day: string): string {
  const thursday = addDays(day, 4 - isoWeekday(day));
  const year = Number(thursday.slice(0, 4));
  const jan1 = `${year}-01-01`;
  const ordinal = Math.round((utcDate(thursday).getTime() - utcDate(jan1).getTime()) / DAY_MS);
  return formatWeek({ year, week: Math.floor(ordinal / 7) + 1 });
}

/** The Monday of an ISO week, "YYYY-MM-DD". */
export function weekMonday(week: string): string {
  const parsed = parseWeek(week);
  if (!parsed) throw new RangeError(`Not an ISO week: ${week}`);
  // 4 January is always in week 1.
  const jan4 = `${parsed.year}-01-04`;
  const firstMonday = addDays(jan4, 1 - isoWeekday(jan4));
  return addDays(firstMonday, (parsed.week - 1) * 7);
}

/** Monday … Sunday of a week. */
export function weekDays(week: string): string[] {
  const monday = weekMonday(week);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** The week `offset` weeks away: 2026-W53 + 1 is 2027-W01. */
export function shiftWeek(week: string, offset: number): string {
  return weekOf(addDays(weekMonday(week), offset * 7));
}

/** Today's calendar day in a time zone (the viewer's by default). */
export function todayIn(timeZone?: string, now: Date = new Date()): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

/** The current ISO week in a time zone. */
export function currentWeek(timeZone?: string, now: Date = new Date()): string {
  return weekOf(todayIn(timeZone, now));
}
