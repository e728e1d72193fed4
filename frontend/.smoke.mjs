import { readFileSync, mkdirSync } from "node:fs";
import { chromium } from "playwright-core";

const BASE = "http://127.0.0.1:8767";
const OUT = "/tmp/smoke/shots";
mkdirSync(OUT, { recursive: true });
const OPHONE = readFileSync("/tmp/spa-dev/operator-phone", "utf8").trim();
const nat = "985" + String(Math.floor(Math.random() * 1e7)).padStart(7, "0");
const PHONE = "+7" + nat;
const PASSWORD = "Снег-на-крыше-2026!";

function snils() {
  for (;;) {
    const body = String(Math.floor(Math.random() * 1e9)).padStart(9, "0");
    if (Number(body) <= 1001998) continue;
    const sum = [...body].reduce((a, d, i) => a + Number(d) * (9 - i), 0);
    const c = sum < 100 ? sum : sum === 100 || sum === 101 ? 0 : sum % 101 === 100 ? 0 : sum % 101;
    return body + String(c).padStart(2, "0");
  }
}

async function api(method, path, body, token) {
  const r = await fetch(BASE + path, {
    method,
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path} ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}
async function lastCode(phone, re) {
  for (let i = 0; i < 40; i++) {
    const m = await api("GET", `/api/v1/dev/outbox?to=${encodeURIComponent(phone)}`);
    for (const x of m) { const g = re.exec(x.body); if (g) return g[1]; }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("no code");
}

// A parent at level «Стандартная» with one scan, via the API.
await api("POST", "/api/v1/auth/register", { last_name: "Кузнецова", first_name: "Ирина", middle_name: "Павловна", phone: PHONE, password: PASSWORD });
const code = await lastCode(PHONE, /код подтверждения (\d{6})/);
const tokens = await api("POST", "/api/v1/auth/phone/confirm", { phone: PHONE, code });
await api("PUT", "/api/v1/me/snils", { snils: snils() }, tokens.access_token);
await api("PUT", "/api/v1/me/passport", { series: "4509", number: String(Math.floor(Math.random() * 1e6)).padStart(6, "0"), issued_at: "2015-06-10", issuer_code: "770-001", issuer_name: "ГУ МВД России по г. Москве" }, tokens.access_token);
const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const form = new FormData();
form.append("kind", "passport");
form.append("file", new Blob([pdf], { type: "application/pdf" }), "p.pdf");
let r = await fetch(BASE + "/api/v1/me/documents", { method: "POST", headers: { Authorization: `Bearer ${tokens.access_token}` }, body: form });
console.log("upload", r.status);

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless=new", "--no-sandbox"] });
const errors = [];
async function newPage(ctx, width) {
  const page = await ctx.newPage();
  await page.setViewportSize({ width, height: 800 });
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("response", async (r) => {
    if (r.url().includes("/api/") && (r.status() >= 400 || r.request().method() !== "GET")) console.log("HTTP", r.status(), r.request().method(), r.url(), (await r.text().catch(() => "")).slice(0, 300));
  });
  return page;
}
async function login(page, phone, password) {
  await page.goto(BASE + "/login");
  await page.getByLabel("Телефон, e-mail или СНИЛС").fill(phone);
  await page.getByLabel("Пароль", { exact: true }).fill(password);
  const at = Date.now();
  await page.getByRole("button", { name: "Войти", exact: true }).click();
  await page.getByRole("heading", { name: "Подтверждение входа" }).waitFor();
  await page.getByText(/Мы отправили код для входа/).waitFor({ timeout: 75_000 });
  const c = await lastCode(phone, /код для входа (\d{6})/);
  await page.getByLabel("Код из СМС").fill(c);
  await page.getByRole("button", { name: "Войти", exact: true }).click();
  await page.waitForURL(/\/profile/);
}

// ---- operator
const opCtx = await browser.newContext({ locale: "ru-RU", timezoneId: "Europe/Moscow" });
const op = await newPage(opCtx, 1280);
await login(op, OPHONE, "Оператор-Центра-2026!");
await op.waitForTimeout(2000);
console.log("errors after login", errors);
await op.screenshot({ path: `${OUT}/operator-profile-1280.png`, fullPage: true });
await op.getByRole("button", { name: /Меню учётной записи/ }).click();
await op.screenshot({ path: `${OUT}/operator-menu-1280.png` });
await op.getByRole("link", { name: "Оператор" }).click();
await op.getByRole("heading", { level: 1, name: "Подтверждение личности" }).waitFor();
await op.getByLabel("Мобильный телефон").fill("8" + nat);
await op.getByRole("button", { name: "Найти" }).click();
await op.getByRole("link", { name: /Кузнецова Ирина Павловна/ }).click();
await op.getByRole("heading", { level: 1, name: "Кузнецова Ирина Павловна" }).waitFor();
await op.getByRole("button", { name: /Посмотреть/ }).click();
await op.waitForTimeout(800);
await op.screenshot({ path: `${OUT}/operator-account-1280.png`, fullPage: true });
await op.getByRole("button", { name: "Выдать код подтверждения" }).click();
await op.locator(".issued-code code").waitFor();
const issued = await op.locator(".issued-code code").textContent();
console.log("issued code", issued);
await op.screenshot({ path: `${OUT}/operator-code-1280.png`, fullPage: true });
await op.getByLabel("По видеосвязи").check();
await op.getByLabel(/Примечание/).fill("Обращение 2026-11-28/17");
// don't confirm yet: the parent redeems the code
const op360 = await newPage(opCtx, 360);
await op360.goto(BASE + "/operator");
await op360.getByRole("heading", { level: 1 }).waitFor();
await op360.screenshot({ path: `${OUT}/operator-360.png`, fullPage: true });
await op360.goto(BASE + "/security");
await op360.getByRole("heading", { level: 1, name: "Безопасность" }).waitFor();
await op360.getByText("Активные сеансы").waitFor();
await op360.waitForTimeout(500);
await op360.screenshot({ path: `${OUT}/security-operator-360.png`, fullPage: true });

// ---- parent
const pCtx = await browser.newContext({ locale: "ru-RU", timezoneId: "Europe/Moscow" });
const parent = await newPage(pCtx, 360);
await login(parent, PHONE, PASSWORD);
await parent.getByLabel("Код подтверждения").fill(issued.toLowerCase());
await parent.getByRole("button", { name: "Подтвердить учётную запись" }).click();
await parent.getByTestId("account-level").getByText("Подтверждённая").waitFor();
await parent.screenshot({ path: `${OUT}/profile-confirmed-360.png`, fullPage: true });
await parent.goto(BASE + "/children");
await parent.getByRole("button", { name: "Добавить ребёнка" }).click();
await parent.getByLabel("Фамилия ребёнка").fill("Кузнецов");
await parent.getByLabel("Имя ребёнка").fill("Пётр");
await parent.getByLabel("Дата рождения").fill("01.09.2015");
await parent.getByLabel("СНИЛС ребёнка").fill(snils());
await parent.getByLabel("Свидетельство о рождении: серия и номер").pressSequentially("IV-mu 123456");
await parent.screenshot({ path: `${OUT}/children-form-360.png`, fullPage: true });
await parent.getByLabel("Свидетельство о рождении: серия и номер").fill("IV-МЮ " + String(Math.floor(Math.random() * 1e6)).padStart(6, "0"));
await parent.getByLabel("Дата выдачи свидетельства").fill("15.09.2015");
await parent.getByRole("button", { name: "Добавить", exact: true }).click();
await parent.getByText(/Ребёнок добавлен/).waitFor();
await parent.screenshot({ path: `${OUT}/children-list-360.png`, fullPage: true });
await parent.goto(BASE + "/security");
await parent.getByRole("button", { name: "Подключить приложение" }).click();
await parent.locator(".totp-qr").waitFor();
await parent.screenshot({ path: `${OUT}/security-totp-360.png`, fullPage: true });
const wide = await newPage(pCtx, 1280);
await wide.goto(BASE + "/children");
await wide.getByText("Кузнецов Пётр").waitFor();
await wide.screenshot({ path: `${OUT}/children-list-1280.png`, fullPage: true });
await wide.goto(BASE + "/security");
await wide.getByText("Активные сеансы").waitFor();
await wide.waitForTimeout(500);
await wide.screenshot({ path: `${OUT}/security-1280.png`, fullPage: true });

// The operator's card after the code: confirmed.
await op.reload();
await op.getByText("Учётная запись подтверждена.").waitFor();
console.log("errors", errors);
await browser.close();
