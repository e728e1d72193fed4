/**
 * Live updates end to end, two people in two browsers: the demo parent keeps the thread
 * open in one; the demo teacher, signed in in a second browser (its own profile, cookies
 * and session), writes from the thread's reply box. The parent's page shows the new
 * message, the bell's count, the «Сообщения» badge and the conversation list without a
 * reload. Screenshots at 360 and 1280 px go to e2e/screenshots/live-*.png.
 *
 * Needs the server's database (DATABASE_URL, EDUDIARY_ENV=development), as diary.e2e does.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import ru from "../src/lib/i18n/ru.json";
import { BASE_URL, launchBrowser, screenshot, waitForServer, watchErrors, type Browser } from "./browser";
import { apiLogin, seedDemo, type Account } from "./diary-fixture";
import { signIn } from "./sign-in";

const HAS_DATABASE = !!process.env.DATABASE_URL;

let parentBrowser: Browser;
let teacherBrowser: Browser;
let parent: Account;
let teacher: Account;
let conversationId: string;

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

/** Signs ``account`` in in ``browser`` and waits for the landing page's token renewal:
 * a second load while that renewal is in flight would present the refresh cookie it
 * rotates a second time, and a replayed refresh token ends the session by design. */
async function signedIn(browser: Browser, account: Account): Promise<Page> {
  const page = await browser.context.newPage();
  const renewed = page.waitForResponse((response) => response.url().endsWith("/api/v1/auth/refresh") && response.ok(), {
    timeout: 120_000, // signIn may wait out an SMS resend first
  });
  await signIn(browser.context, page, account, "/");
  await renewed;
  return page;
}

/** The teacher types into the open thread's reply box and sends, as a person would. */
async function teacherWrites(page: Page, text: string): Promise<void> {
  await page.getByLabel(ru.messaging.reply, { exact: true }).fill(text);
  await page.getByRole("button", { name: ru.messaging.send, exact: true }).click();
  await page.locator(".msg-bubble--mine", { hasText: text }).waitFor({ timeout: 15_000 });
}

describe.skipIf(!HAS_DATABASE)("live updates in the browser", () => {
  beforeAll(async () => {
    await waitForServer(`${BASE_URL}/api/v1/health`);
    const seed = seedDemo();
    parent = seed.accounts.find((a) => a.role === "parent")!;
    teacher = seed.accounts.find((a) => a.role === "teacher")!;
    // The conversation to talk in is set up through the API; every message the parent
    // hears live is typed by the teacher in the browser.
    const parentToken = await apiLogin(parent);
    const parentId = (await api<{ id: string }>("GET", "/me", parentToken)).id;
    const teacherToken = await apiLogin(teacher);
    const started = await api<{ id: string }>("POST", "/conversations", teacherToken, {
      recipient_ids: [parentId],
      subject: "Живое обновление",
      text: "Добрый день! Напишу вам ещё.",
    });
    conversationId = started.id;
    parentBrowser = await launchBrowser();
    teacherBrowser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await parentBrowser?.close();
    await teacherBrowser?.close();
  });

  it("shows the teacher's new message in the open thread, the bell and the menu without a reload", async () => {
    const page = await signedIn(parentBrowser, parent);
    const errors = watchErrors(page);
    const desk = await signedIn(teacherBrowser, teacher);
    const deskErrors = watchErrors(desk);
    await desk.goto(`${BASE_URL}/messages/${conversationId}`);
    await desk.locator(".msg-bubble__text", { hasText: "Напишу вам ещё" }).waitFor({ timeout: 15_000 });
    // Open the thread and wait for this page's stream to answer (its headers), so the
    // teacher writes after the parent is listening.
    const listening = page.waitForResponse(
      (response) => response.url().endsWith("/api/v1/me/stream") && response.status() === 200,
      { timeout: 30_000 },
    );
    await page.goto(`${BASE_URL}/messages/${conversationId}`);
    await listening;
    await page.locator(".msg-bubble__text", { hasText: "Напишу вам ещё" }).waitFor({ timeout: 15_000 });
    // A mark on this page's window: a reload would wipe it.
    await page.evaluate(() => ((window as unknown as { __samePage?: boolean }).__samePage = true));

    const text = `Контрольная переносится на пятницу ${Date.now()}`;
    await teacherWrites(desk, text);
    await page.locator(".msg-bubble__text", { hasText: text }).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);

    // Elsewhere in the app, a message from another conversation: the bell and «Сообщения» count it.
    await page.getByRole("link", { name: /^Главная/ }).first().click().catch(() => page.goto(`${BASE_URL}/`));
    await page.waitForURL((url) => url.pathname === "/");
    const bellCount = async () => {
      const count = page.locator(".bell__count");
      if ((await count.count()) === 0) return 0;
      return Number((await count.first().textContent())?.replace(/\D/g, "") || 0);
    };
    const before = await bellCount();
    await teacherWrites(desk, `${text} — ещё одно`);
    await page.locator(".main-nav__badge").first().waitFor({ state: "attached", timeout: 15_000 });
    await expect.poll(bellCount, { timeout: 15_000 }).toBeGreaterThan(before);

    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.locator("main h1").first().waitFor();
      // On a phone the menu is folded: the count rides on «Меню».
      const badge = width === 360 ? ".menu-button .main-nav__badge" : ".main-nav .main-nav__badge";
      // On a wide screen «Сообщения» may sit in the row or under «Ещё», which then carries the count.
      await page.locator(`${badge}:visible`).first().waitFor();
      await screenshot(page, `live-badge-${width}`);
    }
    await page.goto(`${BASE_URL}/messages`);
    await page.locator(".msg-item").first().waitFor();
    const listText = `Новое в списке ${Date.now()}`;
    await teacherWrites(desk, listText);
    await page.locator(".msg-item", { hasText: listText }).waitFor({ timeout: 15_000 });
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await screenshot(page, `live-list-${width}`);
    }
    // The teacher's side of the same conversation, where every message was typed.
    for (const width of [360, 1280]) {
      await desk.setViewportSize({ width, height: 900 });
      await screenshot(desk, `live-teacher-thread-${width}`);
    }
    expect(errors.filter((e) => !/401|429/.test(e))).toEqual([]);
    expect(deskErrors.filter((e) => !/401|429/.test(e))).toEqual([]);
    await page.close();
    await desk.close();
  }, 240_000);
});
