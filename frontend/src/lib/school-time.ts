/**
 * Calendar days and school time zones for the diary and the journal: «понедельник,
 * 23 ноября», «23–29 ноября 2026 г.», and whether the school's clock differs from the
 * viewer's (Russia has eleven zones; a grandmother in Moscow reads a Vladivostok diary).
 */

const NBSP = "\u00a0";

function utc(day: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, 12));
}

function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

/** «Понедельник, 23 ноября» ("Monday, November 23"). */
export function formatDayHeading(day: string, locale = "ru"): string {
  return capitalize(
    new Intl.DateTimeFormat(locale, { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" }).format(utc(day)),
  );
}

/** «25 ноября» ("November 25"): a day within the school year shown around it. */
export function formatDayMonth(day: string, locale = "ru"): string {
  return new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", timeZone: "UTC" }).format(utc(day));
}

/** «Пн» */
export function formatWeekdayShort(day: string, locale = "ru"): string {
  return capitalize(new Intl.DateTimeFormat(locale, { weekday: "short", timeZone: "UTC" }).format(utc(day)));
}

/** «Пн, 23.11» for narrow column heads. */
export function formatDayShort(day: string, locale = "ru"): string {
  const weekday = new Intl.DateTimeFormat(locale, { weekday: "short", timeZone: "UTC" }).format(utc(day));
  const date = new Intl.DateTimeFormat(locale, { day: "2-digit", month: "2-digit", timeZone: "UTC" }).format(utc(day));
  return `${capitalize(weekday)}, ${date}`;
}

/** «23.11» */
export function formatDayNumeric(day: string, locale = "ru"): string {
  return new Intl.DateTimeFormat(locale, { day: "2-digit", month: "2-digit", timeZone: "UTC" }).format(utc(day));
}

/** «23–29 ноября 2026 г.», «28 декабря 2026 г. – 3 января 2027 г.» */
export function formatDayRange(first: string, last: string, locale = "ru"): string {
  const text = new Intl.DateTimeFormat(locale, {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).formatRange(utc(first), utc(last));
  return text.replace(/\s+г\./gu, `${NBSP}г.`);
}

/** Minutes east of UTC of a zone at an instant. */
export function zoneOffsetMinutes(timeZone: string | undefined, at: Date = new Date()): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"));
  const instant = Math.floor(at.getTime() / 60_000) * 60_000;
  return Math.round((local - instant) / 60_000);
}

/** «UTC+10», «UTC+5:30», «UTC». */
export function formatOffset(minutes: number): string {
  if (minutes === 0) return "UTC";
  const sign = minutes > 0 ? "+" : "−";
  const abs = Math.abs(minutes);
  const hours = Math.floor(abs / 60);
  const rest = abs % 60;
  return `UTC${sign}${hours}${rest ? `:${String(rest).padStart(2, "0")}` : ""}`;
}

/**
 * Russia's zones by their city, in Russian. Browsers disagree on localised zone names
 * (Debian's Chromium says «Moscow» where Node says «Москва»), and these are the zones
 * our schools are in.
 */
const RUSSIAN_CITIES: Record<string, string> = {
  "Europe/Kaliningrad": "Калининград",
  "Europe/Moscow": "Москва",
  "Europe/Simferopol": "Симферополь",
  "Europe/Kirov": "Киров",
  "Europe/Volgograd": "Волгоград",
  "Europe/Astrakhan": "Астрахань",
  "Europe/Saratov": "Саратов",
  "Europe/Ulyanovsk": "Ульяновск",
  "Europe/Samara": "Самара",
  "Asia/Yekaterinburg": "Екатеринбург",
  "Asia/Omsk": "Омск",
  "Asia/Novosibirsk": "Новосибирск",
  "Asia/Barnaul": "Барнаул",
  "Asia/Tomsk": "Томск",
  "Asia/Novokuznetsk": "Новокузнецк",
  "Asia/Krasnoyarsk": "Красноярск",
  "Asia/Irkutsk": "Иркутск",
  "Asia/Chita": "Чита",
  "Asia/Yakutsk": "Якутск",
  "Asia/Khandyga": "Хандыга",
  "Asia/Vladivostok": "Владивосток",
  "Asia/Ust-Nera": "Усть-Нера",
  "Asia/Magadan": "Магадан",
  "Asia/Sakhalin": "Южно-Сахалинск",
  "Asia/Srednekolymsk": "Среднеколымск",
  "Asia/Kamchatka": "Петропавловск-Камчатский",
  "Asia/Anadyr": "Анадырь",
};

/** The zone's city as people say it: «Владивосток» (falls back to the IANA name). */
export function zoneCity(timeZone: string, locale = "ru"): string {
  const russian = RUSSIAN_CITIES[timeZone];
  if (russian && locale.startsWith("ru")) return russian;
  try {
    const part = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "shortGeneric" })
      .formatToParts(new Date())
      .find((p) => p.type === "timeZoneName")?.value;
    if (part && !/^(GMT|UTC)/.test(part)) return part;
  } catch {
    // An unknown zone: show its name.
  }
  return timeZone.split("/").pop()!.replace(/_/g, " ");
}

/** The viewer's IANA zone. */
export function viewerZone(): string | undefined {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export interface ZoneDifference {
  school: string;
  schoolOffset: number;
  viewerOffset: number;
}

/** Null when the school's clock reads like the viewer's at `at`; else both offsets. */
export function zoneDifference(schoolZone: string, at: Date = new Date(), viewer = viewerZone()): ZoneDifference | null {
  const schoolOffset = zoneOffsetMinutes(schoolZone, at);
  const viewerOffset = zoneOffsetMinutes(viewer, at);
  return schoolOffset === viewerOffset ? null : { school: schoolZone, schoolOffset, viewerOffset };
}

/** Minutes east of UTC written in an ISO instant ("…+10:00" → 600). */
export function offsetOfInstant(text: string): number | null {
  if (/Z$/.test(text)) return 0;
  const match = /([+-])(\d{2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}
