/**
 * Dates and times the Russian way: «28 ноября 2026 г.», 24-hour «07:45».
 *
 * A date-only string ("2026-11-28", as the API sends lesson dates) is a calendar day,
 * not an instant: it is shown as that day in every time zone. Instants (Date objects,
 * ISO strings with a time) are shown in `timeZone` (the school's), else the viewer's.
 */

export interface FormatOptions {
  locale?: string;
  timeZone?: string;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const NBSP = "\u00a0";

function toDate(value: Date | string): { date: Date; calendarDay: boolean } {
  if (value instanceof Date) {
    return { date: value, calendarDay: false };
  }
  const match = DATE_ONLY.exec(value);
  if (match) {
    const [, y, m, d] = match;
    return { date: new Date(Date.UTC(Number(y), Number(m) - 1, Number(d))), calendarDay: true };
  }
  return { date: new Date(value), calendarDay: false };
}

function assertValid(date: Date, value: Date | string): void {
  if (Number.isNaN(date.getTime())) {
    throw new RangeError(`Invalid date: ${String(value)}`);
  }
}

/** «28 ноября 2026 г.» (with a non-breaking space before «г.»); "November 28, 2026" in English. */
export function formatDate(value: Date | string, options: FormatOptions = {}): string {
  const { date, calendarDay } = toDate(value);
  assertValid(date, value);
  const text = new Intl.DateTimeFormat(options.locale ?? "ru", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: calendarDay ? "UTC" : options.timeZone,
  }).format(date);
  return text.replace(/\s+г\.$/u, `${NBSP}г.`);
}

/** «07:45»: 24-hour time, in English too. */
export function formatTime(value: Date | string, options: FormatOptions = {}): string {
  const { date } = toDate(value);
  assertValid(date, value);
  return new Intl.DateTimeFormat(options.locale ?? "ru", {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: options.timeZone,
  }).format(date);
}

export interface PersonName {
  last_name: string;
  first_name: string;
  middle_name?: string | null;
}

/** «Иванова Анна Сергеевна». */
export function fullName(person: PersonName): string {
  return [person.last_name, person.first_name, person.middle_name].filter(Boolean).join(" ");
}

/** «Иванова А. С.» — for the header, where space is short. */
export function shortName(person: PersonName): string {
  const initials = [person.first_name, person.middle_name]
    .filter((part): part is string => !!part)
    .map((part) => `${part[0]}.`)
    .join(NBSP);
  return initials ? `${person.last_name}${NBSP}${initials}` : person.last_name;
}

/** «1,2 МБ», «350 КБ» (with a non-breaking space between number and unit). */
export function formatFileSize(bytes: number, locale = "ru"): string {
  const units = locale === "en" ? ["B", "KB", "MB"] : ["Б", "КБ", "МБ"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
  return `${number}${NBSP}${units[unit]}`;
}

/** «28 ноября 2026 г. в 07:45» for instants such as a session's last use. */
export function formatDateTime(value: Date | string, options: FormatOptions = {}): string {
  const at = options.locale === "en" ? "at" : "в";
  return `${formatDate(value, options)} ${at}${NBSP}${formatTime(value, options)}`;
}

export type Gender = "male" | "female";

/**
 * A Russian patronymic says whether its bearer is a man or a woman («Петрович», «Ильич»,
 * «оглы» / «Петровна», «Ильинична», «кызы»): enough to write «зачислен» or «зачислена»
 * instead of «зачислен(а)». Null when there is none or it is not a Russian-style one.
 */
export function genderFromPatronymic(middleName: string | null | undefined): Gender | null {
  const name = (middleName ?? "").trim().toLowerCase();
  if (/(вич|ич|оглы|улы|уулу)$/.test(name)) return "male";
  if (/(вна|чна|кызы|гызы|қызы)$/.test(name)) return "female";
  return null;
}
