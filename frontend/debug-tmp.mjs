import { chromium } from "playwright-core";
const [,, login, path] = process.argv;
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless=new", "--no-sandbox"] });
const ctx = await b.newContext({ locale: "ru-RU", timezoneId: "Europe/Moscow", viewport: { width: 360, height: 800 } });
const p = await ctx.newPage();
await p.goto("http://127.0.0.1:8768/login?next=" + encodeURIComponent(path));
await p.getByLabel("Телефон, e-mail или СНИЛС", { exact: true }).fill(login);
await p.getByLabel("Пароль", { exact: true }).fill(process.argv[4] ?? "Dnevnik-Demo-2026!");
const at = Date.now();
await p.getByRole("button", { name: "Войти", exact: true }).click();
await Promise.race([p.getByLabel("Код из СМС", { exact: true }).waitFor(), p.waitForURL((u) => !u.pathname.startsWith("/login"))]);
if (new URL(p.url()).pathname.startsWith("/login")) {
  let code;
  for (let i=0;i<40 && !code;i++){ const r = await (await fetch("http://127.0.0.1:8768/api/v1/dev/outbox?to=" + encodeURIComponent(login))).json(); const m=r.find(x=>x.purpose==="login" && Date.parse(x.created_at)>at-2000); code = m && /\b(\d{6})\b/.exec(m.body)[1]; if(!code) await new Promise(r=>setTimeout(r,500)); }
  await p.getByLabel("Код из СМС", { exact: true }).fill(code);
  await p.getByRole("button", { name: "Войти", exact: true }).click();
  await p.waitForURL((u) => !u.pathname.startsWith("/login"));
}
await p.waitForTimeout(2500);
const wide = await p.evaluate(() => {
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.right > window.innerWidth + 1 && r.width > 0) out.push(`${el.tagName}.${el.className} right=${Math.round(r.right)} w=${Math.round(r.width)}`);
  }
  return { sw: document.documentElement.scrollWidth, out: out.slice(0, 15) };
});
console.log(JSON.stringify(wide, null, 1));
await b.close();
