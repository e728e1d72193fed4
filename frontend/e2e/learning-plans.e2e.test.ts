/**
 * ИУП and family signatures end to end (issue 12, REPORTS.md §6): the school admin opens
 * «ИУП» and the propose form; a plan is proposed for the parent's child; the parent reads
 * it on «Индивидуальный план», comments, signs it with the SMS code from the development
 * outbox; the admin approves it. axe-core and screenshots (e2e/screenshots/plans-*.png)
 * at 1280 and 360 px.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import ru from "../src/lib/i18n/ru.json";
import { BASE_URL, launchBrowser, screenshot, seriousAxeViolations, waitForServer, watchErrors, type Browser } from "./browser";
import { apiLogin, latestCode, seedDemo, type Account } from "./diary-fixture";
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

async function post<T>(url: string, token: string, body: unknown): Promise<T> {
  const response = await fetch(`${BASE_URL}/api/v1${url}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url} → ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

describe.skipIf(!HAS_DATABASE)("learning plans", () => {
  let planId = "";

  beforeAll(async () => {
    await waitForServer(`${BASE_URL}/api/v1/health`);
    accounts = seedDemo().accounts;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("the school admin proposes a plan", async () => {
    const admin = account("school_admin");
    const parent = account("parent");
    const token = await apiLogin(admin);
    const plan = await post<{ id: string }>(`/students/${parent.student_ids![0]}/learning-plans`, token, {
      title: "ИУП по алгебре на 2-ю четверть",
      reason: "Длительное лечение: обучение на дому",
      starts_on: "2026-11-09",
      ends_on: "2026-12-27",
      content: "Алгебра — 2 ч в неделю дистанционно.\nКонтрольные работы — в школе по графику, с предупреждением за неделю.",
    });
    planId = plan.id;

    const { page, errors } = await open(1280);
    await signIn(browser.context, page, admin, "/school/plans");
    await page.getByRole("heading", { level: 1, name: ru.plans.school.title }).waitFor();
    await page.getByRole("link", { name: "ИУП по алгебре на 2-ю четверть" }).first().waitFor();
    await page.locator(".lp-candidate").first().click();
    await page.getByLabel(ru.plans.form.title).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "plans-school-1280");
    await page.setViewportSize({ width: 360, height: 800 });
    await page.waitForTimeout(200);
    await screenshot(page, "plans-school-360");
    expect(errors.filter((e) => !/status of (401|429)/.test(e))).toEqual([]);
    await page.close();
  }, 240_000);

  it("the parent reads, comments and signs with the SMS code", async () => {
    const parent = account("parent");
    const { page } = await open(360);
    await signIn(browser.context, page, parent, "/plans");
    await page.getByRole("heading", { level: 1, name: ru.plans.title }).waitFor();
    await page.getByRole("link", { name: "ИУП по алгебре на 2-ю четверть" }).first().click();
    await page.getByRole("heading", { name: ru.plans.next }).waitFor();
    await page.getByLabel(ru.plans.writeComment).fill("Можно ли писать контрольные дома?");
    await page.getByRole("button", { name: ru.plans.send }).click();
    await page.getByText("Можно ли писать контрольные дома?").waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "plans-family-360");

    // One SMS a minute per phone: right after the log-in's code the signature waits.
    const codeField = page.getByLabel(ru.signature.code, { exact: true });
    let askedAt = 0;
    for (let tries = 0; tries < 15; tries++) {
      askedAt = Date.now();
      await page.getByRole("button", { name: ru.plans.actions.sign, exact: true }).click();
      const shown = await codeField.waitFor({ timeout: 3_000 }).then(() => true).catch(() => false);
      if (shown) break;
      await page.waitForTimeout(5_000);
    }
    await page.getByText(ru.signature.sent.split("{{")[0]!).waitFor();
    await screenshot(page, "plans-sign-360");
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, "plans-sign-1280");
    await codeField.fill("000000");
    await page.getByRole("button", { name: ru.signature.confirm }).click();
    await page.getByText("Неверный код").first().waitFor();
    await codeField.fill(await latestCode(parent.login, askedAt, "signature"));
    await page.getByRole("button", { name: ru.signature.confirm }).click();
    await page.getByText(ru.plans.signedNow).waitFor();
    await page.getByText(ru.plans.intact).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "plans-family-signed-1280");

    // A saved report carries «Подписать» (acknowledgement by the same SMS code).
    await page.goto(`${BASE_URL}/reports`);
    await page.getByLabel(new RegExp(`^${ru.reports.saved.name}`)).fill("Для подписи");
    await page.getByRole("button", { name: ru.reports.saved.save }).click();
    await page.getByText("«Для подписи» — в списке ниже.").waitFor();
    await page.locator(".rp-saved-list").getByRole("button", { name: ru.signature.sign }).first().waitFor();
    await page.locator(".rp-saved-list").scrollIntoViewIfNeeded();
    await screenshot(page, "plans-report-ack-1280");
    await page.close();
  }, 240_000);

  it("the admin approves", async () => {
    const { page } = await open(1280);
    await signIn(browser.context, page, account("school_admin"), `/learning-plans/${planId}`);
    await page.getByRole("button", { name: ru.plans.actions.approve }).click();
    await page.getByText(ru.plans.statuses.approved).first().waitFor();
    await screenshot(page, "plans-approved-1280");
    await page.close();
  }, 240_000);
});
