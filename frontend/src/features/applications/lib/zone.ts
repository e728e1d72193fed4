/**
 * The school's time zone as a person reads it: «Екатеринбург», «Владивосток». The long
 * generic name is used because Chromium's short generic names come in Latin letters
 * («Yekaterinburg») even for Russian; «, стандартное время» is cut off.
 */
export function zoneName(timeZone: string, locale: string): string | null {
  try {
    const name = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "longGeneric" })
      .formatToParts(new Date())
      .find((part) => part.type === "timeZoneName")?.value;
    if (!name || /^(GMT|UTC)/.test(name)) return null;
    return name.replace(/,\s*(стандартное время|standard time)$/iu, "");
  } catch {
    return null;
  }
}
