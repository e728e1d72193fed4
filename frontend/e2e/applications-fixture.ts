/**
 * The applications' test world, built the honest way on a fresh development database:
 * `edudiary seed-demo --json` gives the demo schools; `edudiary create-user` makes an
 * operator and a school administrator of one demo school; a parent registers through the
 * API (SMS code from the development outbox), enters SNILS and passport (standard
 * level), is confirmed by the operator (confirmed level) and adds a child. The CLI uses
 * the server's database: DATABASE_URL and EDUDIARY_ENV=development in the environment.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";

import { BASE_URL } from "./browser";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const EDUDIARY = process.env.EDUDIARY_BIN ?? path.join(ROOT, ".venv", "bin", "edudiary");
const API = `${BASE_URL}/api/v1`;
export const PASSWORD = "Осень-2026!Листья";

export interface Login {
  phone: string;
  password: string;
}

export interface ApplicationsFixture {
  parent: Login & { name: string };
  child: { id: string; lastName: string; firstName: string };
  admin: Login;
  operator: Login;
  school: { id: string; shortName: string; timezone: string };
  /** The class the parent will pick: grade and letter. */
  grade: number;
  letter: string;
}

function cli(args: string[]): string {
  return execFileSync(EDUDIARY, args, {
    cwd: ROOT,
    env: { ...process.env, EDUDIARY_ENV: "development", EDUDIARY_LOG_LEVEL: "WARNING" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

async function call<T>(method: string, url: string, body?: unknown, token?: string): Promise<T> {
  const response = await fetch(`${API}${url}`, {
    method,
    headers: {
      Accept: "application/json",
      "Accept-Language": "ru",
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} → ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join("");

export function randomPhone(): string {
  return `+7916${digits(7)}`;
}

/** A SNILS with a correct control number: 11 digits. */
export function randomSnils(): string {
  for (;;) {
    const body = digits(9);
    if (Number(body) <= 1_001_998) continue;
    const sum = [...body].reduce((acc, d, i) => acc + Number(d) * (9 - i), 0);
    const check = sum < 100 ? sum : sum === 100 || sum === 101 ? 0 : sum % 101 === 100 ? 0 : sum % 101;
    return `${body}${String(check).padStart(2, "0")}`;
  }
}

/** The newest 6-digit code the development outbox sent to `to` since `since` (ms). */
export async function outboxCode(to: string, since: number, purpose?: string): Promise<string> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const messages = await call<{ body: string; created_at: string; purpose?: string }[]>(
      "GET",
      `/dev/outbox?to=${encodeURIComponent(to)}`,
    );
    for (const message of messages) {
      if (Date.parse(message.created_at) + 2000 < since) break;
      if (purpose && message.purpose && message.purpose !== purpose) continue;
      const code = /\b(\d{6})\b/.exec(message.body)?.[1];
      if (code) return code;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no code in the outbox for ${to}`);
}

/** A bearer token for a staff account (password, then the SMS code). */
async function apiLogin(login: Login): Promise<string> {
  const since = Date.now();
  const first = await call<{ access_token?: string; challenge_id?: string }>("POST", "/auth/login", {
    login: login.phone,
    password: login.password,
  });
  if (first.access_token) return first.access_token;
  const code = await outboxCode(login.phone, since, "login");
  const tokens = await call<{ access_token: string }>("POST", "/auth/login/verify", {
    challenge_id: first.challenge_id,
    code,
    method: "sms",
  });
  return tokens.access_token;
}

interface Seed {
  schools: { id: string; short_name: string; timezone: string }[];
}

/** A parent who registered, gave SNILS and passport, and turned the SMS second factor off. */
export async function registerParent(lastName: string, firstName: string): Promise<{ login: Login; accountId: string; token: string }> {
  const login = { phone: randomPhone(), password: PASSWORD };
  const since = Date.now();
  const registered = await call<{ account_id: string }>("POST", "/auth/register", {
    last_name: lastName,
    first_name: firstName,
    middle_name: "Сергеевна",
    phone: login.phone,
    password: PASSWORD,
  });
  const tokens = await call<{ access_token: string }>("POST", "/auth/phone/confirm", {
    phone: login.phone,
    code: await outboxCode(login.phone, since, "register"),
  });
  // A new account's phone is in its minute-long SMS cooldown: the browser signs in with
  // the password alone (the parent's own choice on /security).
  await call("PATCH", "/me/settings", { mfa_sms_enabled: false }, tokens.access_token);
  return { login, accountId: registered.account_id, token: tokens.access_token };
}

export async function prepareApplicationsFixture(): Promise<ApplicationsFixture> {
  const out = cli(["seed-demo", "--json"]);
  const seed = JSON.parse(out.slice(out.indexOf("{"))) as Seed;
  const demo = seed.schools.find((s) => s.short_name.includes("177")) ?? seed.schools[0];
  if (!demo) throw new Error("seed-demo made no demo school");

  // Two operators: one confirms the parent through the API now; the other signs in in the
  // browser later (one SMS a minute per number: its first code must be the browser's).
  const confirmer = { phone: randomPhone(), password: PASSWORD };
  cli(["create-user", "--role", "operator", "--phone", confirmer.phone, "--password", PASSWORD, "--last-name", "Операторова", "--first-name", "Ольга"]);
  const operator = { phone: randomPhone(), password: PASSWORD };
  cli(["create-user", "--role", "operator", "--phone", operator.phone, "--password", PASSWORD, "--last-name", "Поддержкина", "--first-name", "Светлана"]);
  const admin = { phone: randomPhone(), password: PASSWORD };
  cli([
    "create-user", "--role", "school_admin", "--phone", admin.phone, "--password", PASSWORD,
    "--last-name", "Завучева", "--first-name", "Ирина", "--school-id", demo.id,
  ]);

  const parent = await registerParent("Кузнецова", "Анна");
  await call("PUT", "/me/snils", { snils: randomSnils() }, parent.token);
  await call(
    "PUT",
    "/me/passport",
    { series: "4509", number: digits(6), issued_at: "2015-06-10", issuer_code: "770-001", issuer_name: "ГУ МВД России по г. Москве" },
    parent.token,
  );
  for (let attempt = 0; attempt < 40; attempt++) {
    const me = await call<{ level: string }>("GET", "/me", undefined, parent.token);
    if (me.level === "standard") break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const operatorToken = await apiLogin(confirmer);
  await call("POST", `/operator/accounts/${parent.accountId}/confirm`, { method: "service_center", note: "e2e: паспорт предъявлен" }, operatorToken);

  const child = await call<{ id: string; last_name: string; first_name: string }>(
    "POST",
    "/me/children",
    {
      last_name: "Кузнецов",
      first_name: "Матвей",
      middle_name: "Андреевич",
      birth_date: "2015-03-14",
      snils: randomSnils(),
      birth_certificate: { series_number: `III-МЮ ${digits(6)}`, issued_at: "2015-04-02" },
    },
    parent.token,
  );
  return {
    parent: { ...parent.login, name: "Кузнецова А. С." },
    child: { id: child.id, lastName: child.last_name, firstName: child.first_name },
    admin,
    operator,
    school: { id: demo.id, shortName: demo.short_name, timezone: demo.timezone },
    grade: 7,
    letter: "Б",
  };
}
