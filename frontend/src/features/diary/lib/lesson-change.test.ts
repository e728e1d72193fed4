import { describe, expect, it } from "vitest";

import { i18n } from "@/lib/i18n";

import { lessonChange, movedFrom, shortPersonName } from "./lesson-change";

const NBSP = "\u00a0";
const ZONE = "Asia/Vladivostok";

const lesson = (extra: Partial<Parameters<typeof lessonChange>[0]> = {}): Parameters<typeof lessonChange>[0] => ({
  status: "scheduled",
  starts_at: "2026-11-27T09:25:00+10:00",
  original_date: null,
  original_starts_at: null,
  substitute_teacher: null,
  change_note: null,
  ...extra,
});

const change = (extra: Partial<Parameters<typeof lessonChange>[0]> = {}) =>
  lessonChange(lesson(extra), i18n.t.bind(i18n), ZONE, "ru");

describe("lesson change labels", () => {
  it("say nothing about an unchanged lesson", () => {
    expect(change()).toEqual({ flag: null, substitute: null, note: null });
  });

  it("«Урок отменён» with the school's note", () => {
    expect(change({ status: "cancelled", change_note: " Болезнь учителя " })).toEqual({
      flag: { kind: "cancelled", text: "Урок отменён" },
      substitute: null,
      note: "Болезнь учителя",
    });
  });

  it("«Перенесён с 25 ноября» for a lesson moved from another day", () => {
    const moved = { status: "moved" as const, original_date: "2026-11-25", original_starts_at: "2026-11-25T08:30:00+10:00" };
    expect(change(moved).flag).toEqual({ kind: "moved", text: `Перенесён с${NBSP}25 ноября` });
    expect(movedFrom(lesson(moved), ZONE, "ru")).toBe("25 ноября");
    expect(movedFrom(lesson({ ...moved, original_date: "2026-12-01" }), ZONE, "ru")).toBe("1 декабря");
  });

  it("gives the former time for a lesson moved within its day", () => {
    const moved = { status: "moved" as const, original_date: "2026-11-27", original_starts_at: "2026-11-26T22:30:00Z" };
    // 22:30 UTC is 08:30 the next morning in Vladivostok: the school's clock.
    expect(change(moved).flag?.text).toBe(`Перенесён с${NBSP}08:30`);
  });

  it("«Перенесён» when where it was is unknown, and a cancelled move is just cancelled", () => {
    expect(change({ status: "moved" }).flag?.text).toBe("Перенесён");
    expect(change({ status: "cancelled", original_date: "2026-11-25" }).flag?.text).toBe("Урок отменён");
  });

  it("«Замена: Фамилия И. О.» with non-breaking spaces between the initials", () => {
    expect(change({ substitute_teacher: { id: "t2", name: "Орлова Нина Петровна" } }).substitute).toBe(
      `Замена: Орлова${NBSP}Н.${NBSP}П.`,
    );
    expect(shortPersonName("Волков Игорь")).toBe(`Волков${NBSP}И.`);
    expect(shortPersonName("Мамедов Рашид Ильхам оглы")).toBe(`Мамедов${NBSP}Р.${NBSP}И.`);
    expect(shortPersonName("Орлова")).toBe("Орлова");
  });

  it("reads in English too", async () => {
    await i18n.changeLanguage("en");
    const moved = lessonChange(
      lesson({ status: "moved", original_date: "2026-11-25", substitute_teacher: { id: "t", name: "Orlova Nina" } }),
      i18n.t.bind(i18n),
      ZONE,
      "en",
    );
    expect(moved.flag?.text).toBe("Moved from November 25");
    expect(moved.substitute).toBe(`Substitute: Orlova${NBSP}N.`);
  });
});
