import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { outboxCode, prepareApplicationsFixture, type ApplicationsFixture, type Login } from "./applications-fixture";
import { BASE_URL, launchBrowser, screenshot, seriousAxeViolations, waitForServer, watchErrors, type Browser } from "./browser";

// The front door as each role meets it (issue 9): where a log-in lands, what a wrong
// password says, the school admin's review queue in the main row, and a parent's only child
// preselected in the application wizard. Screenshots at 375 and 1280 px.

let fixture: ApplicationsFixture;
let browser: Browser;

beforeAll(async () => {
  await waitForServer(`${BASE_URL}/api/v1/health`);
  fixture = await prepareApplicationsFixture();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

async function freshPage(width: number): Promise<{ page: Page; errors: string[] }> {
  await browser?.close();
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height: 800 });
  return { page, errors: watchErrors(page) };
}

/** Log-in with no page asked for; answers the SMS code when the account has a second factor. */
async function logIn(page: Page, login: Login): Promise<void> {
  await page.goto(`${BASE_URL}/login`);
  await page.getByLabel("Телефон, e-mail или СНИЛС").fill(login.phone);
  await page.getByLabel("Пароль", { exact: true }).fill(login.password);
  const since = Date.now();
  await page.getByRole("button", { name: "Войти", exact: true }).click();
  const code = page.getByLabel("Код из СМС");
  const left = page.waitForURL((url) => !url.pathname.startsWith("/login"), { timeout: 15_000 }).then(() => "left" as const);
  if ((await Promise.race([left, code.waitFor({ timeout: 15_000 }).then(() => "code" as const)])) === "code") {
    await code.fill(await outboxCode(login.phone, since, "login"));
    await page.getByRole("button", { name: "Войти", exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/login"), { timeout: 15_000 });
  }
  // The landing page's chunk may still be loading: the log-in form stays until it comes.
  await page.getByRole("heading", { level: 1, name: "Вход" }).waitFor({ state: "detached", timeout: 15_000 });
  // Not "networkidle": the signed-in page keeps its live-update stream open.
  await page.locator("h1").first().waitFor({ timeout: 15_000 });
}

const realErrors = (errors: string[]) => errors.filter((e) => !e.includes("Failed to load resource"));

describe("where a log-in lands", () => {
  it("a school admin lands on the review queue, the first link of the main row", { timeout: 60_000 }, async () => {
    const { page, errors } = await freshPage(1280);
    await logIn(page, fixture.admin);

    expect(new URL(page.url()).pathname).toBe("/staff/applications");
    const nav = page.getByRole("navigation", { name: "Основная навигация" });
    const queue = nav.getByRole("link", { name: "Заявления школы" });
    await queue.waitFor();
    expect(await queue.isVisible()).toBe(true); // in the row, not under «Ещё»
    await screenshot(page, "frontdoor-admin-landing-1280");
    await page.setViewportSize({ width: 375, height: 800 });
    await page.waitForTimeout(100);
    await screenshot(page, "frontdoor-admin-landing-375");
    expect(realErrors(errors)).toEqual([]);
  });

  it("an operator lands on the operator desk", { timeout: 60_000 }, async () => {
    const { page, errors } = await freshPage(1280);
    await logIn(page, fixture.operator);

    expect(new URL(page.url()).pathname).toBe("/operator");
    await page.getByRole("heading", { level: 1, name: "Подтверждение личности" }).waitFor();
    await screenshot(page, "frontdoor-operator-landing-1280");
    expect(realErrors(errors)).toEqual([]);
  });

  it("a parent lands on the diary", { timeout: 60_000 }, async () => {
    const { page, errors } = await freshPage(375);
    await logIn(page, fixture.parent);

    expect(new URL(page.url()).pathname).toMatch(/^\/diary/);
    await screenshot(page, "frontdoor-parent-landing-375");
    expect(realErrors(errors)).toEqual([]);
  });
});

describe("a wrong password", () => {
  it("says so under the form, with no hex request id for support", { timeout: 30_000 }, async () => {
    const { page } = await freshPage(375);
    await page.goto(`${BASE_URL}/login`);
    await page.getByLabel("Телефон, e-mail или СНИЛС").fill(fixture.parent.phone);
    await page.getByLabel("Пароль", { exact: true }).fill("Неверный-пароль-1");
    await page.getByRole("button", { name: "Войти", exact: true }).click();
    await page.getByText("Неверный логин или пароль").first().waitFor();

    expect(await page.getByText(/Код запроса для службы поддержки/).count()).toBe(0);
    await screenshot(page, "frontdoor-wrong-password-375");
  });
});

describe("the application wizard", () => {
  it("preselects a parent's only child", { timeout: 60_000 }, async () => {
    const { page, errors } = await freshPage(375);
    await logIn(page, fixture.parent);
    await page.goto(`${BASE_URL}/applications/new`);

    const child = page.getByRole("radio", { name: new RegExp(`${fixture.child.lastName} ${fixture.child.firstName}`) });
    await child.waitFor();
    expect(await child.isChecked()).toBe(true);
    expect(await page.getByText("Выберите ребёнка").count()).toBe(0);
    await screenshot(page, "frontdoor-wizard-one-child-375");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.waitForTimeout(100);
    await screenshot(page, "frontdoor-wizard-one-child-1280");
    expect(realErrors(errors)).toEqual([]);
  });
});
