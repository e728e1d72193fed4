/** «4,67» in Russian, "4.67" in English; a dash for nothing. */
export function formatNumber(value: number | null | undefined, locale: string, digits = 2): string {
  if (value === null || value === undefined) return "—";
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** «93,3 %» (a no-break space before the sign, as Russian typography asks); "93.3%" in English. */
export function formatPercent(value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined) return "—";
  const number = formatNumber(value, locale, 1);
  return locale === "ru" ? `${number}\u00a0%` : `${number}%`;
}

/** «+0,50» / «−0,50» with a real minus sign; «0,00» for no change. */
export function formatDelta(value: number | null | undefined, locale: string, digits = 2): string {
  if (value === null || value === undefined) return "—";
  const magnitude = formatNumber(Math.abs(value), locale, digits);
  if (value > 0) return `+${magnitude}`;
  if (value < 0) return `\u2212${magnitude}`;
  return magnitude;
}

/** Where a value sits between `min` and `max`, mapped onto [from, to] (for the charts). */
export function scale(value: number, min: number, max: number, from: number, to: number): number {
  if (max === min) return (from + to) / 2;
  return from + ((value - min) / (max - min)) * (to - from);
}
