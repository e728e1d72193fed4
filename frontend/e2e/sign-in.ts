/**
 * Signing in through the log-in page with the SMS code from the development outbox — one
 * helper for every browser test that needs a signed-in person.
 */
import type { BrowserContext, Locator, Page } from "playwright-core";

import ru from "../src/lib/i18n/ru.json";
import { BASE_URL } from "./browser";
import { forgetSmsLimits, latestCode, type Account } from "./diary-fixture";

/** The resend button: «Отправить снова» while the log-in waits out the SMS cooldown
 * (one SMS a minute per number), «Отправить код ещё раз» otherwise. */
export function resendButton(p: Page): Locator {
  return p.getByRole("button", { name: new RegExp(`^(${ru.code.resend}|${ru.login.resendNow})$`) });
}

/** Signs ``account`` in and opens ``next`` (waiting out a recent code when there is one). */
export async function signIn(context: BrowserContext, p: Page, account: Account, next: string): Promise<void> {
  await context.clearCookies();
  forgetSmsLimits();
  await p.goto(`${BASE_URL}/login?next=${encodeURIComponent(next)}`);
  await p.getByLabel(ru.fields.login, { exact: true }).fill(account.login);
  await p.getByLabel(ru.fields.password, { exact: true }).fill(account.password);
  let askedAt = Date.now();
  await p.getByRole("button", { name: ru.login.submit, exact: true }).click();
  const code = p.getByLabel(ru.fields.smsCode, { exact: true });
  await code.waitFor({ timeout: 15_000 });
  let sms = await latestCode(account.login, askedAt, "login").catch(() => null);
  if (!sms) {
    const resend = resendButton(p);
    await resend.waitFor({ timeout: 75_000 });
    askedAt = Date.now();
    await resend.click();
    sms = await latestCode(account.login, askedAt, "login");
  }
  await code.fill(sms);
  await p.getByRole("button", { name: ru.login.verify, exact: true }).click();
  await p.waitForURL((url) => !url.pathname.startsWith("/login"), { timeout: 15_000 });
  await p.goto(`${BASE_URL}${next}`);
}
