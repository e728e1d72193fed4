/**
 * What a parent and a teacher met in the walk of issue 9, on the demo school: homework on
 * the day it is due; the journal on a phone (touch hints, the average's header not over a
 * lesson, surnames whole); a grade typed for a pupil marked «Н» waits for a second action.
 * Screenshots go to e2e/screenshots/ (diary-walk-*).
 *
 * Needs DATABASE_URL and EDUDIARY_ENV=development, as the Makefile's e2e target passes.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import ru from "../src/lib/i18n/ru.json";
import { addDays, weekOf } from "../src/lib/iso-week";
import { BASE_URL, launchBrowser, screenshot, waitForServer, watchErrors, type Browser } from "./browser";
import { apiLogin, seedDemo, type Account } from "./diary-fixture";
import { signIn as signInThroughPage } from "./sign-in";

const HAS_DATABASE = !!process.env.DATABASE_URL;
const API = `${BASE_URL}/api/v1`;

let browser: Browser;
let parent: Account;
let teacher: Account;
let studentId: string;
let adminToken: string;

async function get<T>(path: string, token: string): Promise<T> {
  const response = await fetch(`${API}${path}`, { headers: { Authorization: `Bearer ${token}`, Accept: "application/json" } });
  if (!response.ok) throw new Error(`GET ${path} → ${response.status}`);
  return (await response.json()) as T;
}

/** Signs in through the login page with the SMS from the development outbox (waiting out a recent code). */
async function signIn(p: Page, account: Account, next: string): Promise<void> {
  await signInThroughPage(browser.context, p, account, next);
}

interface DiaryDay {
  date: string;
  lessons: { number: number; subject: { name: string }; homework: { text: string; set_on: string; due_date: string }[] }[];
}

describe.skipIf(!HAS_DATABASE)("the walk of a parent and a teacher", () => {
  beforeAll(async () => {
    await waitForServer(`${API}/health`);
    const seed = seedDemo();
    parent = seed.accounts.find((a) => a.role === "parent")!;
    teacher = seed.accounts.find((a) => a.role === "teacher")!;
    studentId = parent.student_ids![0]!;
    adminToken = await apiLogin(seed.accounts.find((a) => a.role === "school_admin")!);
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("the parent finds homework on the day it is due", async () => {
    // A homework due this week or next, set on an earlier day, as the admin's API sees it.
    const today = new Date().toISOString().slice(0, 10);
    let found: { week: string; day: DiaryDay; text: string } | null = null;
    for (const week of [weekOf(today), weekOf(addDays(today, 7))]) {
      const diary = await get<{ days: DiaryDay[] }>(`/students/${studentId}/diary?week=${week}`, adminToken);
      for (const day of diary.days) {
        const item = day.lessons.flatMap((l) => l.homework).find((h) => h.set_on < h.due_date);
        if (item && !found) found = { week, day, text: item.text };
      }
    }
    expect(found, "the demo week has homework set earlier").not.toBeNull();
    const { week, day, text } = found!;

    const p = await browser.context.newPage();
    const errors = watchErrors(p);
    await p.setViewportSize({ width: 1280, height: 900 });
    await signIn(p, parent, `/diary/${studentId}?week=${week}`);
    const dayNumber = Number(day.date.slice(8, 10));
    const card = p.getByRole("region", { name: new RegExp(`, ${dayNumber} `) });
    await card.waitFor();
    await expect(card.getByText(text).first().isVisible()).resolves.toBe(true);
    await expect(card.getByText(/ДЗ, задано \d+/).first().isVisible()).resolves.toBe(true);
    await screenshot(p, "diary-walk-week-1280");
    await p.setViewportSize({ width: 375, height: 900 });
    await screenshot(p, "diary-walk-week-375");

    // «Текущие»: the soonest due first.
    await p.goto(`${BASE_URL}/diary/${studentId}/homework`);
    const dues = p.locator(".dy-record__meta").filter({ hasText: "Сдать к" });
    await dues.first().waitFor();
    const shown = await dues.allTextContents();
    const order = shown.map((line) => line.slice(0, line.indexOf("·")));
    expect(order.length).toBeGreaterThan(0);
    const months = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"];
    const key = (line: string) => {
      const [, d, m, y] = /(\d+) (\S+) (\d{4})/.exec(line)!;
      return Number(y) * 10_000 + (months.indexOf(m!) + 1) * 100 + Number(d);
    };
    const keys = order.map(key);
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
    expect(errors.filter((e) => !/status of (401|429)/.test(e))).toEqual([]);
    await p.close();
  }, 180_000);

  it("the teacher's journal works on a phone and holds a grade for a pupil marked «Н»", async () => {
    const p = await browser.context.newPage();
    const errors = watchErrors(p);
    await p.setViewportSize({ width: 375, height: 800 });
    // A finger, not a mouse: Chromium then answers (pointer: coarse) as a phone does.
    const cdp = await browser.context.newCDPSession(p);
    await cdp.send("Emulation.setTouchEmulationEnabled", { enabled: true, maxTouchPoints: 5 });
    await signIn(p, teacher, "/teach");
    // The first journal the teacher keeps, as «Мои уроки и журналы» links it.
    const journal = p.locator('a[href^="/teach/journal/"]').first();
    await journal.waitFor();
    await p.goto(`${BASE_URL}${await journal.getAttribute("href")}`);
    const grid = p.getByRole("grid");
    await grid.waitFor();

    await expect(p.getByText(ru.journal.grid.helpTouch).isVisible()).resolves.toBe(true);
    await expect(p.getByText(/Ctrl\+Z/).count()).resolves.toBe(0);
    // The average's header sits over its own column, not over a lesson's.
    const overlaps = await p.evaluate(() => {
      const head = document.querySelector(".journal__avg-head")!.getBoundingClientRect();
      return [...document.querySelectorAll(".journal__lesson")].filter((th) => {
        const box = th.getBoundingClientRect();
        return box.left < head.right - 1 && box.right > head.left + 1;
      }).length;
    });
    expect(overlaps).toBe(0);
    const cut = await p.evaluate(
      () => [...document.querySelectorAll(".journal__student")].filter((th) => th.scrollWidth > th.clientWidth + 1).length,
    );
    expect(cut).toBe(0);
    await screenshot(p, "diary-walk-journal-375");

    // A pupil marked «Н»: the typed grade waits, «Отмена» leaves the cell as it was.
    await cdp.send("Emulation.setTouchEmulationEnabled", { enabled: false });
    await p.setViewportSize({ width: 1280, height: 900 });
    // The cursor opens on today's (or the last held) lesson: mark «Н» there first.
    const cell = grid.locator("td.journal__cell--active");
    await cell.scrollIntoViewIfNeeded();
    await cell.click();
    const cellId = await cell.getAttribute("data-cell");
    const pinned = grid.locator(`td[data-cell="${cellId}"]`);
    if ((await pinned.locator(".journal__grade").count()) > 0) await p.keyboard.press("Delete");
    if ((await pinned.locator(".journal__att--absent").count()) === 0) {
      await p.keyboard.press("n");
      await p.getByText(ru.journal.grid.allSaved).waitFor();
      await pinned.click();
    }
    await expect(pinned.locator(".journal__att--absent").count()).resolves.toBe(1);
    await p.keyboard.press("4");
    const warning = p.locator(".journal__cell-confirm");
    await warning.waitFor();
    await expect(warning.textContent()).resolves.toContain("Ученик отмечен «Н» на этом уроке");
    await screenshot(p, "diary-walk-absent-confirm-1280");
    await warning.getByRole("button", { name: ru.journal.grid.absentCancel }).click();
    await expect(warning.count()).resolves.toBe(0);
    await expect(pinned.locator(".journal__grade").count()).resolves.toBe(0);
    // And the deliberate second action records it.
    await pinned.click();
    await p.keyboard.press("4");
    await warning.getByRole("button", { name: "Да, поставить 4" }).click();
    await p.getByText(ru.journal.grid.allSaved).waitFor();
    await expect(pinned.locator(".journal__grade").count()).resolves.toBe(1);
    expect(errors.filter((e) => !/status of (401|429)/.test(e))).toEqual([]);
    await p.close();
  }, 240_000);
});
