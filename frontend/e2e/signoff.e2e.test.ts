/**
 * Term sign-off end to end (issue 12 item 4): a teacher sets and signs a class's term
 * grades in the journal (with a confirmation) and sees the signed status; anyone checks
 * the saved record on the public «Проверка подписи» page — valid, then invalid once a
 * grade is changed. Screenshots at 360 and 1280 px: e2e/screenshots/signoff-*.png.
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
let saved = "";

async function open(width: number): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height: 900 });
  return { page, errors: watchErrors(page) };
}

describe.skipIf(!HAS_DATABASE)("term sign-off", () => {
  beforeAll(async () => {
    await waitForServer(`${BASE_URL}/api/v1/health`);
    accounts = seedDemo().accounts;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("a teacher sets and signs the term grades from the journal", async () => {
    const teacher = accounts.find((a) => a.role === "teacher");
    if (!teacher) throw new Error("seed-demo has no teacher");
    const { page, errors } = await open(1280);
    await signIn(browser.context, page, teacher, "/teach");
    await page.locator('a[href^="/teach/journal/"]').first().click();
    const panel = page.locator(".jr-signoff");
    await panel.getByRole("heading", { name: ru.journal.signoff.title }).waitFor();

    await panel.getByRole("button", { name: ru.journal.signoff.setGrades }).click();
    await panel.getByText(/Итоговые оценки выставлены|уже подписаны/).waitFor();
    const signButton = panel.getByRole("button", { name: ru.journal.signoff.sign });
    if (await signButton.count()) {
      await signButton.click();
      await page.getByRole("dialog").getByRole("heading", { name: ru.journal.signoff.confirmTitle }).waitFor();
      await screenshot(page, "signoff-confirm-1280");
      await page.getByRole("dialog").getByRole("button", { name: ru.journal.signoff.confirm }).click();
    }
    await panel.getByTestId("signoff-status").getByText(ru.journal.signoff.statusSigned).waitFor();
    await panel.getByRole("heading", { name: ru.journal.signoff.history }).waitFor();
    await panel.scrollIntoViewIfNeeded();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "signoff-journal-1280");

    // The record as the journal downloads it, for the public check below.
    const download = page.waitForEvent("download");
    await panel.getByRole("button", { name: ru.journal.signoff.download }).first().click();
    const file = await download;
    const stream = await file.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    saved = Buffer.concat(chunks).toString("utf8");
    expect(JSON.parse(saved).signature).toMatch(/^[\w-]+\.\.[\w-]+$/);

    await page.setViewportSize({ width: 360, height: 800 });
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, "signoff-journal-360");
    expect(errors.filter((e) => !/status of (401|409|429)/.test(e))).toEqual([]);
    await page.close();
  }, 240_000);

  it("anyone checks the saved record: valid, and invalid after a change", async () => {
    expect(saved).not.toBe("");
    await browser.context.clearCookies();
    for (const width of [1280, 360]) {
      const { page, errors } = await open(width);
      await page.goto(`${BASE_URL}/verify`);
      await page.getByRole("heading", { level: 1, name: ru.verify.title }).waitFor();
      await page.getByLabel(ru.verify.text).fill(saved);
      await page.getByRole("button", { name: ru.verify.check }).click();
      const result = page.getByTestId("verify-result");
      await result.getByText(ru.verify.valid).waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, `signoff-verify-valid-${width}`);

      const record = JSON.parse(saved);
      record.document.grades[0].term_grade = record.document.grades[0].term_grade === "5" ? "4" : "5";
      await page.getByLabel(ru.verify.text).fill(JSON.stringify(record));
      await page.getByRole("button", { name: ru.verify.check }).click();
      await result.getByText(ru.verify.invalid).waitFor();
      await result.getByText(ru.verify.reason_signature_mismatch).waitFor();
      await screenshot(page, `signoff-verify-invalid-${width}`);
      expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
      await page.close();
    }
  }, 240_000);
});
