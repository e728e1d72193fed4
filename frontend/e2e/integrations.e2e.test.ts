/**
 * «Интеграции» end to end: the demo school's admin connects a system in the browser,
 * copies the secret, the system gets a token and reads the bells with curl-like calls,
 * reads a lesson's attendance (personal data: one row of the client's access log, which the
 * admin then opens), then the admin revokes it and both the token endpoint and the API key
 * stop at once.
 * Screenshots at 360 and 1280 px go to e2e/screenshots/.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import ru from "../src/lib/i18n/ru.json";
import { BASE_URL, launchBrowser, screenshot, seriousAxeViolations, waitForServer, watchErrors, type Browser } from "./browser";
import { prepareDiaryFixture, seedDemo, type Account } from "./diary-fixture";
import { signIn as signInThroughPage } from "./sign-in";

const HAS_DATABASE = !!process.env.DATABASE_URL;

let browser: Browser;
let admin: Account;
let lessonId: string;

async function signIn(p: Page, account: Account, next: string): Promise<void> {
  await signInThroughPage(browser.context, p, account, next);
}

async function token(clientId: string, secret: string): Promise<Response> {
  return fetch(`${BASE_URL}/oauth/token`, {
    method: "POST",
    headers: {
      Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
  });
}

async function shoot(p: Page, name: string): Promise<void> {
  for (const width of [360, 1280]) {
    await p.setViewportSize({ width, height: 900 });
    await p.waitForTimeout(100);
    await screenshot(p, `${name}-${width}`);
  }
}

describe.skipIf(!HAS_DATABASE)("«Интеграции» of a school admin", () => {
  beforeAll(async () => {
    await waitForServer(`${BASE_URL}/api/v1/health`);
    admin = seedDemo().accounts.find((a) => a.role === "school_admin")!;
    lessonId = (await prepareDiaryFixture()).lessons[0]!.lessonId;
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("connects a system, which reads the bells until it is revoked", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    const errors = watchErrors(page);
    await signIn(page, admin, "/school/integrations");
    await page.getByRole("heading", { level: 1, name: ru.integrations.title }).waitFor();

    const name = `Библиотека ${Date.now()}`;
    await page.getByRole("button", { name: ru.integrations.actions.add }).click();
    await page.getByLabel(ru.integrations.fields.name).fill(name);
    await page.getByLabel(ru.integrations.fields.legalBasis).fill("Договор поручения обработки ПДн № 12 от 01.09.2026");
    // No right is ticked in advance: the bells need the timetable's.
    await page.getByLabel(ru.integrations.scopes.schedule_readonly).check();
    await page.getByLabel(ru.integrations.scopes.attendance_readonly).check();
    await page.getByRole("button", { name: ru.integrations.form.create, exact: true }).click();

    const secretCode = page.getByTestId("client-secret");
    await secretCode.waitFor();
    const secret = (await secretCode.textContent())!.trim();
    expect(secret).toMatch(/^edsk_[0-9A-Za-z]{46}$/);
    const clientId = (await page.locator(".integrations__secret dd code").first().textContent())!.trim();
    expect(clientId).toMatch(/^edc_/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shoot(page, "integrations-secret");

    const issued = await token(clientId, secret);
    expect(issued.status).toBe(200);
    const access = ((await issued.json()) as { access_token: string }).access_token;
    const bells = await fetch(`${BASE_URL}/api/v1/bells`, { headers: { Authorization: `Bearer ${access}` } });
    expect(bells.status).toBe(200);
    const byKey = await fetch(`${BASE_URL}/api/v1/bells`, { headers: { "X-API-Key": secret } });
    expect(byKey.status).toBe(200);
    expect(byKey.headers.get("ratelimit-policy")).toBe('"client";q=600;w=60');
    const attendance = await fetch(`${BASE_URL}/api/v1/lessons/${lessonId}/attendance`, {
      headers: { Authorization: `Bearer ${access}` },
    });
    expect(attendance.status).toBe(200);

    await page.getByRole("button", { name: ru.integrations.secret.done }).click();
    await page.reload();
    const card = page.locator("li.integrations__client", { hasText: name });
    await card.getByText(ru.integrations.fields.lastUsed).waitFor();
    // The token request counts as a use: «Последнее обращение» has a date now.
    expect(await card.getByText(ru.integrations.neverUsed).count()).toBe(0);
    await shoot(page, "integrations-list");

    // The attendance read is in the client's access log.
    await card.getByRole("button", { name: ru.integrations.actions.log }).click();
    const logRow = card.locator(".integrations__log tbody tr");
    await logRow.first().waitFor();
    expect(await logRow.count()).toBe(1);
    await expect.poll(() => logRow.first().textContent()).toContain(ru.integrations.log.objects.attendance);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await card.scrollIntoViewIfNeeded();
    await shoot(page, "integrations-log");

    await card.getByRole("button", { name: ru.integrations.actions.revoke }).click();
    await page.getByRole("button", { name: ru.integrations.revoke.confirm, exact: true }).click();
    await card.getByText(ru.integrations.status.revoked).waitFor();

    expect((await token(clientId, secret)).status).toBe(401);
    expect((await fetch(`${BASE_URL}/api/v1/bells`, { headers: { Authorization: `Bearer ${access}` } })).status).toBe(401);
    await page.close();
    expect(errors).toEqual([]);
  }, 240_000);
});
