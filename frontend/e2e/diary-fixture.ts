/**
 * The diary's test world: a teacher, a parent and their child in a demo school, with a
 * week of lessons. `edudiary seed-demo --json` provides the demo schools (and, once the
 * diary's demo step lands, the demo teacher and parent); whatever it does not provide is
 * built here through the public API and `edudiary create-user`, against the same
 * database as the server (DATABASE_URL, EDUDIARY_ENV=development).
 */
import { execFileSync } from "node:child_process";
import path from "node:path";

import { BASE_URL } from "./browser";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const EDUDIARY = process.env.EDUDIARY_BIN ?? path.join(ROOT, ".venv", "bin", "edudiary");
const API = `${BASE_URL}/api/v1`;

export interface Account {
  role: string;
  login: string;
  password: string;
  school_id?: string;
  student_ids?: string[];
}

interface SeedOutput {
  accounts: Account[];
  schools: { id: string; short_name: string; timezone: string }[];
}

/** A lesson of the child's class this week, held already (today or before). */
export interface CandidateLesson {
  lessonId: string;
  date: string;
  week: string;
  subject: string;
  subjectId: string;
}

export interface DiaryFixture {
  /** Teachers to try, best first: the test signs in and grades a lesson of theirs. */
  teachers: Account[];
  parent: Account;
  studentId: string;
  /** «Петров Илья», as rosters and the journal write it. */
  studentName: string;
  classId: string;
  className: string;
  /** Latest first. */
  lessons: CandidateLesson[];
  /** The access token of the school administrator the fixture signed in: a second log-in
   *  within the minute would wait for its SMS code. */
  adminToken: string;
}

function cli(args: string[]): string {
  return execFileSync(EDUDIARY, args, {
    cwd: ROOT,
    env: { ...process.env, EDUDIARY_ENV: "development", EDUDIARY_LOG_LEVEL: "WARNING" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export function seedDemo(): SeedOutput {
  const out = cli(["seed-demo", "--json"]);
  return JSON.parse(out.slice(out.indexOf("{"))) as SeedOutput;
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

/** The newest code the development outbox sent to `to` after `since`. */
export async function latestCode(to: string, since = 0, purpose?: string): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const messages = await call<{ body: string; created_at: string; purpose: string }[]>(
      "GET",
      `/dev/outbox?to=${encodeURIComponent(to)}`,
    );
    for (const message of messages) {
      if (Date.parse(message.created_at) + 1000 < since) break;
      if (purpose && message.purpose !== purpose) continue;
      const code = /\b(\d{6})\b/.exec(message.body)?.[1];
      if (code) return code;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`no code in the outbox for ${to}`);
}

/** Logs in through the API (with the SMS second factor when asked) and returns a bearer token. */
/**
 * The browser tests sign the same demo people in again and again, and the server sends a
 * number one SMS a minute and ten an hour: over a whole run that is more than the limit,
 * and a log-in late in the run would get no code. Before each log-in the e2e database
 * (DATABASE_URL: the run's own, never a real one) forgets its throttle counts. The limits
 * themselves are tested by the backend suite (tests/identity, tests/hardening).
 */
export function forgetSmsLimits(): void {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  execFileSync("psql", [url, "-qc", "DELETE FROM throttle_events"], { stdio: ["ignore", "ignore", "pipe"] });
}

export async function apiLogin(account: Pick<Account, "login" | "password">): Promise<string> {
  forgetSmsLimits();
  const since = Date.now();
  const first = await call<{ access_token?: string; mfa_required?: boolean; challenge_id?: string }>(
    "POST",
    "/auth/login",
    { login: account.login, password: account.password },
  );
  if (first.access_token) return first.access_token;
  const code = await latestCode(account.login, since, "login").catch(async () => {
    // A code sent to this phone less than a minute ago (a previous run) holds the next one back.
    for (let waited = 0; ; waited += 5_000) {
      try {
        await call("POST", "/auth/login/resend", { challenge_id: first.challenge_id });
        break;
      } catch (error) {
        if (!String(error).includes("→ 429") || waited > 70_000) throw error;
        await new Promise((resolve) => setTimeout(resolve, 5_000));
      }
    }
    return latestCode(account.login, since, "login");
  });
  const tokens = await call<{ access_token: string }>("POST", "/auth/login/verify", {
    challenge_id: first.challenge_id,
    code,
    method: "sms",
  });
  return tokens.access_token;
}

function randomPhone(): string {
  return `+79${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`;
}

const PASSWORD = "Зима-2026!Снег";

function isoWeek(day: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7;
  const thursday = new Date(date.getTime() + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

interface DiaryRead {
  student: { last_name: string; first_name: string; school_class: { id: string; name: string } };
  timezone: string;
  days: { date: string; lessons: { id: string; status: string; subject: { id: string; name: string } }[] }[];
}

/**
 * The child's lessons of this week held by today (of last week when this one has none),
 * read by the school administrator: the teacher and the parent do not sign in before
 * the browser does, so the browser gets their first SMS code (no resend cooldown).
 */
async function candidates(adminToken: string, studentId: string): Promise<Omit<DiaryFixture, "teachers" | "parent" | "adminToken"> | null> {
  for (const offset of [0, -7]) {
    const probe = await call<DiaryRead>("GET", `/students/${studentId}/diary`, undefined, adminToken);
    const today = todayIn(probe.timezone);
    const week = isoWeek(addDays(today, offset));
    const diary = offset === 0 ? probe : await call<DiaryRead>("GET", `/students/${studentId}/diary?week=${week}`, undefined, adminToken);
    const lessons = diary.days
      .filter((d) => d.date <= today)
      .flatMap((d) =>
        d.lessons
          .filter((l) => l.status !== "cancelled")
          .map((l) => ({ lessonId: l.id, date: d.date, week, subject: l.subject.name, subjectId: l.subject.id })),
      )
      .reverse();
    if (lessons.length) {
      return {
        studentId,
        studentName: `${diary.student.last_name} ${diary.student.first_name}`,
        classId: diary.student.school_class.id,
        className: diary.student.school_class.name,
        lessons,
      };
    }
  }
  return null;
}

/** The demo teacher and parent of seed-demo, when it has them (and an administrator to look). */
async function fromSeed(seed: SeedOutput): Promise<DiaryFixture | null> {
  const parent = seed.accounts.find((a) => a.role === "parent" && a.student_ids?.length);
  const admin = seed.accounts.find((a) => a.role === "school_admin");
  const teachers = seed.accounts
    .filter((a) => a.role === "teacher" || a.role === "class_teacher")
    .sort((a, b) => (a.role === "teacher" ? -1 : 0) - (b.role === "teacher" ? -1 : 0));
  if (!parent || !admin || teachers.length === 0) return null;
  const adminToken = await apiLogin(admin);
  const world = await candidates(adminToken, parent.student_ids![0]!).catch(() => null);
  return world ? { ...world, teachers, parent, adminToken } : null;
}

/**
 * Builds what seed-demo lacks: a school administrator sets up the year, subjects, bells
 * and a timetable, enrols a child (and classmates) whose parent registered through the
 * API, and the lessons are generated. Grades, attendance and homework are the browser's.
 */
async function build(seed: SeedOutput): Promise<DiaryFixture> {
  const school = seed.schools.find((s) => s.timezone === "Asia/Yekaterinburg") ?? seed.schools[0];
  if (!school) throw new Error("seed-demo made no demo school");
  const admin = { login: randomPhone(), password: PASSWORD };
  const teacher: Account = { role: "teacher", login: randomPhone(), password: PASSWORD, school_id: school.id };
  cli(["create-user", "--role", "school_admin", "--phone", admin.login, "--password", PASSWORD, "--last-name", "Завучева", "--first-name", "Ирина", "--school-id", school.id]);
  const teacherId = cli([
    "create-user", "--role", "teacher", "--phone", teacher.login, "--password", PASSWORD,
    "--last-name", "Соколова", "--first-name", "Анна", "--middle-name", "Викторовна", "--school-id", school.id,
  ]).trim().split("\n").at(-1)!.trim();

  // The parent registers like anyone else; the phone code confirms the account and signs in.
  const parent: Account = { role: "parent", login: randomPhone(), password: PASSWORD };
  const since = Date.now();
  const registered = await call<{ account_id: string }>("POST", "/auth/register", {
    last_name: "Петрова",
    first_name: "Мария",
    middle_name: "Ивановна",
    phone: parent.login,
    password: PASSWORD,
  });
  const parentTokens = await call<{ access_token: string }>("POST", "/auth/phone/confirm", {
    phone: parent.login,
    code: await latestCode(parent.login, since, "register"),
  });
  // Parents have the SMS second factor on by default; a new account's phone is still in
  // the minute-long SMS cooldown of its registration code, so this parent signs in with
  // the password alone (their own choice on /security). Teachers keep the SMS factor.
  await call("PATCH", "/me/settings", { mfa_sms_enabled: false }, parentTokens.access_token);

  const token = await apiLogin(admin);
  const today = todayIn(school.timezone);
  const startYear = Number(today.slice(5, 7)) >= 9 ? Number(today.slice(0, 4)) : Number(today.slice(0, 4)) - 1;
  type Year = { year: number; terms: { id: string; starts_on: string; ends_on: string }[] };
  let years = await call<Year[]>("GET", "/academic-years", undefined, token);
  if (!years.some((y) => y.terms.some((t) => t.starts_on <= today && today <= t.ends_on))) {
    const y = startYear;
    await call("POST", "/academic-years", {
      year: y,
      starts_on: `${y}-09-01`,
      ends_on: `${y + 1}-08-31`,
      term_kind: "quarter",
      terms: [
        { number: 1, starts_on: `${y}-09-01`, ends_on: `${y}-10-31` },
        { number: 2, starts_on: `${y}-11-01`, ends_on: `${y}-12-31` },
        { number: 3, starts_on: `${y + 1}-01-01`, ends_on: `${y + 1}-03-31` },
        { number: 4, starts_on: `${y + 1}-04-01`, ends_on: `${y + 1}-08-31` },
      ],
    }, token);
    years = await call<Year[]>("GET", "/academic-years", undefined, token);
  }
  const term = years.flatMap((y) => y.terms).find((t) => t.starts_on <= today && today <= t.ends_on)!;

  type Subject = { id: string; name: string };
  const subjects = await call<Subject[]>("GET", "/subjects", undefined, token);
  const subject = async (name: string) =>
    subjects.find((s) => s.name === name) ?? (await call<Subject>("POST", "/subjects", { name }, token));
  const algebra = await subject("Алгебра");
  const russian = await subject("Русский язык");

  await call("PUT", "/bells", [
    { number: 1, starts_at: "08:30", ends_at: "09:15" },
    { number: 2, starts_at: "09:25", ends_at: "10:10" },
    { number: 3, starts_at: "10:30", ends_at: "11:15" },
  ], token);

  const classes = await call<{ id: string; name: string; grade: number }[]>("GET", `/schools/${school.id}/classes`, undefined, token);
  const schoolClass = classes.find((c) => c.grade === 7) ?? classes[0]!;
  for (const s of [algebra, russian]) {
    await call("POST", "/teaching-assignments", { teacher_id: teacherId, class_id: schoolClass.id, subject_id: s.id }, token);
  }
  await call("PUT", `/classes/${schoolClass.id}/class-teacher`, { teacher_id: teacherId }, token).catch(() => undefined);

  const student = await call<{ id: string; first_name: string }>("POST", "/students", {
    class_id: schoolClass.id, last_name: "Петров", first_name: "Илья", middle_name: "Андреевич", birth_date: "2013-04-12",
  }, token);
  await call("POST", `/students/${student.id}/guardians`, { account_id: registered.account_id }, token);
  // Classmates, so the journal is a class and not one row.
  for (const [last, first] of [["Алексеева", "Дарья"], ["Иванов", "Максим"], ["Смирнова", "Полина"]] as const) {
    await call("POST", "/students", { class_id: schoolClass.id, last_name: last, first_name: first, birth_date: "2013-06-01" }, token);
  }

  const slots = [1, 2, 3, 4, 5, 6].flatMap((weekday) => [
    { weekday, number: 1, subject_id: algebra.id, teacher_id: teacherId, room: "214" },
    { weekday, number: 2, subject_id: russian.id, teacher_id: teacherId, room: "214" },
  ]);
  await call("PUT", `/terms/${term.id}/classes/${schoolClass.id}/timetable`, slots, token);
  await call("POST", `/terms/${term.id}/lessons`, undefined, token);

  const world = await candidates(token, student.id);
  if (!world) throw new Error("no lesson this week or last for the fixture");
  return { ...world, teachers: [teacher], parent, adminToken: token };
}

/**
 * The demo accounts when seed-demo has them; otherwise (or with E2E_DIARY_OWN_ACCOUNTS=1,
 * handy when rerunning on one database: SMS codes are limited per phone and hour) new ones.
 */
export async function prepareDiaryFixture(): Promise<DiaryFixture> {
  const seed = seedDemo();
  const own = process.env.E2E_DIARY_OWN_ACCOUNTS === "1";
  return (own ? null : await fromSeed(seed)) ?? (await build(seed));
}
