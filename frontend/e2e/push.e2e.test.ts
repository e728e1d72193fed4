/**
 * Notification settings and the PWA in the browser: the parent sets quiet hours and the
 * e-mail digest on «Уведомления» (checked through the API), the service worker is
 * installed from the manifest's site, and the diary week the parent opened is answered
 * by it when the browser is offline. axe at 360 and 1280 px; screenshots go to
 * e2e/screenshots/push-settings-*.png.
 *
 * Needs the server's database (DATABASE_URL, EDUDIARY_ENV=development), as diary.e2e does.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import ru from "../src/lib/i18n/ru.json";
import { BASE_URL, launchBrowser, screenshot, seriousAxeViolations, waitForServer, watchErrors, type Browser } from "./browser";
import { seedDemo, type Account } from "./diary-fixture";
import { signIn } from "./sign-in";

const HAS_DATABASE = !!process.env.DATABASE_URL;

let browser: Browser;
let parent: Account;

describe.skipIf(!HAS_DATABASE)("notification settings and the PWA", () => {
  beforeAll(async () => {
    await waitForServer(`${BASE_URL}/api/v1/health`);
    parent = seedDemo().accounts.find((a) => a.role === "parent")!;
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("saves quiet hours and the digest, and keeps the opened week offline", async () => {
    const page: Page = await browser.context.newPage();
    const errors = watchErrors(page);
    await signIn(browser.context, page, parent, "/profile/notifications");

    const start = page.getByLabel(ru.push.quietStart, { exact: true });
    const end = page.getByLabel(ru.push.quietEnd, { exact: true });
    await start.waitFor({ timeout: 15_000 });
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, `push-settings-${width}`);
    }

    const save = async (from: string, to: string) => {
      await start.fill(from);
      await end.fill(to);
      await page.getByRole("button", { name: ru.push.save, exact: true }).click();
      await page.getByText(ru.push.saved, { exact: true }).waitFor();
    };
    // A controlled switch: it turns once the server has answered, so click and wait.
    const digest = page.getByRole("switch", { name: ru.push.digestToggle });
    const flipDigest = async () => {
      const was = await digest.isChecked();
      await digest.click();
      await expect.poll(() => digest.isChecked(), { timeout: 10_000 }).toBe(!was);
      return !was;
    };
    await save("22:00", "07:30");
    const digestOn = await flipDigest();

    // What the server kept comes back after a reload.
    await page.reload();
    await start.waitFor({ timeout: 15_000 });
    expect(await start.inputValue()).toBe("22:00");
    expect(await end.inputValue()).toBe("07:30");
    await expect.poll(() => digest.isChecked(), { timeout: 10_000 }).toBe(digestOn);
    // Back to the defaults for the other browser tests of the same database.
    await save("21:00", "08:00");
    if (digestOn) await flipDigest();

    // The manifest and the service worker.
    const manifest = await fetch(`${BASE_URL}/manifest.webmanifest`);
    expect(manifest.headers.get("content-type")).toContain("application/manifest+json");
    expect(((await manifest.json()) as { name: string }).name).toBe("Электронный дневник");
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });

    // Open the diary (now under the worker's control), then go offline: the week it
    // showed is still answered.
    await page.goto(`${BASE_URL}/diary`);
    const diaryUrl = await page.waitForResponse((r) => /\/api\/v1\/students\/[^/]+\/diary\?/.test(r.url()) && r.ok(), {
      timeout: 20_000,
    });
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await browser.context.setOffline(true);
    try {
      const offline = await page.evaluate(async (url) => {
        const response = await fetch(url);
        return { ok: response.ok, days: ((await response.json()) as { days: unknown[] }).days.length };
      }, diaryUrl.url());
      expect(offline.ok).toBe(true);
      expect(offline.days).toBeGreaterThan(0);
    } finally {
      await browser.context.setOffline(false);
    }
    expect(errors.filter((e) => !/401|429|Failed to fetch|ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
  }, 240_000);
});
