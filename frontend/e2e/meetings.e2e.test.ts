/**
 * Meetings end to end: the demo class teacher arranges a meeting in the form (a
 * validation error first: nothing typed is lost), the demo parent books a time for the
 * child — a time someone else took meanwhile answers «занято» in words — and the teacher
 * sees the child's name at that time in the schedule. Every screen is checked with axe
 * and photographed at 360 and 1280 px (e2e/screenshots/meetings-*.png).
 *
 * Needs the server's database (DATABASE_URL, EDUDIARY_ENV=development), as diary.e2e does.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import ru from "../src/lib/i18n/ru.json";
import { BASE_URL, launchBrowser, screenshot, seriousAxeViolations, waitForServer, watchErrors, type Browser } from "./browser";
import { apiLogin, seedDemo, type Account } from "./diary-fixture";
import { signIn } from "./sign-in";

const HAS_DATABASE = !!process.env.DATABASE_URL;
const PLACE = `Кабинет ${Date.now() % 1000}`;

let browser: Browser;
let classTeacher: Account;
let parent: Account;
let student: Account;
let admin: Account;
let teacher: Account;
let parentToken: string;
let studentToken: string;
let teacherToken: string;

async function api<T>(method: string, url: string, token: string, body?: unknown): Promise<T> {
  const response = await fetch(`${BASE_URL}/api/v1${url}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} → ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** ДД.ММ.ГГГГ of a day `days` ahead (the Moscow demo school). */
function dayAhead(days: number): string {
  const at = new Date(Date.now() + days * 86_400_000);
  const [y, m, d] = at.toLocaleDateString("sv-SE", { timeZone: "Europe/Moscow" }).split("-");
  return `${d}.${m}.${y}`;
}

async function look(page: Page, name: string): Promise<void> {
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    // The main menu measures which links fit after a resize: let it settle.
    await page
      .waitForFunction((w) => document.documentElement.scrollWidth <= w, width, { timeout: 5_000 })
      .catch(() => undefined);
    await screenshot(page, `meetings-${name}-${width}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width}`).toBeLessThanOrEqual(width);
    expect(await seriousAxeViolations(page), name).toEqual([]);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe.skipIf(!HAS_DATABASE)("meetings in the browser", () => {
  beforeAll(async () => {
    await waitForServer(`${BASE_URL}/api/v1/health`);
    const seed = seedDemo();
    classTeacher = seed.accounts.find((a) => a.role === "class_teacher")!;
    parent = seed.accounts.find((a) => a.role === "parent")!;
    student = seed.accounts.find((a) => a.role === "student")!;
    admin = seed.accounts.find((a) => a.role === "school_admin")!;
    teacher = seed.accounts.find((a) => a.role === "teacher")!;
    // API tokens first: a browser log-in of the same number right after would wait out
    // the SMS cooldown.
    parentToken = await apiLogin(parent);
    studentToken = await apiLogin(student);
    teacherToken = await apiLogin(teacher);
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("a teacher arranges a meeting, a parent books a time, the teacher sees who", async () => {
    const page: Page = await browser.context.newPage();
    const errors = watchErrors(page);

    // The class teacher: the form keeps everything typed when a field is wrong.
    await signIn(browser.context, page, classTeacher, "/teach/meetings/new");
    await page.getByRole("heading", { level: 1, name: ru.events.meeting.new }).waitFor({ timeout: 15_000 });
    await page.getByLabel(ru.events.meeting.day, { exact: false }).first().fill(dayAhead(3));
    await page.getByLabel(ru.events.meeting.to, { exact: true }).fill("18:45");
    await page.getByRole("button", { name: ru.events.meeting.publish, exact: true }).click();
    await page.getByText(ru.events.meeting.errors.place).waitFor();
    expect(await page.getByLabel(ru.events.meeting.to, { exact: true }).inputValue()).toBe("18:45");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("place");
    await look(page, "form-error");
    await page.getByLabel(ru.events.meeting.place, { exact: false }).first().fill(PLACE);
    await page.getByText("18:30–18:45").waitFor();
    await page.getByRole("button", { name: ru.events.meeting.publish, exact: true }).click();
    await page.waitForURL((url) => url.pathname === "/teach/meetings", { timeout: 15_000 });
    const card = page.locator(".schedule", { hasText: PLACE });
    await card.waitFor();
    expect(await card.locator("tbody tr").count()).toBe(3);

    // Someone else (the demo pupil's own account, same class) takes 18:00 meanwhile.
    const meetings = await api<{ items: { id: string; place: string; slots: { id: string; starts_at: string }[] }[] }>(
      "GET",
      `/students/${student.student_ids![0]}/meetings`,
      studentToken,
    );
    const meeting = meetings.items.find((m) => m.place === PLACE)!;
    const childId = parent.student_ids![0]!;

    // The parent books 18:15, then tries 18:00.
    await signIn(browser.context, page, parent, `/diary/${childId}/meetings`);
    const mine = page.locator(".meeting", { hasText: PLACE });
    await mine.waitFor({ timeout: 15_000 });
    await look(page, "family");
    await api("POST", `/meeting-slots/${meeting.slots[0]!.id}/booking`, studentToken, {
      student_id: student.student_ids![0],
    });
    await mine.getByRole("button", { name: "Записаться на 18:00–18:15" }).click();
    await mine.getByText(ru.diary.meetings.errors.slotTaken).waitFor();
    await mine.locator(".slot--taken", { hasText: "18:00" }).waitFor();
    await mine.getByRole("button", { name: "Записаться на 18:15–18:30" }).click();
    await mine.locator(".slot--mine", { hasText: "18:15" }).waitFor();
    await mine.getByText(/Готово: вы записаны/).waitFor();
    expect(await mine.getByRole("button", { name: /^Записаться/ }).count()).toBe(0);
    await look(page, "family-booked");

    // The booking stands in the week diary too.
    await page.goto(`${BASE_URL}/diary/${childId}`);
    await page.locator(".upcoming").getByText(/вы записаны/).first().waitFor({ timeout: 15_000 });

    // The teacher sees who holds 18:15; the family never saw who holds 18:00.
    const children = await api<{ id: string; last_name: string; first_name: string }[]>(
      "GET",
      "/me/students",
      parentToken,
    );
    const child = children.find((c) => c.id === childId)!;
    await signIn(browser.context, page, classTeacher, "/teach/meetings");
    const row = page.locator(".schedule", { hasText: PLACE }).locator("tr", { hasText: "18:15–18:30" });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain(`${child.last_name} ${child.first_name}`);
    await look(page, "schedule");

    expect(errors.filter((e) => !/401|409|429/.test(e))).toEqual([]);
    await page.close();
  }, 300_000);

  it("the lesson's test, the event form and the moderation screen", async () => {
    const page: Page = await browser.context.newPage();
    const errors = watchErrors(page);

    // A parent reports a conversation; the school admin reads it on a click (audited).
    const contacts = await api<{ items: { account_id: string; roles: string[] }[] }>(
      "GET",
      `/me/contacts?student_id=${parent.student_ids![0]}`,
      parentToken,
    );
    const to = contacts.items.find((c) => c.roles.includes("class_teacher")) ?? contacts.items[0]!;
    const reported = await api<{ id: string }>("POST", "/conversations", parentToken, {
      recipient_ids: [to.account_id],
      subject: "Жалоба",
      text: `Прошу разобраться ${PLACE}`,
    });
    await api("POST", `/conversations/${reported.id}/report`, parentToken, { reason: "Грубость" });
    await signIn(browser.context, page, admin, "/school/moderation");
    const item = page.locator(".moderation-item", { hasText: "Жалоба" }).first();
    await item.waitFor({ timeout: 15_000 });
    await look(page, "moderation-list");
    await item.getByRole("button", { name: ru.messaging.moderation.read, exact: true }).click();
    await item.getByText(`Прошу разобраться ${PLACE}`).waitFor();
    await look(page, "moderation-read");

    // The teacher marks a coming lesson's work as a test.
    const from = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const until = new Date(Date.now() + 16 * 86_400_000).toISOString().slice(0, 10);
    const lessons = await api<{ id: string; status: string; planned_work: unknown }[]>(
      "GET",
      `/me/lessons?from=${from}&to=${until}`,
      teacherToken,
    );
    const lesson = lessons.find((l) => l.status === "scheduled" && !l.planned_work)!;
    await signIn(browser.context, page, teacher, `/teach/lessons/${lesson.id}`);
    const toggle = page.getByLabel(ru.journal.lesson.plannedTest, { exact: true });
    await toggle.waitFor({ timeout: 15_000 });
    // click(), not check(): the box turns on when the save's pending state renders, a tick
    // after the click (react-query notifies on a timer), and check() reads it at once.
    await toggle.click();
    await page.getByText(ru.journal.lesson.plannedSaved).waitFor();
    expect(await toggle.isChecked()).toBe(true);
    expect((await api<{ planned_work: { code: string } | null }>("GET", `/lessons/${lesson.id}`, teacherToken)).planned_work?.code).toBe("test");
    await look(page, "lesson-test");

    // The class teacher adds a class event: a missing title is named, then it is saved.
    await signIn(browser.context, page, classTeacher, "/school/events/new");
    await page.getByRole("heading", { level: 1, name: ru.events.event.new }).waitFor({ timeout: 15_000 });
    await page.getByLabel(ru.events.event.day, { exact: false }).first().fill(dayAhead(5));
    await page.getByRole("button", { name: ru.events.event.save, exact: true }).click();
    await page.getByText(ru.events.event.errors.title).waitFor();
    await look(page, "event-error");
    await page.getByLabel(ru.events.event.title, { exact: true }).fill(`Экскурсия ${PLACE}`);
    await page.getByRole("button", { name: ru.events.event.save, exact: true }).click();
    await page.getByText(/Событие «Экскурсия/).waitFor();
    await look(page, "event-saved");

    expect(errors.filter((e) => !/401|409|422|429/.test(e))).toEqual([]);
    await page.close();
  }, 400_000);
});
