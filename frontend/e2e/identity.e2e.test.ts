import { deflateSync } from "node:zlib";

import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  BASE_URL,
  launchBrowser,
  screenshot,
  seriousAxeViolations,
  waitForServer,
  watchErrors,
  type Browser,
} from "./browser";

// A parent's way in: registration with an SMS code, the profile's levels, identity data,
// documents and children, log-out and log-in with the second factor. The server runs with
// EDUDIARY_ENV=development, so GET /api/v1/dev/outbox shows the SMS it "sent".

const PREFIXES = ["903", "905", "915", "916", "926", "977", "985", "999"];
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join("");
const NATIONAL = `${PREFIXES[Math.floor(Math.random() * PREFIXES.length)]}${digits(7)}`;
const PHONE = `+7${NATIONAL}`;
const PASSWORD = "Снег-на-крыше-2026!";

/** A random SNILS with a correct control number, as the user types it: 11 digits. */
function randomSnils(): string {
  for (;;) {
    const body = digits(9);
    if (Number(body) <= 1_001_998) continue;
    const sum = [...body].reduce((acc, d, i) => acc + Number(d) * (9 - i), 0);
    const check = sum < 100 ? sum : sum === 100 || sum === 101 ? 0 : sum % 101 === 100 ? 0 : sum % 101;
    return `${body}${String(check).padStart(2, "0")}`;
  }
}

// ---- a PNG with a declared resolution, for the upload ---------------------------------

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

/** A small grey PNG that says it was scanned at `dpi`. */
function scanPng(dpi: number, size = 64): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const rows = Buffer.alloc((size + 1) * size, 0xd0);
  for (let y = 0; y < size; y++) rows[y * (size + 1)] = 0; // filter byte per row
  const perMetre = Math.round(dpi / 0.0254);
  const phys = Buffer.alloc(9);
  phys.writeUInt32BE(perMetre, 0);
  phys.writeUInt32BE(perMetre, 4);
  phys[8] = 1;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("pHYs", phys),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// ---- harness ---------------------------------------------------------------------------

let browser: Browser;
let context: BrowserContext;
let errors: string[] = [];

beforeAll(async () => {
  await waitForServer(`${BASE_URL}/`);
  browser = await launchBrowser();
  context = browser.context;
});

afterAll(async () => {
  await browser?.close();
});

async function openPage(width: number): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 800 });
  const pageErrors = watchErrors(page);
  errors = pageErrors;
  return page;
}

/** Chromium logs every 4xx answer as a console error; expected where the test provokes one. */
function forgiveFailedRequests(): void {
  const rest = errors.filter((e) => !e.includes("Failed to load resource"));
  errors.splice(0, errors.length, ...rest);
}

async function close(page: Page): Promise<void> {
  await page.close();
  expect(errors, "the page logged errors").toEqual([]);
}

/** The newest SMS to the test phone whose text matches, through the page's request context. */
async function smsCode(page: Page, pattern: RegExp, after: number): Promise<string> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const response = await page.request.get(`${BASE_URL}/api/v1/dev/outbox?to=${encodeURIComponent(PHONE)}`);
    expect(response.status()).toBe(200);
    const messages = (await response.json()) as { body: string; created_at: string }[];
    for (const message of messages) {
      const match = pattern.exec(message.body);
      if (match && Date.parse(message.created_at) >= after - 2000) return match[1]!;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no SMS matching ${pattern} for ${PHONE}`);
}

async function expectNoSeriousViolations(page: Page): Promise<void> {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

function fieldError(page: Page, label: string) {
  // The error is tied to its input with aria-describedby; read it the way a screen reader does.
  return page.getByLabel(label, { exact: true }).and(page.locator("input")).evaluate((input) => {
    const ids = (input.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
    return ids
      .map((id) => document.getElementById(id))
      .filter((el) => el?.classList.contains("field__error"))
      .map((el) => el!.textContent ?? "")
      .join(" ");
  });
}

// ---- the tests ---------------------------------------------------------------------------

describe("registration", () => {
  it("shows the server's words under the phone field for a Kazakh number and keeps the typed name", async () => {
    const page = await openPage(360);
    await page.goto(`${BASE_URL}/register`);
    await page.getByRole("heading", { level: 1, name: "Регистрация" }).waitFor();
    expect(await page.getByText("Шаг 1 из 3").isVisible()).toBe(true);

    await page.getByLabel("Фамилия", { exact: true }).fill("Иванова");
    await page.getByLabel("Имя", { exact: true }).fill("Анна");
    await page.getByLabel("Отчество").fill("Сергеевна");
    await page.getByLabel("Мобильный телефон").pressSequentially("+77011234567");
    expect(await page.getByLabel("Мобильный телефон").inputValue()).toBe("+7 (701) 123-45-67");
    await page.getByRole("button", { name: "Далее" }).click();

    const phone = page.getByLabel("Мобильный телефон");
    await page.getByText("Некорректный номер телефона: укажите номер российского оператора").waitFor();
    expect(await fieldError(page, "Мобильный телефон")).toContain("укажите номер российского оператора");
    expect(await phone.getAttribute("aria-invalid")).toBe("true");
    await expect.poll(() => phone.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.getByLabel("Фамилия", { exact: true }).inputValue()).toBe("Иванова");
    expect(await page.getByLabel("Имя", { exact: true }).inputValue()).toBe("Анна");
    expect(new URL(page.url()).search).toBe(""); // still step 1

    await screenshot(page, "register-360-phone-error");
    await expectNoSeriousViolations(page);

    // A reload keeps the draft (sessionStorage, without any password).
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Регистрация" }).waitFor();
    expect(await page.getByLabel("Фамилия", { exact: true }).inputValue()).toBe("Иванова");
    expect(await page.getByLabel("Мобильный телефон").inputValue()).toBe("+7 (701) 123-45-67");
    await page.evaluate(() => window.sessionStorage.clear());
    await close(page);
  });

  it("registers with the SMS code and lands on the profile at level «Упрощённая»", { timeout: 90_000 }, async () => {
    const page = await openPage(1280);
    await page.goto(`${BASE_URL}/`);
    await page.getByRole("link", { name: "Зарегистрироваться" }).click();
    await page.getByRole("heading", { level: 1, name: "Регистрация" }).waitFor();
    await screenshot(page, "register-1280");

    await page.getByLabel("Фамилия", { exact: true }).fill("Петрова");
    await page.getByLabel("Имя", { exact: true }).fill("Мария");
    // Pasting an unformatted number works: the mask formats it.
    await page.getByLabel("Мобильный телефон").fill(`8${NATIONAL}`);
    expect(await page.getByLabel("Мобильный телефон").inputValue()).toMatch(/^\+7 \(\d{3}\) \d{3}-\d{2}-\d{2}$/);
    await page.getByRole("button", { name: "Далее" }).click();

    await page.getByText("Шаг 2 из 3").waitFor();
    const password = page.getByLabel("Пароль", { exact: true });
    await password.fill("короткий1");
    const checklist = page.locator(".checklist");
    expect(await checklist.locator(".checklist__item--ok").count()).toBe(1); // only "a digit"
    await page.getByRole("button", { name: "Зарегистрироваться" }).click();
    expect(await fieldError(page, "Пароль")).toContain("Пароль не соответствует требованиям");

    // Back never loses input; the browser's Back button goes to step 1 too.
    await page.getByRole("button", { name: "Назад" }).click();
    await page.getByText("Шаг 1 из 3").waitFor();
    expect(await page.getByLabel("Фамилия", { exact: true }).inputValue()).toBe("Петрова");
    await page.getByRole("button", { name: "Далее" }).click();
    await page.getByText("Шаг 2 из 3").waitFor();

    await page.getByLabel("Пароль", { exact: true }).fill(PASSWORD);
    expect(await checklist.locator(".checklist__item--ok").count()).toBe(4);
    await screenshot(page, "register-1280-step2");
    const registeredAt = Date.now();
    await page.getByRole("button", { name: "Зарегистрироваться" }).click();

    await page.getByText("Шаг 3 из 3").waitFor();
    await page.getByText(/Новый код можно запросить через 0:[0-5]\d/).waitFor();
    const code = await smsCode(page, /код подтверждения (\d{6})/, registeredAt);
    expect(await page.getByLabel("Код из СМС").getAttribute("autocomplete")).toBe("one-time-code");

    // A wrong code first: the server's message lands under the field.
    const wrong = code === "000000" ? "111111" : "000000";
    await page.getByLabel("Код из СМС").fill(wrong);
    await page.getByRole("button", { name: "Подтвердить" }).click();
    await page.getByText("Неверный код").waitFor();
    expect(await fieldError(page, "Код из СМС")).toContain("Неверный код");
    forgiveFailedRequests();

    await page.getByLabel("Код из СМС").fill(code);
    await page.getByRole("button", { name: "Подтвердить" }).click();

    await page.waitForURL(`${BASE_URL}/profile`);
    await page.getByRole("heading", { level: 1, name: "Профиль" }).waitFor();
    await page.getByText("Регистрация завершена").waitFor();
    expect(await page.getByTestId("account-level").textContent()).toBe("Упрощённая");
    // The header now has the user's name and menu instead of «Войти».
    expect(await page.getByRole("button", { name: /Петрова/ }).isVisible()).toBe(true);
    expect(await page.evaluate(() => window.sessionStorage.getItem("edudiary.draft.register"))).toBeNull();
    await screenshot(page, "profile-1280-simplified");
    await close(page);
  });
});

describe("the profile", () => {
  for (const width of [360, 1280] as const) {
    it(`is reached again after a reload (refresh cookie) and has no serious violations at ${width}px`, async () => {
      const page = await openPage(width);
      await page.goto(`${BASE_URL}/profile`);
      await page.getByRole("heading", { level: 1, name: "Профиль" }).waitFor();
      await page.getByTestId("account-level").waitFor();
      await screenshot(page, `profile-${width}`);
      await expectNoSeriousViolations(page);
      await close(page);
    });
  }

  it("takes SNILS and passport with masks and becomes «Стандартная»", async () => {
    const page = await openPage(360);
    await page.goto(`${BASE_URL}/profile`);
    await page.getByTestId("account-level").waitFor();

    // A SNILS with a wrong control number: the server's message under the field.
    const snilsField = page.getByLabel("Номер СНИЛС");
    await snilsField.fill("112-233-445 96");
    await page.getByRole("button", { name: "Сохранить СНИЛС" }).click();
    await page.locator(".field__error").first().waitFor();
    expect(await fieldError(page, "Номер СНИЛС")).not.toBe("");
    forgiveFailedRequests();

    const snils = randomSnils();
    await snilsField.fill(snils); // pasted without separators
    expect(await snilsField.inputValue()).toBe(
      `${snils.slice(0, 3)}-${snils.slice(3, 6)}-${snils.slice(6, 9)} ${snils.slice(9)}`,
    );
    await page.getByRole("button", { name: "Сохранить СНИЛС" }).click();
    await page.getByText("СНИЛС сохранён.").waitFor();

    await page.getByLabel("Серия и номер паспорта").fill(`4509${digits(6)}`);
    expect(await page.getByLabel("Серия и номер паспорта").inputValue()).toMatch(/^45 09 \d{6}$/);
    await page.getByLabel("Дата выдачи").pressSequentially("10062015");
    expect(await page.getByLabel("Дата выдачи").inputValue()).toBe("10.06.2015");
    await page.getByLabel("Код подразделения").fill("770001");
    expect(await page.getByLabel("Код подразделения").inputValue()).toBe("770-001");
    await page.getByLabel("Кем выдан").fill("ГУ МВД России по г. Москве");
    await page.getByRole("button", { name: "Сохранить паспорт" }).click();
    await page.getByText("Паспортные данные сохранены.").waitFor();

    await page.getByTestId("account-level").getByText("Стандартная").waitFor();
    await page.getByRole("heading", { name: "Подтверждение учётной записи" }).waitFor();
    await screenshot(page, "profile-360-standard");
    await close(page);
  });
});

describe("documents and children", () => {
  it("uploads a scan with a progress bar, shows the server's dpi error next to the file, lists and deletes", async () => {
    const page = await openPage(360);
    await page.goto(`${BASE_URL}/profile/documents`);
    await page.getByRole("heading", { level: 1, name: "Документы" }).waitFor();
    await page.getByText("разрешение скана — не менее 300 dpi;").waitFor();
    await page.getByText("Вы ещё не загрузили ни одного документа.").waitFor();

    // Client-side pre-check: a wrong type never leaves the browser.
    await page.locator('input[type="file"]').setInputFiles({ name: "паспорт.docx", mimeType: "application/msword", buffer: Buffer.from("x") });
    await page.getByText("Этот формат не подходит: загрузите PDF, JPEG или PNG").waitFor();

    // The server's own check: a 72 dpi scan.
    await page.locator('input[type="file"]').setInputFiles({ name: "скан.png", mimeType: "image/png", buffer: scanPng(72) });
    await page.locator(".file-preview__image").waitFor();
    await page.getByRole("button", { name: "Загрузить", exact: true }).click();
    await page.getByText(/Разрешение скана ниже 300 dpi/).waitFor();
    forgiveFailedRequests();

    await page.locator('input[type="file"]').setInputFiles({ name: "скан.png", mimeType: "image/png", buffer: scanPng(300) });
    await page.getByRole("button", { name: "Загрузить", exact: true }).click();
    await page.getByText("Документ «Паспорт» загружен.").waitFor();
    await page.getByText("Ожидает проверки").waitFor();
    expect(await page.locator(".doc-row").count()).toBe(1);
    await screenshot(page, "documents-360");
    await expectNoSeriousViolations(page);

    await page.getByRole("button", { name: "Удалить: Паспорт" }).click();
    await page.getByRole("button", { name: "Да, удалить" }).click();
    await page.getByText("Вы ещё не загрузили ни одного документа.").waitFor();

    await page.locator('input[type="file"]').setInputFiles({ name: "скан.png", mimeType: "image/png", buffer: scanPng(300) });
    await page.getByRole("button", { name: "Загрузить", exact: true }).click();
    await page.getByText("Ожидает проверки").waitFor();
    await close(page);

    const wide = await openPage(1280);
    await wide.goto(`${BASE_URL}/profile/documents`);
    await wide.getByText("Ожидает проверки").waitFor();
    await screenshot(wide, "documents-1280");
    await close(wide);
  });

  for (const width of [360, 1280] as const) {
    it(`explains at ${width}px that children need a confirmed account, instead of a form`, async () => {
      const page = await openPage(width);
      await page.goto(`${BASE_URL}/children`);
      await page.getByRole("heading", { level: 1, name: "Дети" }).waitFor();
      await page
        .getByText("Отсутствие подтверждённого профиля блокирует возможность ввода и изменения данных о школьнике.")
        .waitFor();
      expect(await page.getByRole("button", { name: "Добавить ребёнка" }).count()).toBe(0);
      expect(await page.getByRole("link", { name: "Перейти в профиль" }).getAttribute("href")).toBe("/profile");
      await screenshot(page, `children-${width}`);
      await expectNoSeriousViolations(page);
      await close(page);
    });
  }
});

describe("log-out and log-in with the second factor", () => {
  it("logs out, then logs in with phone, password and the SMS code", { timeout: 150_000 }, async () => {
    const page = await openPage(360);
    await page.goto(`${BASE_URL}/profile`);
    await page.getByTestId("account-level").waitFor();

    await page.getByRole("button", { name: "Меню", exact: true }).click();
    await page.getByRole("button", { name: /Меню учётной записи/ }).click();
    await screenshot(page, "header-360-account-menu");
    await expectNoSeriousViolations(page);
    await page.getByRole("button", { name: "Выйти" }).click();
    await page.waitForURL(`${BASE_URL}/login`);
    await page.getByText("Вы вышли из учётной записи.").waitFor();

    // Signed out: a protected page sends to /login with the way back.
    await page.goto(`${BASE_URL}/children`);
    await page.waitForURL(/\/login\?next=%2Fchildren$/);
    await page.getByRole("heading", { level: 1, name: "Вход" }).waitFor();
    await screenshot(page, "login-360");
    await expectNoSeriousViolations(page);

    // A wrong password: the server's message, the password field emptied.
    await page.getByLabel("Телефон, e-mail или СНИЛС").fill(`8 ${NATIONAL}`);
    await page.getByLabel("Пароль", { exact: true }).fill("Неверный-пароль-1");
    await page.getByRole("button", { name: "Войти", exact: true }).click();
    await page.getByText("Неверный логин или пароль").waitFor();
    forgiveFailedRequests();

    await page.getByLabel("Пароль", { exact: true }).fill(PASSWORD);
    const loggedInAt = Date.now();
    await page.getByRole("button", { name: "Войти", exact: true }).click();
    await page.getByRole("heading", { name: "Подтверждение входа" }).waitFor();
    await screenshot(page, "login-360-sms");
    await expectNoSeriousViolations(page);

    // One SMS a minute per number: when the log-in comes too soon after the registration's
    // code, the page says «Код уже отправлен», counts down to when the server allows the
    // next (the login answer's resend_available_at), then offers «Отправить снова».
    const sent = page.getByText(/Мы отправили код для входа/);
    if (!(await sent.isVisible())) {
      await page.getByText("Код уже отправлен").waitFor();
      await page.getByText(/Отправить снова можно через \d:\d\d/).waitFor();
      await screenshot(page, "login-360-sms-wait");
      await page.getByRole("button", { name: "Отправить снова" }).click({ timeout: 75_000 });
      await sent.waitFor();
    }
    forgiveFailedRequests();
    const code = await smsCode(page, /код для входа (\d{6})/, loggedInAt);
    await page.getByLabel("Код из СМС").fill(code);
    await page.getByRole("button", { name: "Войти", exact: true }).click();

    await page.waitForURL(`${BASE_URL}/children`);
    await page.getByRole("heading", { level: 1, name: "Дети" }).waitFor();
    await page.goto(`${BASE_URL}/profile`);
    expect(await page.getByTestId("account-level").textContent()).toBe("Стандартная");
    await close(page);
  });

  it("shows the log-in page at 1280px to a visitor", async () => {
    // A separate browser profile: no session there.
    const other = await launchBrowser();
    try {
      const page = await other.context.newPage();
      await page.setViewportSize({ width: 1280, height: 800 });
      const pageErrors = watchErrors(page);
      await page.goto(`${BASE_URL}/login`);
      await page.getByRole("heading", { level: 1, name: "Вход" }).waitFor();
      expect(await page.getByRole("link", { name: "Регистрация" }).isVisible()).toBe(true);
      await screenshot(page, "login-1280");
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
