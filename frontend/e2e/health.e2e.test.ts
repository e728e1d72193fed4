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
