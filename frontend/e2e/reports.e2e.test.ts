/**
 * Reports end to end (issue 12): a parent opens «Отчёты» for the seeded child — gaps in
 * words, a chart per subject, attendance by month — saves two reports and compares them;
 * the school admin opens class and school analytics and journal completeness. axe-core
 * at 360 and 1280 px; screenshots go to e2e/screenshots/reports-*.png.
 *
 * Needs DATABASE_URL (and EDUDIARY_ENV=development) like the diary spec: seed-demo
 * prepares the server's database.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import ru from "../src/lib/i18n/ru.json";
import { BASE_URL, launchBrowser, screenshot, seriousAxeViolations, waitForServer, watchErrors, type Browser } from "./browser";
import { seedDemo, type Account } from "./diary-fixture";
import { signIn } from "./sign-in";

const HAS_DATABASE = !!process.env.DATABASE_URL;

let browser: Browser;
let accounts: Account[] = [];

function account(role: string): Account {
  const found = accounts.find((a) => a.role === role);
  if (!found) throw new Error(`seed-demo has no ${role}`);
  return found;
}

async function open(width: number): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height: 900 });
  return { page, errors: watchErrors(page) };
}

describe.skipIf(!HAS_DATABASE)("reports", () => {
  beforeAll(async () => {
    await waitForServer(`${BASE_URL}/api/v1/health`);
    accounts = seedDemo().accounts;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("a parent sees the report, saves two and compares them", async () => {
    const { page, errors } = await open(1280);
    await signIn(browser.context, page, account("parent"), "/reports");
    await page.getByRole("heading", { level: 1, name: ru.reports.title }).waitFor();
    await page.getByRole("heading", { name: ru.reports.gaps.title }).waitFor();
    await page.getByRole("heading", { name: ru.reports.attendance.title }).waitFor();
    expect(await page.locator(".rp-subject").count()).toBeGreaterThan(0);

    for (const title of ["Первый", "Второй"]) {
      await page.getByLabel(new RegExp(`^${ru.reports.saved.name}`)).fill(title);
      await page.getByRole("button", { name: ru.reports.saved.save }).click();
      await page.getByText(`«${title}» — в списке ниже.`).waitFor();
    }
    const options = page.locator(`select#${await page.getByLabel(ru.reports.compare.a).getAttribute("id")} option`);
    const values = await options.evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value).filter(Boolean));
    await page.getByLabel(ru.reports.compare.a).selectOption(values[1]!);
    await page.getByLabel(ru.reports.compare.b).selectOption(values[0]!);
    await page.getByRole("columnheader", { name: ru.reports.compare.delta }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "reports-family-1280");

    await page.setViewportSize({ width: 360, height: 800 });
    await page.waitForTimeout(200);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "reports-family-360");
    expect(errors.filter((e) => !/status of (401|429)/.test(e))).toEqual([]);
    await page.close();
  }, 240_000);

  it("the school admin sees class and school analytics and journal completeness", async () => {
    const { page, errors } = await open(1280);
    await signIn(browser.context, page, account("school_admin"), "/school/reports");
    await page.getByRole("heading", { level: 1, name: ru.reports.staffTitle }).waitFor();
    await page.getByRole("heading", { name: ru.reports.class.title, exact: true }).waitFor();
    await page.getByRole("heading", { name: ru.reports.completeness.title, exact: true }).waitFor();
    await page.locator(".rp-table").first().waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "reports-school-1280");
    await page.setViewportSize({ width: 360, height: 800 });
    await page.waitForTimeout(200);
    await screenshot(page, "reports-school-360");
    expect(errors.filter((e) => !/status of (401|429)/.test(e))).toEqual([]);
    await page.close();
  }, 240_000);
});
