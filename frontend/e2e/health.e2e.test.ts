import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import {
  BASE_URL,
  launchBrowser,
  screenshot,
  seriousAxeViolations,
  waitForServer,
  watchErrors,
  type Browser,
} from "./browser";

const WIDTHS = [360, 1280] as const;

let browser: Browser;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  await waitForServer(`${BASE_URL}/`);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function openPage(width = 1280): Promise<Page> {
  page = await browser.context.newPage();
  await page.setViewportSize({ width, height: 800 });
  pageErrors = watchErrors(page);
  return page;
}

/** Chromium logs each failed request as a console error; expected where a test fails them. */
function forgiveFailedRequests(): void {
  const rest = pageErrors.filter((e) => !e.includes("Failed to load resource"));
  pageErrors.splice(0, pageErrors.length, ...rest);
}

afterEach(async () => {
  // The profile is shared by all tests: forget language and display choices.
  await page?.evaluate(() => window.localStorage.clear()).catch(() => undefined);
  await page?.close();
  expect(pageErrors, "the page logged errors").toEqual([]);
});

describe("service status page", () => {
  it("opens /status directly and says «Сервис работает»", async () => {
    const p = await openPage();
    const response = await p.goto(`${BASE_URL}/status`);
    expect(response?.status()).toBe(200);
    // The page runs under the strict policy (no inline script): a violation would be
    // logged as a console error and fail the test in afterEach.
    expect(response?.headers()["content-security-policy"]).toContain("script-src 'self';");

    await p.getByRole("heading", { name: "Сервис работает" }).waitFor();
    expect(await p.getByRole("heading", { level: 1 }).textContent()).toBe("Состояние сервиса");
    expect(await p.title()).toBe("Состояние сервиса — Электронный дневник");
    expect(await p.locator("html").getAttribute("lang")).toBe("ru");
  });

  for (const width of WIDTHS) {
    it(`has no serious accessibility violations at ${width}px`, async () => {
      const p = await openPage(width);
      await p.goto(`${BASE_URL}/status`);
      await p.getByRole("heading", { name: "Сервис работает" }).waitFor();
      await screenshot(p, `status-${width}`);

      expect(await seriousAxeViolations(p)).toEqual([]);
    });
  }

  it("has no serious accessibility violations in the large-font, high-contrast mode", async () => {
    const p = await openPage(360);
    await p.goto(`${BASE_URL}/status`);
    await p.getByRole("button", { name: "Меню" }).click();
    await p.getByRole("button", { name: "Версия для слабовидящих" }).click();
    await p.getByRole("heading", { name: "Сервис работает" }).waitFor();
    expect(await p.locator("html").getAttribute("class")).toContain("a11y-mode");
    await screenshot(p, "status-360-a11y-menu");

    expect(await seriousAxeViolations(p)).toEqual([]);
  });
});

describe("service status page when something is wrong", () => {
  it("shows a degraded service when the server answers 503", async () => {
    const p = await openPage(360);
    await p.route("**/api/v1/health", (route) =>
      route.fulfill({
        status: 503,
        contentType: "application/json",
        body: JSON.stringify({
          status: "degraded",
          database: "unavailable",
          version: "0.1.0",
          environment: "development",
        }),
      }),
    );
    await p.goto(`${BASE_URL}/status`);
    await p.getByRole("heading", { name: "Сервис работает с ограничениями" }).waitFor();
    await screenshot(p, "status-degraded-360");
    expect(await seriousAxeViolations(p)).toEqual([]);
    forgiveFailedRequests();
  });

  it("says what to do when the server cannot be reached, and recovers on «Повторить»", async () => {
    const p = await openPage(360);
    let down = true;
    await p.route("**/api/v1/health", (route) =>
      down ? route.abort("connectionrefused") : route.fallback(),
    );
    await p.goto(`${BASE_URL}/status`);
    const alert = p.getByRole("alert");
    await alert.getByText("Не удалось проверить состояние сервиса").waitFor({ timeout: 15_000 });
    expect(await alert.textContent()).toContain("Проверьте подключение к интернету");
    await screenshot(p, "status-error-360");
    expect(await seriousAxeViolations(p)).toEqual([]);

    down = false;
    await p.getByRole("button", { name: "Повторить" }).click();
    await p.getByRole("heading", { name: "Сервис работает" }).waitFor();
    forgiveFailedRequests();
  });
});

describe("history fallback and navigation", () => {
  it("reaches the status page from the home page's navigation", async () => {
    const p = await openPage();
    await p.goto(`${BASE_URL}/`);
    await p.getByRole("heading", { level: 1, name: "Электронный дневник школьника" }).waitFor();

    await p.getByRole("navigation").getByRole("link", { name: "Состояние сервиса" }).click();

    await p.getByRole("heading", { name: "Сервис работает" }).waitFor();
    expect(new URL(p.url()).pathname).toBe("/status");
  });

  it("renders «Страница не найдена» for an unknown deep path", async () => {
    const p = await openPage();
    const response = await p.goto(`${BASE_URL}/nope/deep`);
    expect(response?.headers()["content-type"]).toContain("text/html");

    await p.getByRole("heading", { level: 1, name: "Страница не найдена" }).waitFor();
    await p.getByRole("link", { name: "Перейти на главную" }).click();
    await p.getByRole("heading", { level: 1, name: "Электронный дневник школьника" }).waitFor();
  });

  for (const width of WIDTHS) {
    it(`home and not-found pages at ${width}px have no serious accessibility violations`, async () => {
      const p = await openPage(width);
      await p.goto(`${BASE_URL}/`);
      await p.getByRole("heading", { level: 1, name: "Электронный дневник школьника" }).waitFor();
      await screenshot(p, `home-${width}`);
      expect(await seriousAxeViolations(p)).toEqual([]);

      await p.goto(`${BASE_URL}/nope/deep`);
      await p.getByRole("heading", { level: 1, name: "Страница не найдена" }).waitFor();
      await screenshot(p, `not-found-${width}`);
      expect(await seriousAxeViolations(p)).toEqual([]);
    });
  }

  it("offers a skip link as the first Tab stop, which moves to the main content", async () => {
    const p = await openPage(360);
    await p.goto(`${BASE_URL}/`);
    await p.getByRole("heading", { level: 1 }).waitFor();

    await p.keyboard.press("Tab");
    const skip = p.getByRole("link", { name: "Перейти к основному содержанию" });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    const box = await skip.boundingBox();
    expect(box && box.y >= 0 && box.height >= 40).toBe(true);
    await screenshot(p, "home-360-skip-link-focus");

    await p.keyboard.press("Enter");
    expect(await p.evaluate(() => document.activeElement?.id)).toBe("main-content");
  });

  it("switches to English and keeps it after a reload", async () => {
    const p = await openPage();
    await p.goto(`${BASE_URL}/status`);
    await p.getByRole("heading", { name: "Сервис работает" }).waitFor();

    const request = p.waitForRequest((r) => r.url().endsWith("/api/v1/health"));
    await p.getByRole("button", { name: "English" }).click();
    await p.getByRole("heading", { level: 1, name: "Service status" }).waitFor();
    await p.getByRole("button", { name: "Check again" }).click();
    expect((await request).headers()["accept-language"]).toBe("en");

    await p.reload();
    await p.getByRole("heading", { name: "The service is running" }).waitFor();
    expect(await p.locator("html").getAttribute("lang")).toBe("en");
  });
});
