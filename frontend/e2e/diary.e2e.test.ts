/**
 * The diary end to end: a teacher grades a lesson and marks an absence; the parent sees
 * the grade and «Н» in the week diary and the notification in the bell. axe-core checks
 * the diary and the journal at 360 and 1280 px; screenshots go to e2e/screenshots/.
 *
 * Needs the server's database: DATABASE_URL (and EDUDIARY_ENV=development) as the
 * Makefile's e2e target passes them, so that `edudiary seed-demo --json` (and, for what
 * the seed does not have yet, `edudiary create-user`) prepare the same database.
 */
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import ru from "../src/lib/i18n/ru.json";
import {
  BASE_URL,
  launchBrowser,
  screenshot,
  seriousAxeViolations,
  waitForServer,
  watchErrors,
  type Browser,
} from "./browser";
import { latestCode, prepareDiaryFixture, type Account, type CandidateLesson, type DiaryFixture } from "./diary-fixture";
import { resendButton } from "./sign-in";

const HAS_DATABASE = !!process.env.DATABASE_URL;
if (!HAS_DATABASE) {
  console.warn(
    "diary.e2e: DATABASE_URL is not set, so seed-demo cannot prepare the server's database; skipped. " +
      "The Makefile's e2e target should pass DATABASE_URL=$url EDUDIARY_ENV=development to `npm run test:e2e`.",
  );
}

let browser: Browser;
let fixture: DiaryFixture;
/** The lesson the teacher grades (one of the fixture's candidates they teach). */
let lesson: CandidateLesson;
let page: Page | undefined;
/** Who the browser is signed in as: a second sign-in within a minute would wait for the SMS cooldown. */
let signedInAs: string | null = null;
let pageErrors: string[] = [];

async function openPage(width = 1280): Promise<Page> {
  page = await browser.context.newPage();
  await page.setViewportSize({ width, height: 900 });
  pageErrors = watchErrors(page);
  // Chromium's console line for a failed request has no address: name it.
  page.on("response", (response) => {
    if (response.status() >= 400 && ![401, 429].includes(response.status())) {
      pageErrors.push(`response: ${response.status()} ${response.request().method()} ${response.url()}`);
    }
  });
  return page;
}

afterEach(async () => {
  await page?.close();
  page = undefined;
  // A refresh that finds no session answers 401: Chromium logs it, the app handles it.
  // A refresh that finds no session answers 401, an SMS asked for too soon 429: Chromium
  // logs them, the app handles them.
  const real = pageErrors.filter((e) => !/Failed to load resource: the server responded with a status of (401|429)/.test(e));
  expect(real, "the page logged errors").toEqual([]);
});

/**
 * Signs in through the login page; the SMS code comes from the development outbox. A
 * phone that got a code in the last minute gets none at once: then the test waits for
 * «Отправить код ещё раз», as a person would.
 */
async function signIn(p: Page, account: Account, next: string): Promise<void> {
  if (signedInAs === account.login) {
    await p.goto(`${BASE_URL}${next}`);
    return;
  }
  signedInAs = null;
  await browser.context.clearCookies();
  await p.goto(`${BASE_URL}/login?next=${encodeURIComponent(next)}`);
  await p.evaluate(() => window.localStorage.clear());
  await p.getByLabel(ru.fields.login, { exact: true }).fill(account.login);
  await p.getByLabel(ru.fields.password, { exact: true }).fill(account.password);
  let askedAt = Date.now();
  await p.getByRole("button", { name: ru.login.submit, exact: true }).click();
  const code = p.getByLabel(ru.fields.smsCode, { exact: true });
  await Promise.race([
    code.waitFor({ timeout: 15_000 }),
    p.waitForURL((url) => !url.pathname.startsWith("/login"), { timeout: 15_000 }),
  ]);
  if (!new URL(p.url()).pathname.startsWith("/login")) {
    signedInAs = account.login;
    return;
  }
  let sms = await latestCode(account.login, askedAt, "login").catch(() => null);
  if (!sms) {
    const resend = resendButton(p);
    await resend.waitFor({ timeout: 75_000 });
    askedAt = Date.now();
    await resend.click();
    sms = await latestCode(account.login, askedAt, "login");
  }
  await code.fill(sms);
  await p.getByRole("button", { name: ru.login.verify, exact: true }).click();
  await p.waitForURL((url) => !url.pathname.startsWith("/login"), { timeout: 15_000 });
  signedInAs = account.login;
}

async function expectAccessible(p: Page, name: string): Promise<void> {
  await screenshot(p, name);
  const violations = await seriousAxeViolations(p);
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
}

describe.skipIf(!HAS_DATABASE)("the diary", () => {
  beforeAll(async () => {
    await waitForServer(`${BASE_URL}/api/v1/health`);
    fixture = await prepareDiaryFixture();
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("a teacher marks the absence, grades the lesson and sets homework", async () => {
    const p = await openPage(1280);
    // The first teacher with one of the child's lessons in «Мои уроки».
    const week = fixture.lessons[0]!.week;
    let found: CandidateLesson | undefined;
    for (const teacher of fixture.teachers) {
      await signIn(p, teacher, `/teach?week=${week}`);
      await p.getByRole("heading", { level: 1, name: ru.journal.teach.title }).waitFor();
      await p.getByRole("heading", { name: ru.journal.teach.lessons }).waitFor();
      await p.locator(".teach-lesson, .jr-empty").first().waitFor();
      const hrefs = await p.locator('a[href^="/teach/lessons/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href")));
      found = fixture.lessons.find((l) => hrefs.includes(`/teach/lessons/${l.lessonId}`));
      if (found) break;
    }
    if (!found) throw new Error("none of the fixture's teachers teaches the child this week");
    lesson = found;
    await screenshot(p, "teach-1280");

    await p.goto(`${BASE_URL}/teach/lessons/${lesson.lessonId}`);
    await p.getByRole("heading", { level: 1, name: `${lesson.subject}, ${fixture.className}` }).waitFor();
    const topic = p.locator("form", { has: p.getByRole("heading", { name: ru.journal.lesson.topicTitle }) });
    await topic.getByLabel(ru.journal.lesson.topic, { exact: true }).fill("Квадратные уравнения");
    await topic.getByRole("button", { name: ru.journal.lesson.saveTopic }).click();
    await topic.getByText(/Сохранено в \d\d:\d\d/).waitFor();

    // Everyone present, then «Н» for the fixture's child.
    const attendance = p.locator("form", { has: p.getByRole("heading", { name: ru.journal.lesson.attendanceTitle }) });
    await attendance.getByRole("button", { name: ru.journal.lesson.allPresent }).click();
    await attendance.getByText(/Сохранено в \d\d:\d\d/).waitFor();
    // The child's row (by id: a rerun on one database may enrol a namesake).
    const radio = (form: typeof attendance, value: string) => form.locator(`input[name$="-${fixture.studentId}"][value="${value}"]`);
    // Present first, then absent: the family is told of the change even on a rerun.
    await radio(attendance, "present").check({ force: true });
    await attendance.getByRole("button", { name: ru.journal.lesson.saveAttendance }).click();
    await attendance.getByText(/Сохранено в \d\d:\d\d/).waitFor();
    await radio(attendance, "absent").check({ force: true });
    await attendance.getByRole("button", { name: ru.journal.lesson.saveAttendance }).click();
    await attendance.getByText(/Сохранено в \d\d:\d\d/).waitFor();

    const grades = p.locator("form", { has: p.getByRole("heading", { name: ru.journal.lesson.gradesTitle }) });
    await expect(attendance.getByRole("group", { name: fixture.studentName }).first().isVisible()).resolves.toBe(true);
    await radio(grades, "5").check({ force: true });
    // The child is marked «Н»: the grade needs the teacher's tick (work handed in later).
    await grades.getByLabel(ru.journal.lesson.absentConfirm).check();
    // A comment of this run, so a rerun on the same database still changes the grade.
    await grades.locator(`input[id$="-${fixture.studentId}-c"]`).fill(`Отличный ответ у доски, ${Date.now() % 100_000}`);
    await grades.getByRole("button", { name: ru.journal.lesson.saveGrades }).click();
    await grades.getByText(/Сохранено в \d\d:\d\d/).waitFor();

    const homework = p.getByRole("form", { name: ru.journal.lesson.homeworkNew });
    await homework.getByLabel(ru.journal.lesson.homeworkText).fill("§ 14, № 301–305");
    await homework.getByRole("button", { name: ru.journal.lesson.giveHomework }).click();
    await homework.getByText(ru.journal.lesson.homeworkGiven).waitFor();
    await screenshot(p, "lesson-1280");

    await p.setViewportSize({ width: 360, height: 800 });
    await expectAccessible(p, "lesson-360");
  }, 150_000);

  it("the journal grid takes keys, shows saving and saved, and undoes", async () => {
    const p = await openPage(1280);
    await p.goto(`${BASE_URL}/teach/journal/${fixture.classId}?subject=${lesson.subjectId}`);
    const grid = p.getByRole("grid");
    await grid.waitFor();
    // The fixture's lesson shows what the lesson page saved.
    const day = `${lesson.date.slice(8, 10)}\\.${lesson.date.slice(5, 7)}`;
    const childCell = grid.locator(`td[data-student="${fixture.studentId}"][data-lesson="${lesson.lessonId}"]`);
    await expect(childCell.textContent()).resolves.toMatch(new RegExp(`^${fixture.studentName}, ${day}: .*5 \\(`));
    await expect(childCell.textContent()).resolves.toContain(ru.diary.badge.attendanceLong.absent);

    // A classmate's cell on the same lesson: type 4, see it saved, undo it.
    const empty = grid.getByRole("gridcell", { name: new RegExp(`, ${day}`) }).filter({ hasNot: p.locator(".journal__grade") });
    // Pinned by its position: typing moves the cursor and fills the cell.
    const cell = grid.locator(`td[data-cell="${await empty.first().getAttribute("data-cell")}"]`);
    await cell.click();
    await p.keyboard.press("4");
    await p.getByText(ru.journal.grid.allSaved).waitFor();
    await expect(cell.textContent()).resolves.toMatch(/4 \(/);
    await expectAccessible(p, "journal-1280");

    await p.keyboard.press("Control+z");
    await p.getByText(ru.journal.grid.allSaved).waitFor();
    await expect.poll(() => cell.textContent()).not.toMatch(/4 \(/);

    // The child's previous lesson: a 4 that stays (the parent sees it too).
    await childCell.click();
    await p.keyboard.press("ArrowLeft");
    await p.keyboard.press("4");
    await p.getByText(ru.journal.grid.allSaved).waitFor();

    // Arrows move; «Н» marks an absence; again clears it.
    await cell.click();
    // (Playwright cannot press «н»: no US key makes it; N is the same command.)
    await p.keyboard.press("ArrowUp");
    await p.keyboard.press("n");
    await p.getByText(ru.journal.grid.allSaved).waitFor();
    await p.keyboard.press("ArrowUp");
    await p.keyboard.press("n");
    await p.getByText(ru.journal.grid.allSaved).waitFor();

    await p.setViewportSize({ width: 360, height: 800 });
    await expectAccessible(p, "journal-360");
  });

  it("the parent sees the grade, «Н» and the notification", async () => {
    const p = await openPage(360);
    await signIn(p, fixture.parent, `/diary/${fixture.studentId}?week=${lesson.week}`);
    const day = p.locator(`section[aria-labelledby="day-${lesson.date}"]`);
    const item = day.locator("li.lesson", { has: p.getByText("Отличный ответ у доски", { exact: false }) });
    await item.getByText(/Оценка 5/).first().waitFor();
    await expect(item.getByText("Н", { exact: true }).isVisible()).resolves.toBe(true);
    await expect(item.getByText(ru.diary.badge.attendanceLong.absent).count()).resolves.toBeGreaterThan(0);
    await expectAccessible(p, "diary-360");

    // The grade's work type on tap.
    const summary = item.locator("summary.grade", { hasText: "5" }).first();
    await summary.click();
    await expect(summary.locator("xpath=..").getAttribute("open")).resolves.not.toBeNull();

    // The bell: unread count, the grade and the absence, each leading to the week.
    // On a phone the bell stays in the bar, outside the folded menu.
    const bar = p.locator(".site-header__bar-tools");
    await bar.getByRole("button", { name: /^Уведомления — новых: \d+$/ }).click();
    const panel = bar.locator(".bell__panel");
    // «Новая оценка: 5» on a fresh database; «Оценка изменена: 5» when a rerun regrades.
    const gradeNotice = panel.getByRole("link", { name: /(Новая оценка|Оценка изменена): 5/ }).first();
    await gradeNotice.waitFor();
    await panel.getByRole("link", { name: /Пропуск урока/ }).first().waitFor();
    await screenshot(p, "bell-360");
    await gradeNotice.click();
    await p.waitForURL(new RegExp(`/diary/${fixture.studentId}\\?week=`));

    await p.goto(`${BASE_URL}/diary/${fixture.studentId}?week=${lesson.week}`);
    await p.setViewportSize({ width: 1280, height: 900 });
    await item.getByText(/Оценка 5/).first().waitFor();
    await expectAccessible(p, "diary-1280");
  });

  it("the parent reads grades with the average explained, and files an absence note", async () => {
    const p = await openPage(1280);
    await signIn(p, fixture.parent, `/diary/${fixture.studentId}/grades`);
    await p.getByRole("heading", { level: 1, name: ru.diary.grades.title }).waitFor();
    const card = p.locator("article", { has: p.getByRole("heading", { name: lesson.subject, exact: true }) });
    await card.getByRole("button", { name: ru.diary.grades.explain }).click();
    await card.getByText(/Средний балл = Σ/).waitFor();
    await card.getByRole("button", { name: "Добавить оценку 2" }).click();
    await card.getByText(/Средний балл стал бы/).waitFor();
    await expectAccessible(p, "grades-1280");
    await p.setViewportSize({ width: 360, height: 800 });
    await screenshot(p, "grades-360");

    await p.goto(`${BASE_URL}/diary/${fixture.studentId}/attendance`);
    await p.getByRole("heading", { level: 1, name: ru.diary.attendance.title }).waitFor();
    await p.getByLabel(ru.diary.notes.reason).fill("Был у врача, справка будет");
    await p.getByRole("button", { name: ru.diary.notes.send }).click();
    await p.getByText(ru.diary.notes.sentTitle).waitFor();
    await p.getByText(ru.diary.notes.filed).first().waitFor();
    await expectAccessible(p, "attendance-360");
  });
});
