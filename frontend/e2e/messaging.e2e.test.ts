/**
 * Messages end to end: the demo teacher writes to the demo parent a text full of markup;
 * the parent sees it as text (no element, no script run), answers from the thread, and
 * the list, the thread and the new-message form are checked with axe at 360 and 1280 px.
 * Screenshots go to e2e/screenshots/messaging-*.png.
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
const MARKUP = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> <b>жирный</b> ${Date.now()}`;

let browser: Browser;
let parent: Account;
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

describe.skipIf(!HAS_DATABASE)("messages in the browser", () => {
  beforeAll(async () => {
    await waitForServer(`${BASE_URL}/api/v1/health`);
    const seed = seedDemo();
    parent = seed.accounts.find((a) => a.role === "parent")!;
    const teacher = seed.accounts.find((a) => a.role === "teacher")!;
    const parentToken = await apiLogin(parent);
    const parentId = (await api<{ id: string }>("GET", "/me", parentToken)).id;
    const teacherToken = await apiLogin(teacher);
    const started = await api<{ id: string }>("POST", "/conversations", teacherToken, {
      recipient_ids: [parentId],
      subject: "Проверка разметки",
      text: MARKUP,
    });
    conversationId = started.id;
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("shows markup in a message as text and lets the parent answer", async () => {
    const page: Page = await browser.context.newPage();
    const errors = watchErrors(page);
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await signIn(browser.context, page, parent, `/messages/${conversationId}`);

    const bubble = page.locator(".msg-bubble__text", { hasText: "window.__pwned = 1" });
    await bubble.waitFor({ timeout: 15_000 });
    expect(await bubble.textContent()).toBe(MARKUP);
    expect(await bubble.locator("script, img, b").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);

    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      // Nothing sticks out sideways at 360 px.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, `messaging-thread-${width}`);
    }

    await page.getByLabel(ru.messaging.reply, { exact: true }).fill("Спасибо, получила.");
    await page.getByRole("button", { name: ru.messaging.send, exact: true }).click();
    await page.locator(".msg-bubble--mine", { hasText: "Спасибо, получила." }).waitFor();

    await page.goto(`${BASE_URL}/messages`);
    await page.locator(".msg-item").first().waitFor();
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, `messaging-list-${width}`);
    }

    await page.goto(`${BASE_URL}/messages/new`);
    await page.locator(".msg-contact").first().waitFor();
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, `messaging-new-${width}`);
    }

    await page.goto(`${BASE_URL}/announcements`);
    await page.locator(".msg-item").first().waitFor();
    await page.locator(".msg-item").first().click();
    await page.locator(".msg-bubble__text").waitFor();
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await screenshot(page, `messaging-announcement-${width}`);
    }
    expect(errors.filter((e) => !/401|429/.test(e))).toEqual([]);
    await page.close();
  }, 240_000);
});
