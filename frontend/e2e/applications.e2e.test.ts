import { deflateSync } from "node:zlib";

import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { prepareApplicationsFixture, outboxCode, registerParent, type ApplicationsFixture } from "./applications-fixture";
import {
  BASE_URL,
  launchBrowser,
  screenshot,
  seriousAxeViolations,
  waitForServer,
  watchErrors,
  type Browser,
} from "./browser";

// A parent files an application to connect a child's diary: found through the catalogue
// and the search, five wizard steps with a server-saved draft, the server's own field
// errors, the success page; the school administrator starts the review and approves it
// in the queue; the parent sees «Одобрено» and the history. axe-core on every step and
// list at 360 px; screenshots at 360 and 1280 px go to e2e/screenshots/.

let fixture: ApplicationsFixture;
let parentBrowser: Browser;
let adminBrowser: Browser;
let operatorBrowser: Browser;
let applicationNumber = "";
let applicationId = "";
const pageErrors = new Map<Page, string[]>();

beforeAll(async () => {
  await waitForServer(`${BASE_URL}/api/v1/health`);
  fixture = await prepareApplicationsFixture();
  parentBrowser = await launchBrowser();
  adminBrowser = await launchBrowser();
  operatorBrowser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await parentBrowser?.close();
  await adminBrowser?.close();
  await operatorBrowser?.close();
});

async function openPage(context: BrowserContext, width: number): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 800 });
  pageErrors.set(page, watchErrors(page));
  return page;
}

/** Chromium logs every 4xx answer as a console error; expected where the test provokes one. */
function forgiveFailedRequests(page: Page): void {
  const errors = pageErrors.get(page)!;
  errors.splice(0, errors.length, ...errors.filter((e) => !e.includes("Failed to load resource")));
}

async function close(page: Page): Promise<void> {
  const errors = pageErrors.get(page) ?? [];
  await page.close();
  expect(errors, "the page logged errors").toEqual([]);
}

async function expectAccessible(page: Page, what: string): Promise<void> {
  const violations = await seriousAxeViolations(page);
  expect(violations, `axe on ${what}`).toEqual([]);
}

/** Screenshots of the same state at both widths (the page is left at `back` width). */
async function shoot(page: Page, name: string, back = 360): Promise<void> {
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await page.waitForTimeout(100);
    await screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: back, height: 800 });
}

/** The text of the error tied to a field through aria-describedby, as a screen reader hears it. */
async function fieldError(page: Page, selector: string): Promise<string> {
  return page.locator(selector).evaluate((input) => {
    const ids = (input.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
    return ids
      .map((id) => document.getElementById(id))
      .filter((el) => el?.classList.contains("field__error"))
      .map((el) => el!.textContent ?? "")
      .join(" ");
  });
}

async function signIn(page: Page, phone: string, password: string, next: string): Promise<void> {
  await page.goto(`${BASE_URL}/login?next=${encodeURIComponent(next)}`);
  await page.getByRole("heading", { level: 1, name: "Вход" }).waitFor();
  await page.getByLabel("Телефон, e-mail или СНИЛС").fill(phone);
  await page.getByLabel("Пароль", { exact: true }).fill(password);
  const since = Date.now();
  await page.getByRole("button", { name: "Войти", exact: true }).click();
  const code = page.getByLabel("Код из СМС");
  const landed = page.waitForURL((url) => url.pathname === next.split("?")[0], { timeout: 15_000 });
  const asked = code.waitFor({ timeout: 15_000 }).then(() => "code" as const);
  if ((await Promise.race([landed.then(() => "landed" as const), asked])) === "code") {
    await code.fill(await outboxCode(phone, since, "login"));
    await page.getByRole("button", { name: "Войти", exact: true }).click();
    await landed;
  }
}

/** The parent's access token, from the refresh cookie the browser holds (to play another device). */
async function parentToken(page: Page): Promise<string> {
  const response = await page.request.post(`${BASE_URL}/api/v1/auth/refresh`, { headers: { Accept: "application/json" } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

// ---- files to upload ----------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A small grey PNG; with `dpi` it states its resolution (pHYs), as a scan does. */
function png(dpi: number | null, size = 64): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8;
  header[9] = 0;
  const rows = Buffer.alloc((size + 1) * size, 0xc0);
  for (let y = 0; y < size; y++) rows[y * (size + 1)] = 0;
  const chunks = [chunk("IHDR", header)];
  if (dpi) {
    const perMetre = Math.round(dpi / 0.0254);
    const phys = Buffer.alloc(9);
    phys.writeUInt32BE(perMetre, 0);
    phys.writeUInt32BE(perMetre, 4);
    phys[8] = 1;
    chunks.push(chunk("pHYs", phys));
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    ...chunks,
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A one-page PDF: the school's letter. */
const LETTER_PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
  "latin1",
);

describe("finding the service", () => {
  it("through «Найти услугу» in the header: «дневник ученика» → «Электронный дневник» with the keyboard", async () => {
    const page = await openPage(parentBrowser.context, 360);
    await page.goto(`${BASE_URL}/`);
    await page.getByRole("button", { name: "Меню", exact: true }).click();
    await page.getByRole("button", { name: "Найти услугу" }).click();
    const search = page.getByRole("combobox", { name: "Найти услугу" });
    await search.pressSequentially("дневник ученика");
    const option = page.getByRole("option", { name: /Электронный дневник/ });
    await option.waitFor();
    await search.press("ArrowDown");
    expect(await option.getAttribute("aria-selected")).toBe("true");
    expect(await search.getAttribute("aria-activedescendant")).toBe(await option.getAttribute("id"));
    await screenshot(page, "service-search-360");
    await expectAccessible(page, "the header search");
    await search.press("Enter");
    await page.waitForURL(`${BASE_URL}/services/education/electronic-diary`);
    await page.getByRole("heading", { level: 1, name: "Электронный дневник" }).waitFor();
    await shoot(page, "service-diary");
    await expectAccessible(page, "the service page");

    // On a wide screen «Найти услугу» opens under the header's top row.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole("button", { name: "Найти услугу" }).click();
    await page.getByRole("combobox", { name: "Найти услугу" }).pressSequentially("поддержка");
    await page.getByRole("option", { name: /Обращение в техническую поддержку/ }).waitFor();
    await screenshot(page, "service-search-1280");
    await page.keyboard.press("Escape");
    await page.keyboard.press("Escape");
    await page.keyboard.press("Escape");
    expect(await page.getByRole("button", { name: "Найти услугу" }).getAttribute("aria-expanded")).toBe("false");

    // A typo still finds it, on the results page.
    await page.goto(`${BASE_URL}/services?q=${encodeURIComponent("электроный днивник")}`);
    await page.getByRole("link", { name: "Электронный дневник" }).first().waitFor();
    await close(page);
  });
});

describe("a confirmed parent files the application", () => {
  it("signs in and reaches the wizard through the catalogue: Образование → Электронный дневник", async () => {
    const page = await openPage(parentBrowser.context, 1280);
    await signIn(page, fixture.parent.phone, fixture.parent.password, "/services");
    await page.getByRole("heading", { level: 1, name: "Каталог услуг" }).waitFor();
    await shoot(page, "services", 1280);
    const main = page.getByRole("main");
    await main.getByRole("link", { name: "Образование" }).click();
    await page.getByRole("heading", { level: 1, name: "Образование" }).waitFor();
    await main.getByRole("link", { name: "Электронный дневник" }).click();
    await page.getByRole("link", { name: "Подключить электронный дневник" }).first().click();
    await page.waitForURL(`${BASE_URL}/applications/new`);
    await page.getByText("Шаг 1 из 5").waitFor();
    await close(page);
  });

  it("goes through the five steps with the draft saved on the server", { timeout: 120_000 }, async () => {
    const page = await openPage(parentBrowser.context, 360);
    await page.goto(`${BASE_URL}/applications/new`);
    await page.getByText("Шаг 1 из 5").waitFor();

    // Step 1: the parent's only child is already chosen (issue 9): just «Далее».
    const only = page.getByRole("radio", { name: new RegExp(`${fixture.child.lastName} ${fixture.child.firstName}`) });
    await only.waitFor();
    expect(await only.isChecked()).toBe(true);
    await expectAccessible(page, "step 1");
    await shoot(page, "wizard-1-child");
    await page.getByRole("button", { name: "Далее" }).click();

    // Step 2: the draft exists now; the school is found by a misspelt name, with the keyboard.
    await page.waitForURL(/\/applications\/[0-9a-f-]+\/edit\?step=2$/);
    applicationId = /applications\/([0-9a-f-]+)\/edit/.exec(page.url())![1]!;
    await page.getByText("Шаг 2 из 5").waitFor();
    const school = page.getByRole("combobox", { name: "Школа" });
    await school.pressSequentially("гимназя 177", { delay: 30 });
    const option = page.getByRole("option", { name: new RegExp(fixture.school.shortName.replace(/[()№]/g, ".")) });
    await option.waitFor();
    expect(await school.getAttribute("aria-expanded")).toBe("true");
    await school.press("ArrowDown");
    const active = await school.getAttribute("aria-activedescendant");
    expect(active).toBeTruthy();
    expect(await page.locator(`[id="${active}"]`).getAttribute("aria-selected")).toBe("true");
    await screenshot(page, "wizard-2-suggestions-360");
    // The first suggestion is the demo school (the best match).
    expect(await page.locator(`[id="${active}"]`).textContent()).toContain(fixture.school.shortName);
    await school.press("Enter");
    await page.getByText("Выбранная школа").waitFor();
    await page.getByText(/Черновик сохранён · \d\d:\d\d/).waitFor();
    await expectAccessible(page, "step 2");
    await shoot(page, "wizard-2-school");

    // A reload restores the draft from the server.
    await page.reload();
    await page.getByText("Шаг 2 из 5").waitFor();
    await page.locator(".chosen__name", { hasText: fixture.school.shortName }).waitFor();
    await page.getByRole("button", { name: "Далее" }).click();

    // Step 3: the class, and «Проверить» asks the register.
    await page.getByText("Шаг 3 из 5").waitFor();
    await page.getByLabel("Номер класса").selectOption(String(fixture.grade));
    await page.getByLabel("Буква").selectOption(fixture.letter);
    await page.getByRole("button", { name: "Проверить" }).click();
    await page.getByText(`Класс ${fixture.grade}-${fixture.letter} найден в реестре школы`).waitFor();
    await expectAccessible(page, "step 3");
    await shoot(page, "wizard-3-class");
    await page.getByRole("button", { name: "Далее" }).click();

    // Step 4: the phone mask, inline errors in the seed's words, focus on the first error.
    await page.getByText("Шаг 4 из 5").waitFor();
    const phone = page.getByLabel("Контактный телефон");
    expect(await phone.inputValue()).toMatch(/^\+7 \(916\) \d{3}-\d{2}-\d{2}$/);
    await phone.fill("");
    await phone.pressSequentially("8916123");
    expect(await phone.inputValue()).toBe("+7 (916) 123");
    await page.getByRole("button", { name: "Далее" }).click();
    await page.getByText("Некорректный номер телефона", { exact: true }).waitFor();
    expect(await fieldError(page, 'input[name="contact_phone"]')).toContain("Некорректный номер телефона");
    await expect.poll(() => phone.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await fieldError(page, 'input[name="consent"]')).toContain("Отсутствует согласие");
    await shoot(page, "wizard-4-errors");
    await phone.fill("89161234567");
    expect(await phone.inputValue()).toBe("+7 (916) 123-45-67");
    await page.getByLabel("Идентификационный номер ученика").fill("12 34");
    await page.getByLabel("Идентификационный номер ученика").blur();
    await page.getByText("Идентификационный номер ученика: только цифры, без пробелов").waitFor();
    await page.getByLabel("Идентификационный номер ученика").fill("");
    const consentBox = page.getByRole("region", { name: /Согласие на обработку персональных данных/ });
    expect(await consentBox.textContent()).toContain("152-ФЗ");
    await page.getByLabel("Даю согласие на обработку персональных данных").check();
    await page.getByText(/Черновик сохранён · \d\d:\d\d/).waitFor();
    await expectAccessible(page, "step 4");
    await shoot(page, "wizard-4-contacts");
    await page.getByRole("button", { name: "Далее" }).click();

    // Step 5: the review.
    await page.getByText("Шаг 5 из 5").waitFor();
    await page.getByText("Все данные введены корректно").waitFor();
    await page.getByText(`${fixture.child.lastName} ${fixture.child.firstName}`).first().waitFor();
    await page.getByText("+7 (916) 123-45-67").waitFor();
    expect(await page.getByRole("link", { name: /Редактировать/ }).count()).toBe(4);
    await expectAccessible(page, "step 5");
    await shoot(page, "wizard-5-review");

    // Meanwhile another device spoils the phone: the server's 422 takes the wizard back to
    // step 4 with the server's words under the field.
    const token = await parentToken(page);
    const spoil = await page.request.patch(`${BASE_URL}/api/v1/applications/${applicationId}`, {
      headers: { Authorization: `Bearer ${token}` },
      data: { contact_phone: "+7 (916) 12" },
    });
    expect(spoil.status()).toBe(200);
    await page.getByRole("button", { name: "Отправить" }).click();
    await page.getByText("Шаг 4 из 5").waitFor();
    await page.getByText("Некорректный номер телефона").first().waitFor();
    expect(await fieldError(page, 'input[name="contact_phone"]')).toContain("Некорректный номер телефона");
    expect(await phone.inputValue()).toBe("+7 (916) 12");
    forgiveFailedRequests(page);
    await shoot(page, "wizard-4-server-error");
    await phone.fill("+7 916 123-45-67");
    await page.getByRole("button", { name: "Далее" }).click();
    await page.getByText("Шаг 5 из 5").waitFor();

    // «Назад» keeps everything.
    await page.getByRole("button", { name: "Назад" }).click();
    await page.getByText("Шаг 4 из 5").waitFor();
    expect(await phone.inputValue()).toBe("+7 (916) 123-45-67");
    expect(await page.getByLabel("Даю согласие на обработку персональных данных").isChecked()).toBe(true);
    await page.getByRole("button", { name: "Далее" }).click();
    await page.getByText("Шаг 5 из 5").waitFor();

    await page.getByRole("button", { name: "Отправить" }).click();
    await page.waitForURL(`${BASE_URL}/applications/${applicationId}/sent`);
    await page.getByRole("heading", { level: 1, name: "Заявление успешно отправлено" }).waitFor();
    applicationNumber = (await page.getByTestId("application-number").textContent()) ?? "";
    expect(applicationNumber).toMatch(/^ЭД-\d{4}-\d{6}$/);
    expect(await page.getByText(/^Решение — до \d{1,2} [а-я]+ \d{4}\sг\.$/).count()).toBe(1);
    await expectAccessible(page, "the success page");
    await shoot(page, "application-sent");
    await close(page);
  });

  it("lists it under «Мои заявления» with number, status and deadline", async () => {
    const page = await openPage(parentBrowser.context, 360);
    await page.goto(`${BASE_URL}/applications`);
    await page.getByRole("heading", { level: 1, name: "Мои заявления" }).waitFor();
    const row = page.locator(".record", { hasText: applicationNumber });
    await row.locator(".status-badge", { hasText: "Отправлено" }).waitFor();
    await row.getByText(/Решение школы — до/).waitFor();
    await expectAccessible(page, "my applications");
    await shoot(page, "applications-submitted");
    await close(page);
  });
});

describe("the school reviews it", () => {
  it("starts the review and approves it in the queue, with confirmations", { timeout: 90_000 }, async () => {
    const page = await openPage(adminBrowser.context, 1280);
    await signIn(page, fixture.admin.phone, fixture.admin.password, "/staff/applications");
    await page.getByRole("heading", { level: 1, name: "Заявления на подключение дневника" }).waitFor();
    await page.getByRole("link", { name: "Новые" }).click();
    const row = page.locator(".record", { hasText: applicationNumber });
    await row.waitFor();
    await row.locator("dd", { hasText: `${fixture.child.lastName} ${fixture.child.firstName}` }).waitFor();
    await page.setViewportSize({ width: 360, height: 800 });
    await expectAccessible(page, "the staff queue");
    await shoot(page, "staff-queue", 1280);

    await row.getByRole("link").first().click();
    await page.getByRole("heading", { level: 1, name: `Заявление № ${applicationNumber}` }).waitFor();
    await page.getByRole("button", { name: "Начать рассмотрение" }).click();
    const dialog = page.getByRole("dialog", { name: "Начать рассмотрение заявления?" });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Начать рассмотрение" }).click();
    await page.getByText("Рассмотрение начато.").waitFor();
    await page.locator(".record-header .status-badge", { hasText: "На рассмотрении" }).waitFor();

    await page.getByRole("button", { name: "Одобрить" }).click();
    const approve = page.getByRole("dialog", { name: "Одобрить заявление?" });
    await approve.getByText(`${fixture.grade}-${fixture.letter} класс`).waitFor();
    // «Матвей Андреевич»: the patronymic says «зачислен», not «зачислен(а)».
    await approve.getByText(/будет зачислен в \d+-[А-Я] класс \(или найден в списке/).waitFor();
    await screenshot(page, "staff-approve-dialog-1280");
    await approve.getByRole("button", { name: "Да, одобрить" }).click();
    await page.getByText(/Заявление одобрено: ребёнок в списке класса/).waitFor();
    await page.locator(".record-header .status-badge", { hasText: "Одобрено" }).waitFor();
    await shoot(page, "staff-review", 1280);
    await expectAccessible(page, "the staff detail");

    // The queue is read again: the application is among the approved.
    await page.goto(`${BASE_URL}/staff/applications?status=approved`);
    await page.locator(".record", { hasText: applicationNumber }).locator(".status-badge", { hasText: "Одобрено" }).waitFor();
    await close(page);
  });
});

describe("the parent sees the decision", () => {
  it("shows «Одобрено» and the full history", async () => {
    const page = await openPage(parentBrowser.context, 360);
    await page.goto(`${BASE_URL}/applications`);
    const row = page.locator(".record", { hasText: applicationNumber });
    await row.locator(".status-badge", { hasText: "Одобрено" }).waitFor();
    await shoot(page, "applications-approved");
    await row.getByRole("link", { name: `№ ${applicationNumber}` }).click();
    await page.getByRole("heading", { level: 1, name: `Заявление № ${applicationNumber}` }).waitFor();
    await page.getByText("Электронный дневник подключён").waitFor();
    const history = page.locator(".timeline");
    for (const event of ["Заявление одобрено", "Школа начала рассмотрение", "Заявление отправлено в школу"]) {
      await history.getByText(event).waitFor();
    }
    await history.getByText("Администратор школы").first().waitFor();
    await expectAccessible(page, "the application page");
    await shoot(page, "application-detail");
    await close(page);
  });
});

/** A bearer token from a browser context's refresh cookie (another device of the same person). */
async function tokenOf(browser: Browser): Promise<string> {
  const response = await browser.context.request.post(`${BASE_URL}/api/v1/auth/refresh`, { headers: { Accept: "application/json" } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function apiAs<T>(browser: Browser, method: "GET" | "POST" | "PATCH", path: string, data?: unknown): Promise<T> {
  const token = await tokenOf(browser);
  const response = await browser.context.request.fetch(`${BASE_URL}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
    data,
  });
  expect(response.ok(), `${method} ${path}: ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

describe("the parent's required action comes first", () => {
  let second = "";

  it("a request for information is answered with a comment and a document", { timeout: 90_000 }, async () => {
    // A second application of the same child at the same school, filed and taken up through the API.
    const created = await apiAs<{ id: string }>(parentBrowser, "POST", "/applications", {
      child_id: fixture.child.id,
      school_id: fixture.school.id,
    });
    second = created.id;
    const classes = await apiAs<{ id: string; name: string }[]>(parentBrowser, "GET", `/schools/${fixture.school.id}/classes`);
    const consent = await apiAs<{ version: number }>(parentBrowser, "GET", "/consents/current");
    await apiAs(parentBrowser, "PATCH", `/applications/${second}`, {
      class_id: classes.find((c) => c.name === "7-В")!.id,
      contact_phone: fixture.parent.phone,
      consent: true,
      consent_version: consent.version,
    });
    await apiAs(parentBrowser, "POST", `/applications/${second}/submit`);
    const token = await tokenOf(parentBrowser);
    const upload = await parentBrowser.context.request.post(`${BASE_URL}/api/v1/me/documents`, {
      headers: { Authorization: `Bearer ${token}` },
      multipart: { kind: "birth_certificate", file: { name: "свидетельство.png", mimeType: "image/png", buffer: png(300) } },
    });
    expect(upload.status()).toBe(201);
    await apiAs(adminBrowser, "POST", `/applications/${second}/decisions`, { decision: "start_review" });
    await apiAs(adminBrowser, "POST", `/applications/${second}/decisions`, {
      decision: "request_info",
      reason_code: "missing_documents",
      comment: "Приложите, пожалуйста, свидетельство о рождении ребёнка.",
    });

    const page = await openPage(parentBrowser.context, 360);
    await page.goto(`${BASE_URL}/applications/${second}`);
    const action = page.locator(".action-card");
    await action.getByRole("heading", { name: "Школа запросила сведения" }).waitFor();
    await action.getByText("Отсутствуют подтверждающие документы").waitFor();
    await action.getByText("Приложите, пожалуйста, свидетельство о рождении ребёнка.").waitFor();
    await action.getByText(/^Ответьте до \d{1,2} [а-я]+ \d{4}\sг\. включительно/).waitFor();
    // The action is the first thing after the title, before the details and the history.
    expect(await page.evaluate(() => {
      const card = document.querySelector(".action-card");
      const details = document.getElementById("details");
      return !!card && !!details && !!(card.compareDocumentPosition(details) & Node.DOCUMENT_POSITION_FOLLOWING);
    })).toBe(true);
    await action.getByRole("button", { name: "Отправить ответ" }).click();
    await action.getByText("Напишите ответ на запрос школы").waitFor();
    await action.getByLabel("Ваш ответ школе").fill("Свидетельство о рождении приложено.");
    await action.getByRole("checkbox", { name: /Свидетельство о рождении/ }).check();
    await expectAccessible(page, "the reply form");
    await shoot(page, "application-info-requested");
    await action.getByRole("button", { name: "Отправить ответ" }).click();
    await page.getByText("Ответ отправлен: заявление снова на рассмотрении у школы.").waitFor();
    await page.locator(".record-header .status-badge", { hasText: "На рассмотрении" }).waitFor();
    await page.locator(".timeline").getByText("Получен ответ на запрос школы").waitFor();
    // The history names what was attached, not an id or a count.
    await page.locator(".timeline").getByText("Приложено: Свидетельство о рождении").waitFor();
    await close(page);
  });

  it("a refusal shows the last day to appeal, and the appeal goes to the school", { timeout: 60_000 }, async () => {
    await apiAs(adminBrowser, "POST", `/applications/${second}/decisions`, {
      decision: "reject",
      reason_code: "not_enrolled",
      comment: "Ребёнок не числится в 7-В.",
    });
    const page = await openPage(parentBrowser.context, 360);
    await page.goto(`${BASE_URL}/applications/${second}`);
    const action = page.locator(".action-card");
    await action.getByRole("heading", { name: "В подключении отказано" }).waitFor();
    await action.getByText("Ребёнок не зачислен в школу (класс)").waitFor();
    await action.getByText(/^Обжаловать отказ можно до \d{1,2} [а-я]+ \d{4}\sг\. включительно — это последний день\.$/).waitFor();
    await expectAccessible(page, "the appeal form");
    await shoot(page, "application-rejected");
    await action.getByLabel("Текст жалобы").fill("Ребёнок учится в 7-В с 1 сентября, приказ о зачислении у школы есть.");
    await action.getByRole("button", { name: "Подать жалобу" }).click();
    await page.getByText("Жалоба подана: школа рассмотрит её до 10 рабочих дней.").waitFor();
    await page.locator(".record-header .status-badge", { hasText: "Обжаловано" }).waitFor();
    await page.locator(".record-header").getByText(/Рассмотрение жалобы — до/).waitFor();

    // Withdrawing asks first.
    await page.getByRole("button", { name: "Отозвать заявление" }).click();
    const dialog = page.getByRole("dialog", { name: "Отозвать заявление?" });
    await dialog.waitFor();
    await screenshot(page, "application-withdraw-dialog-360");
    await dialog.getByRole("button", { name: "Отмена" }).click();
    await dialog.waitFor({ state: "hidden" });
    await close(page);
  });
});

describe("a parent whose account is not confirmed", () => {
  it("is told why the application cannot go on and what to do", async () => {
    const other = await registerParent("Смирнова", "Ольга");
    const browser = await launchBrowser();
    try {
      const page = await openPage(browser.context, 360);
      await signIn(page, other.login.phone, other.login.password, "/applications/new");
      await page.getByText("Нужна подтверждённая учётная запись").waitFor();
      await page.getByText("Отсутствие подтверждённого профиля блокирует возможность ввода и изменения данных о школьнике.").waitFor();
      expect(await page.getByRole("link", { name: "Перейти в профиль" }).getAttribute("href")).toBe("/profile");
      expect(await page.getByRole("button", { name: "Далее" }).count()).toBe(0);
      await expectAccessible(page, "the not-confirmed wizard");
      await shoot(page, "wizard-not-confirmed");
      await close(page);
    } finally {
      await browser.close();
    }
  });
});

describe("a school that is not connected", () => {
  it("is found, explained, and a connection request is sent with the school's letter", { timeout: 90_000 }, async () => {
    const page = await openPage(parentBrowser.context, 360);
    await page.goto(`${BASE_URL}/services/education/school-connection`);
    await page.getByRole("heading", { level: 1, name: "Подключение школы к электронному дневнику" }).waitFor();
    await page.getByLabel("Регион").selectOption({ label: "Самарская область" });
    const school = page.getByRole("combobox", { name: "Школа" });
    await school.pressSequentially("сош 41", { delay: 30 });
    const option = page.getByRole("option", { name: /СОШ № 41.*Не подключена/ }).first();
    await option.waitFor();
    await option.click();
    await page.getByText("Школа ещё не подключена к электронному дневнику. Подайте запрос на её подключение.").waitFor();
    await page.getByRole("button", { name: "Подать запрос на подключение" }).click();

    await page.waitForURL(/\/schools\/[0-9a-f-]+\/connect$/);
    await page.getByRole("heading", { level: 1, name: "Запрос на подключение школы" }).waitFor();
    expect(await page.getByLabel("Контактное лицо").inputValue()).toContain("Кузнецова Анна");
    expect(await page.getByLabel("Контактный телефон").inputValue()).toMatch(/^\+7 \(916\)/);
    await page.locator('input[type="file"]').setInputFiles({ name: "письмо-школы.pdf", mimeType: "application/pdf", buffer: LETTER_PDF });
    await page.getByText("письмо-школы.pdf").waitFor();
    await expectAccessible(page, "the connection request form");
    await shoot(page, "school-connect");
    await page.getByRole("button", { name: "Отправить запрос" }).click();
    await page.getByText("Запрос на подключение отправлен").waitFor();
    await page.getByText(/Адресат: .+/).waitFor();

    await page.getByRole("link", { name: "Мои запросы на подключение школ" }).click();
    await page.getByRole("heading", { level: 1, name: "Мои запросы на подключение школ" }).waitFor();
    await page.locator(".record").first().locator(".status-badge", { hasText: "Отправлен" }).waitFor();
    await expectAccessible(page, "my connection requests");
    await shoot(page, "connection-requests");
    await close(page);
  });

  it("the operator takes it in progress with a date; the parent sees «В работе»", { timeout: 90_000 }, async () => {
    {
      const page = await openPage(operatorBrowser.context, 1280);
      await signIn(page, fixture.operator.phone, fixture.operator.password, "/admin/connection-requests");
      await page.getByRole("heading", { level: 1, name: "Запросы на подключение школ" }).waitFor();
      const phone = fixture.parent.phone.replace(/^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/, "+7 ($1) $2-$3-$4");
      const row = page.locator(".record", { hasText: phone });
      await row.getByRole("button", { name: "Взять в работу" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Ожидаемая дата подключения").fill("2027-02-01");
      await dialog.getByLabel("Комментарий заявителю").fill("Школа включена в план подключения на февраль.");
      await dialog.getByRole("button", { name: "Подтвердить" }).click();
      await page.getByText("Запрос взят в работу, заявитель получит уведомление.").waitFor();
      await shoot(page, "admin-connection-requests", 1280);
      await expectAccessible(page, "the operator's connection requests");
      await close(page);
    }
    const parent = await openPage(parentBrowser.context, 360);
    await parent.goto(`${BASE_URL}/connection-requests`);
    const row = parent.locator(".record").first();
    await row.locator(".status-badge", { hasText: "В работе" }).waitFor();
    await row.getByText("Ожидаемая дата подключения: 1 февраля 2027 г.").waitFor();
    await row.getByText("Школа включена в план подключения на февраль.").waitFor();
    await close(parent);
  });
});

describe("support", () => {
  it("a ticket with the application's number and a screenshot, answered by support", { timeout: 120_000 }, async () => {
    const page = await openPage(parentBrowser.context, 360);
    await page.goto(`${BASE_URL}/applications/${applicationId}`);
    await page.getByRole("link", { name: "Написать в поддержку с номером заявления" }).click();
    await page.getByRole("heading", { level: 1, name: "Новое обращение" }).waitFor();
    // The number comes along, chosen among my applications.
    expect(await page.getByLabel("Номер заявления").inputValue()).toBe(applicationNumber);

    await page.getByRole("button", { name: "Отправить обращение" }).click();
    await page.getByText("Укажите тему обращения (не короче 3 символов)").waitFor();
    await expect.poll(() => page.getByLabel("Тема").evaluate((el) => el === document.activeElement)).toBe(true);

    await page.getByLabel("Тема").fill("Не открывается дневник после одобрения");
    await page.getByLabel("Что случилось").fill("Заявление одобрено, но в разделе «Дневник» пусто. Обновляла страницу, выходила и входила снова.");
    // A plain screenshot (no scan resolution stated) is fine for support: the 300 dpi rule
    // is for identity documents only.
    await page.locator('input[type="file"]').setInputFiles({ name: "экран.png", mimeType: "image/png", buffer: png(null) });
    await page.getByText("экран.png").waitFor();
    await expectAccessible(page, "the new ticket form");
    await shoot(page, "support-new");
    await page.getByRole("button", { name: "Отправить обращение" }).click();

    await page.getByText("Обращение отправлено").waitFor();
    const ticketNumber = ((await page.locator("h1").textContent()) ?? "").replace(/^Обращение №\s/, "");
    expect(ticketNumber).toMatch(/^ОБ-\d{4}-\d{6}$/);
    await page.getByRole("img", { name: "Скриншот экрана, приложенный к обращению" }).waitFor();
    await page.goto(`${BASE_URL}/support`);
    await page.locator(".record", { hasText: ticketNumber }).locator(".status-badge", { hasText: "Открыто" }).waitFor();
    await expectAccessible(page, "my support tickets");
    await shoot(page, "support-list");
    await close(page);

    {
      // The operator's session from the connection request test.
      const staff = await openPage(operatorBrowser.context, 1280);
      await staff.goto(`${BASE_URL}/admin/support`);
      await staff.getByRole("heading", { level: 1, name: "Обращения пользователей" }).waitFor();
      await staff.locator(".record", { hasText: ticketNumber }).getByRole("link").click();
      await staff.getByLabel("Ответ пользователю").fill("Дневник появится после следующего входа: обновите страницу через минуту.");
      await staff.getByRole("button", { name: "Отправить", exact: true }).click();
      await staff.getByText("Сообщение отправлено.").waitFor();
      await shoot(staff, "admin-support-ticket", 1280);
      await close(staff);
    }

    const again = await openPage(parentBrowser.context, 360);
    await again.goto(`${BASE_URL}/support`);
    const row = again.locator(".record", { hasText: ticketNumber });
    await row.locator(".status-badge", { hasText: "Есть ответ" }).waitFor();
    await row.getByRole("link").click();
    await again.locator(".thread").getByText("Дневник появится после следующего входа").waitFor();
    await expectAccessible(again, "the ticket");
    await shoot(again, "support-ticket");
    await close(again);
  });
});
