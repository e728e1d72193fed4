/**
 * «Мои данные» end to end (issue 15 item 14): a parent downloads a copy of everything
 * held about them and their children as JSON (made by the job queue, with a progress
 * bar, saved by the browser), asks for erasure — a wrong password is refused on the field,
 * the right one schedules it and shows what is deleted and what kept and why — and
 * cancels it (the demo parent must stay for the other specs); the consent given in the
 * demo application is listed and the withdrawal dialog says what would stop. axe-core; 360 and 1280 px.
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
const DEMO_PASSWORD = "Dnevnik-Demo-2026!";

let browser: Browser;
let accounts: Account[] = [];
let worker: ChildProcess | null = null;

function account(role: string): Account {
  const found = accounts.find((a) => a.role === role);
  if (!found) throw new Error(`seed-demo has no ${role}`);
  return found;
}

async function shoot(page: Page, name: string): Promise<void> {
  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.waitForTimeout(200);
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 360, height: 800 });
  await page.waitForTimeout(200);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, `${name}-360`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe.skipIf(!HAS_DATABASE)("my data", () => {
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

  it("a parent downloads their data, asks for erasure and cancels it", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    const errors = watchErrors(page);
    const parent = account("parent");
    await signIn(browser.context, page, parent, "/profile");
    await page.getByRole("link", { name: ru.profile.linkData }).click();
    await page.getByRole("heading", { level: 1, name: ru.privacy.title }).waitFor();

    const saved = page.waitForEvent("download", { timeout: 60_000 });
    await page.getByRole("button", { name: ru.privacy.exportAs.json }).click();
    const file = await saved;
    const target = path.join(SCREENSHOTS, "privacy-copy.json");
    await file.saveAs(target);
    const copy = JSON.parse(readFileSync(target, "utf8")) as { account: { phone: string }; children: { journal: unknown }[] };
    expect(copy.account.phone).toBe(parent.login);
    expect(copy.children.some((child) => child.journal !== null)).toBe(true);
    await page.getByText(/Файл «.+» готов/).waitFor();

    // The demo application's consent is listed; the dialog says what withdrawing stops
    // (cancelled here: the applications spec needs that application).
    const consents = page.locator("section", { has: page.getByRole("heading", { name: ru.privacy.consentsTitle }) });
    await consents.getByText(/Редакция 1, дано/).first().waitFor();
    await consents.getByRole("button", { name: ru.privacy.withdraw }).first().click();
    const dialog = page.getByRole("dialog", { name: ru.privacy.withdrawTitle });
    await dialog.getByText("Рассмотрение заявления школой").waitFor();
    await dialog.getByRole("button", { name: ru.form.cancel }).click();
    await dialog.waitFor({ state: "hidden" });

    const password = page.getByLabel(ru.privacy.password, { exact: true });
    await password.fill("не тот пароль");
    await page.getByRole("button", { name: ru.privacy.eraseSubmit }).click();
    await page.getByText("Неверный пароль", { exact: true }).waitFor();

    await password.fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: ru.privacy.eraseSubmit }).click();
    await page.getByRole("heading", { name: ru.privacy.keptTitle }).waitFor();
    await page.locator(".alert__title", { hasText: "Учётная запись будет удалена" }).waitFor();
    await page.getByText(/Оценки, посещаемость и итоговые оценки/).waitFor();
    await shoot(page, "privacy-scheduled");

    await page.getByRole("button", { name: ru.privacy.cancelErasure }).click();
    await page.getByText(ru.privacy.cancelled).waitFor();
    await shoot(page, "privacy");
    expect(errors.filter((e) => !/status of (401|404|422|429)/.test(e))).toEqual([]);
    await page.close();
  }, 240_000);
});
