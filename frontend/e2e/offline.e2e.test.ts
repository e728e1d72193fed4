/**
 * The diary week without a network: the parent opens the diary, the browser goes offline
 * and the page is reloaded. The access token was in memory only, so the session cannot be
 * checked; the «no connection» screen shows the saved week, read-only, with the time it
 * was saved. Back online, «Повторить» continues the session. After signing out nothing of
 * the week is left for the next person at this computer: an offline reload shows no week.
 * Screenshots at 360 and 1280 px go to e2e/screenshots/offline-week-*.png.
 *
 * Needs the built SPA (its service worker keeps the page for offline) and the server's
 * database (DATABASE_URL, EDUDIARY_ENV=development), as diary.e2e does.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import ru from "../src/lib/i18n/ru.json";
import { BASE_URL, launchBrowser, screenshot, waitForServer, watchErrors, type Browser } from "./browser";
import { seedDemo, type Account } from "./diary-fixture";
import { signIn } from "./sign-in";

const HAS_DATABASE = !!process.env.DATABASE_URL;
const KEY = "edudiary.offlineWeek";
const NOTICE = ru.diary.offline.text.split("{{")[0]!.trim(); // «Показана сохранённая неделя от»

let browser: Browser;
let parent: Account;

const kept = (page: Page) => page.evaluate((key) => window.localStorage.getItem(key), KEY);

describe.skipIf(!HAS_DATABASE)("the diary week offline", () => {
  beforeAll(async () => {
    await waitForServer(`${BASE_URL}/api/v1/health`);
    parent = seedDemo().accounts.find((a) => a.role === "parent")!;
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.context.setOffline(false);
    await browser?.close();
  });

  it("shows the saved week read-only after an offline reload, and nothing after signing out", async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    const renewed = page.waitForResponse((response) => response.url().endsWith("/api/v1/auth/refresh") && response.ok(), {
      timeout: 120_000,
    });
    await signIn(browser.context, page, parent, "/");
    await renewed;
    await page.goto(`${BASE_URL}/diary`);
    await page.waitForURL((url) => /^\/diary\/[0-9a-f-]+$/.test(url.pathname));
    await page.locator(".day .lesson__subject").first().waitFor({ timeout: 30_000 });
    const subjects = await page.locator(".day .lesson__subject").allTextContents();
    const heading = await page.locator(".day__title").first().textContent();
    await expect.poll(() => kept(page), { timeout: 10_000 }).not.toBeNull();
    const saved = JSON.parse((await kept(page))!) as { accountId: string; diary: { week: string } };
    expect(saved.accountId).toMatch(/^[0-9a-f-]{36}$/);

    // The service worker controls the page once it has activated; one online reload
    // then passes the page itself through it (kept for offline).
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    const again = page.waitForResponse((response) => response.url().endsWith("/api/v1/auth/refresh") && response.ok());
    await page.reload();
    await again;
    await page.locator(".day .lesson__subject").first().waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    await browser.context.setOffline(true);
    await page.reload();
    await page.getByText(NOTICE).waitFor({ timeout: 30_000 });
    await page.getByText(ru.diary.offline.title, { exact: true }).waitFor();
    expect(await page.locator(".day__title").first().textContent()).toBe(heading);
    expect(await page.locator(".day .lesson__subject").allTextContents()).toEqual(subjects);
    // Read-only: nothing to tick, no «Написать учителю».
    expect(await page.locator(".day input[type=checkbox]:enabled").count()).toBe(0);
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await screenshot(page, `offline-week-${width}`);
    }

    // Back online: «Повторить» continues the same session (the cookie was never lost).
    await browser.context.setOffline(false);
    await page.getByRole("button", { name: ru.status.retry, exact: true }).click();
    await page.getByText(NOTICE).waitFor({ state: "detached", timeout: 30_000 });
    await page.locator(".day .lesson__subject").first().waitFor({ timeout: 30_000 });

    // Signing out takes the saved week along; an offline reload then shows none of it.
    await page.locator(".account-menu__toggle").click();
    await page.getByRole("button", { name: ru.account.logout, exact: true }).click();
    await page.waitForURL((url) => url.pathname === "/login");
    expect(await kept(page)).toBeNull();
    await browser.context.setOffline(true);
    await page.goto(`${BASE_URL}/diary`).catch(() => undefined);
    await page.locator("main").first().waitFor({ timeout: 30_000 });
    expect(await page.getByText(NOTICE).count()).toBe(0);
    expect(await page.locator(".day").count()).toBe(0);
    await browser.context.setOffline(false);

    expect(errors.filter((e) => !/401|429|Failed to fetch|ERR_INTERNET_DISCONNECTED|NetworkError/.test(e))).toEqual([]);
    await page.close();
  }, 300_000);
});
