/**
 * Report files end to end (issue 12 §3): the school admin downloads the «сводная
 * ведомость» as XLSX, a parent the report as PDF — each ordered by a button, made by the
 * job queue with a progress bar, saved by the browser when ready. axe-core on the page;
 * screenshots at 360 and 1280 px; the files go to e2e/screenshots/ for a look
 * (`pdftoppm -png e2e/screenshots/export-report.pdf page`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import ru from "../src/lib/i18n/ru.json";
import { BASE_URL, launchBrowser, screenshot, seriousAxeViolations, waitForServer, watchErrors, type Browser } from "./browser";
import { seedDemo, type Account } from "./diary-fixture";
import { signIn } from "./sign-in";

const HAS_DATABASE = !!process.env.DATABASE_URL;
const ROOT = path.resolve(import.meta.dirname, "../..");
const EDUDIARY = process.env.EDUDIARY_BIN ?? path.join(ROOT, ".venv", "bin", "edudiary");
const SCREENSHOTS = path.join(import.meta.dirname, "screenshots");

let browser: Browser;
let accounts: Account[] = [];
// Files are made in the job queue: a worker of our own (the e2e server runs none in-process).
let worker: ChildProcess | null = null;

function account(role: string): Account {
  const found = accounts.find((a) => a.role === role);
  if (!found) throw new Error(`seed-demo has no ${role}`);
  return found;
}

/** Click «Скачать FORMAT» in the section titled `title`; the saved file's path. */
async function download(page: Page, title: string, format: string, saveAs: string): Promise<string> {
  const section = page.locator("section.rp-export", { has: page.getByRole("heading", { name: title }) });
  const saved = page.waitForEvent("download", { timeout: 60_000 });
  await section.getByRole("button", { name: ru.reports.export.download.replace("{{format}}", format) }).click();
  const file = await saved;
  const target = path.join(SCREENSHOTS, saveAs);
  await file.saveAs(target);
  await section.getByText(/Файл готов/).waitFor();
  return target;
}

async function shoot(page: Page, name: string): Promise<void> {
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 360, height: 800 });
  await page.waitForTimeout(200);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, `${name}-360`);
}

describe.skipIf(!HAS_DATABASE)("report files", () => {
  beforeAll(async () => {
    await waitForServer(`${BASE_URL}/api/v1/health`);
    accounts = seedDemo().accounts;
    worker = spawn(EDUDIARY, ["worker", "--queue", "exports"], { env: process.env, stdio: "ignore" });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    worker?.kill("SIGTERM");
    await browser?.close();
  });

  it("the school admin downloads the class summary as XLSX", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    const errors = watchErrors(page);
    await signIn(browser.context, page, account("school_admin"), "/school/reports");
    await page.getByRole("heading", { name: ru.reports.export.classSummary }).waitFor();
    const file = await download(page, ru.reports.export.classSummary, "XLSX", "export-summary.xlsx");
    expect(readFileSync(file).subarray(0, 2).toString()).toBe("PK"); // a zip: XLSX
    await shoot(page, "exports-school");
    expect(errors.filter((e) => !/status of (401|429)/.test(e))).toEqual([]);
    await page.close();
  }, 240_000);

  it("a parent downloads the report as PDF", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    const errors = watchErrors(page);
    await signIn(browser.context, page, account("parent"), "/reports");
    await page.getByRole("heading", { name: ru.reports.export.studentReport }).waitFor();
    const file = await download(page, ru.reports.export.studentReport, "PDF", "export-report.pdf");
    expect(readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");
    await shoot(page, "exports-family");
    expect(errors.filter((e) => !/status of (401|429)/.test(e))).toEqual([]);
    await page.close();
  }, 240_000);
});
