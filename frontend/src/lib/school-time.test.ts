import { describe, expect, it } from "vitest";

import {
  formatDayHeading,
  formatDayMonth,
  formatDayRange,
  formatDayShort,
  formatOffset,
  offsetOfInstant,
  zoneCity,
  zoneDifference,
  zoneOffsetMinutes,
} from "./school-time";

describe("school days and time zones", () => {
  it("names days in Russian", () => {
    expect(formatDayHeading("2026-11-23")).toBe("Понедельник, 23 ноября");
    expect(formatDayHeading("2026-11-28")).toBe("Суббота, 28 ноября");
    expect(formatDayHeading("2026-11-23", "en")).toBe("Monday, November 23");
    expect(formatDayShort("2026-11-24")).toBe("Вт, 24.11");
    expect(formatDayMonth("2026-11-25")).toBe("25 ноября");
  });

  it("writes a week's range «23–29 ноября 2026 г.», across years too", () => {
    expect(formatDayRange("2026-11-23", "2026-11-29")).toBe("23–29 ноября 2026\u00a0г.");
    expect(formatDayRange("2026-12-28", "2027-01-03")).toBe("28 декабря 2026\u00a0г. – 3 января 2027\u00a0г.");
  });

  it("knows zone offsets and writes them as UTC+N", () => {
    const at = new Date("2026-11-23T00:00:00Z");
    expect(zoneOffsetMinutes("Asia/Vladivostok", at)).toBe(600);
    expect(zoneOffsetMinutes("Europe/Moscow", at)).toBe(180);
    expect(zoneOffsetMinutes("Asia/Kolkata", at)).toBe(330);
    expect(formatOffset(600)).toBe("UTC+10");
    expect(formatOffset(330)).toBe("UTC+5:30");
    expect(formatOffset(0)).toBe("UTC");
    expect(formatOffset(-300)).toBe("UTC−5");
    expect(offsetOfInstant("2026-11-23T08:30:00+10:00")).toBe(600);
    expect(offsetOfInstant("2026-11-23T05:30:00Z")).toBe(0);
  });

  it("says when the school's clock differs from the viewer's", () => {
    const at = new Date("2026-11-23T00:00:00Z");
    expect(zoneDifference("Asia/Vladivostok", at, "Europe/Moscow")).toEqual({
      school: "Asia/Vladivostok",
      schoolOffset: 600,
      viewerOffset: 180,
    });
    expect(zoneDifference("Europe/Moscow", at, "Europe/Simferopol")).toBeNull();
  });

  it("names the zone's city", () => {
    expect(zoneCity("Asia/Vladivostok")).toBe("Владивосток");
    expect(zoneCity("Europe/Moscow")).toBe("Москва");
    expect(zoneCity("Asia/Kamchatka")).toBe("Петропавловск-Камчатский");
    expect(zoneCity("Nowhere/Some_Place")).toBe("Some Place");
  });
});
