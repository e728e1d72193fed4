import { describe, expect, it } from "vitest";

import { formatDate, formatTime, genderFromPatronymic } from "./format";
import { i18n } from "./i18n";

const NBSP = "\u00a0";

describe("formatDate", () => {
  it("writes a date the Russian way, with a non-breaking space before «г.»", () => {
    expect(formatDate(new Date(2026, 10, 28))).toBe(`28 ноября 2026${NBSP}г.`);
  });

  it("uses the genitive month names", () => {
    expect(formatDate(new Date(2026, 0, 1))).toBe(`1 января 2026${NBSP}г.`);
    expect(formatDate(new Date(2026, 4, 9))).toBe(`9 мая 2026${NBSP}г.`);
  });

  it("shows a date-only string as that calendar day in every time zone", () => {
    expect(formatDate("2026-11-28")).toBe(`28 ноября 2026${NBSP}г.`);
    expect(formatDate("2026-11-28", { timeZone: "Asia/Kamchatka" })).toBe(`28 ноября 2026${NBSP}г.`);
    expect(formatDate("2026-11-28", { timeZone: "America/Los_Angeles" })).toBe(
      `28 ноября 2026${NBSP}г.`,
    );
  });

  it("shows an instant in the school's time zone", () => {
    // 22:30 in Moscow is already the next day in Vladivostok.
    const instant = "2026-11-28T22:30:00+03:00";
    expect(formatDate(instant, { timeZone: "Europe/Moscow" })).toBe(`28 ноября 2026${NBSP}г.`);
    expect(formatDate(instant, { timeZone: "Asia/Vladivostok" })).toBe(`29 ноября 2026${NBSP}г.`);
  });

  it("writes English dates for the English interface", () => {
    expect(formatDate(new Date(2026, 10, 28), { locale: "en" })).toBe("November 28, 2026");
  });

  it("refuses an invalid date instead of printing «Invalid Date»", () => {
    expect(() => formatDate("not a date")).toThrow(RangeError);
  });
});

describe("formatTime", () => {
  it("uses the 24-hour clock", () => {
    expect(formatTime(new Date(2026, 10, 28, 7, 45))).toBe("07:45");
    expect(formatTime(new Date(2026, 10, 28, 19, 5))).toBe("19:05");
    expect(formatTime(new Date(2026, 10, 28, 19, 5), { locale: "en" })).toBe("19:05");
  });
});

describe("genderFromPatronymic", () => {
  it.each([
    ["Петрович", "male"],
    ["Ильич", "male"],
    ["Мамед оглы", "male"],
    ["Петровна", "female"],
    ["Ильинична", "female"],
    ["Алиевна", "female"],
    ["Гасан кызы", "female"],
    [null, null],
    ["", null],
    ["Smith", null],
  ] as const)("%s → %s", (middleName, gender) => {
    expect(genderFromPatronymic(middleName)).toBe(gender);
  });

  it("writes «зачислен» or «зачислена» in the approval's consequences, «зачислен(а)» when unknown", async () => {
    await i18n.changeLanguage("ru");
    const say = (middleName: string | null) =>
      i18n.t("staffReview.decision.consequences.approve", {
        child: "Ученик",
        class: "1-А",
        context: genderFromPatronymic(middleName) ?? undefined,
      });
    expect(say("Сергеевна")).toContain("будет зачислена в 1-А класс (или найдена");
    expect(say("Сергеевич")).toContain("будет зачислен в 1-А класс (или найден в");
    expect(say(null)).toContain("зачислен(а)");
  });
});
