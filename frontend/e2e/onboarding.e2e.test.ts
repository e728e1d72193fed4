/**
 * «Загрузка списков» end to end: the demo school's admin uploads the example OneRoster zip
 * (docs/examples/oneroster-school.zip), the job checks it with a progress bar, the preview
 * shows the counts, «Применить» writes it. Screenshots at 375 and 1280 px go to
 * e2e/screenshots/.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import ru from "../src/lib/i18n/ru.json";
import { BASE_URL, launchBrowser, screenshot, seriousAxeViolations, waitForServer, watchErrors, type Browser } from "./browser";
import { seedDemo, type Account } from "./diary-fixture";
import { signIn } from "./sign-in";

const HAS_DATABASE = !!process.env.DATABASE_URL;
const ROOT = path.resolve(import.meta.dirname, "../..");
const EXAMPLE = path.join(ROOT, "docs/examples/oneroster-school.zip");
const WITH_ERRORS = path.join(ROOT, "docs/examples/oneroster-with-errors.zip");
const EDUDIARY = process.env.EDUDIARY_BIN ?? path.join(ROOT, ".venv", "bin", "edudiary");

let browser: Browser;
let admin: Account;
// Imports run in the job queue: a worker of our own (the e2e server runs none in-process).
let worker: ChildProcess | null = null;

async function shoot(p: Page, name: string): Promise<void> {
  for (const width of [375, 1280]) {
    await p.setViewportSize({ width, height: 900 });
    await p.waitForTimeout(150);
    await screenshot(p, `${name}-${width}`);
  }
}

describe.skipIf(!HAS_DATABASE)("«Загрузка списков» of a school admin", () => {
  beforeAll(async () => {
    await waitForServer(`${BASE_URL}/api/v1/health`);
    admin = seedDemo().accounts.find((a) => a.role === "school_admin")!;
    worker = spawn(EDUDIARY, ["worker", "--queue", "default"], { env: process.env, stdio: "ignore" });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    worker?.kill("SIGTERM");
    await browser?.close();
  });

  it("checks the example file, shows the preview and applies it", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    const errors = watchErrors(page);
    await signIn(browser.context, page, admin, "/school/import");
    await page.getByRole("heading", { level: 1, name: ru.onboarding.title }).waitFor();
    await shoot(page, "onboarding-start");

    await page.getByLabel(ru.onboarding.upload.label).setInputFiles(EXAMPLE);
    await page.getByRole("button", { name: ru.onboarding.upload.submit }).click();
    const preview = page.getByRole("table", { name: ru.onboarding.summary.caption.preview });
    await preview.waitFor({ timeout: 60_000 });
    const pupils = preview.getByRole("row", { name: new RegExp(ru.onboarding.entities.students) });
    expect(await pupils.getByRole("cell").allTextContents()).toHaveLength(4);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shoot(page, "onboarding-preview");

    await page.getByRole("button", { name: ru.onboarding.apply, exact: true }).click();
    const applied = page.getByRole("table", { name: ru.onboarding.summary.caption.applied });
    await applied.waitFor({ timeout: 60_000 });
    await page.getByText(ru.onboarding.applied).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shoot(page, "onboarding-applied");

    // A file with mistakes: each rejected row with its file, row, column and reason.
    await page.getByLabel(ru.onboarding.upload.label).setInputFiles(WITH_ERRORS);
    await page.getByRole("button", { name: ru.onboarding.upload.submit }).click();
    await page.getByRole("button", { name: ru.onboarding.applyValid }).waitFor({ timeout: 60_000 });
    await page.getByRole("cell", { name: /СНИЛС/ }).first().waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shoot(page, "onboarding-rejected");
    expect(errors).toEqual([]);
  }, 180_000);
});
