import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";

import { session } from "@/lib/auth";
import { jsonResponse, renderWithProviders } from "@/testing/render";

import { AUTOSAVE_DELAY_MS } from "../lib/autosave";

import EditApplicationRoute from "./EditApplicationRoute";
import NewApplicationRoute from "./NewApplicationRoute";

const ME = {
  id: "p1",
  last_name: "Кузнецова",
  first_name: "Анна",
  middle_name: "Сергеевна",
  phone: "+79161234567",
  email: null,
  email_confirmed: false,
  roles: ["parent"],
  school_id: null,
  mfa: { sms: true, totp: false },
  created_at: "2026-11-28T10:00:00Z",
  level: "confirmed",
};

const CHILD = {
  id: "c1",
  last_name: "Кузнецов",
  first_name: "Матвей",
  middle_name: "Андреевич",
  birth_date: "2015-03-14",
  snils: "***-***-004 32",
  birth_certificate: "III-МЮ ***841",
  birth_certificate_issued_at: "2015-04-02",
  student_id: null,
  created_at: "2026-11-28T10:00:00Z",
  updated_at: "2026-11-28T10:00:00Z",
};

const DRAFT = {
  id: "a1",
  number: null,
  status: "draft",
  status_label: "Черновик",
  school: { id: "s1", short_name: "МАОУ гимназия № 177 (демо)", timezone: "Asia/Yekaterinburg", connected: true },
  class: { id: "k1", name: "7-Б", grade: 7, letter: "Б", academic_year: 2026 },
  due_at: null,
  due_date: null,
  awaiting: null,
  overdue: false,
  next_action: { code: "submit", label: "Заполните и отправьте заявление", due_at: null },
  submitted_at: null,
  created_at: "2026-11-28T18:40:00Z",
  updated_at: "2026-11-28T18:41:00Z",
  child: { ...CHILD },
  contact_phone: "+7 (916) 123-45-67",
  student_number: null,
  consent: { version: 1, given_at: "2026-11-28T18:42:00Z" },
  history: [],
  attachments: [],
  decided_at: null,
  appeal_until: null,
  student_id: null,
  applicant: null,
  child_documents: null,
};

const SCHOOL = {
  id: "s1",
  full_name: "Муниципальное автономное общеобразовательное учреждение гимназия № 177",
  short_name: "МАОУ гимназия № 177 (демо)",
  inn: "6600000000",
  ogrn: "1026600000000",
  region_code: "66",
  region_name: "Свердловская область",
  municipality: null,
  address: "620014, г. Екатеринбург, ул. Малышева, д. 40",
  kind: "gymnasium",
  connected: true,
  timezone: "Asia/Yekaterinburg",
  kpp: "660001001",
  status: "active",
  phone: null,
  email: null,
  website: null,
  current_academic_year: 2026,
};

const CONSENT = { version: 1, title: "Согласие на обработку персональных данных (редакция 1)", text: "Я, законный представитель…\n\n1. Оператор.", published_at: "2026-09-01T00:00:00Z" };

interface Call {
  method: string;
  path: string;
  body: unknown;
}

function mockApi(options: { level?: string; draft?: object; submit?: () => Response } = {}) {
  const calls: Call[] = [];
  let draft = { ...DRAFT, ...options.draft };
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      const body = request.method === "GET" ? null : await request.text().then((t) => (t ? JSON.parse(t) : null));
      calls.push({ method: request.method, path, body });
      if (path === "/api/v1/me") return jsonResponse({ ...ME, level: options.level ?? "confirmed" });
      if (path === "/api/v1/me/children") return jsonResponse({ items: [CHILD], total: 1, limit: 100, offset: 0 });
      if (path === "/api/v1/applications" && request.method === "GET") return jsonResponse({ items: [], total: 0, limit: 100, offset: 0 });
      if (path === "/api/v1/applications/a1" && request.method === "GET") return jsonResponse(draft);
      if (path === "/api/v1/applications/a1" && request.method === "PATCH") {
        draft = { ...draft, ...(body as object) };
        return jsonResponse(draft);
      }
      if (path === "/api/v1/applications/a1/submit" && options.submit) return options.submit();
      if (path === "/api/v1/schools/s1") return jsonResponse(SCHOOL);
      if (path === "/api/v1/consents/current") return jsonResponse(CONSENT);
      throw new Error(`unexpected ${request.method} ${path}`);
    }),
  );
  session.signIn({ access_token: "t", expires_in: 900 });
  return calls;
}

function renderWizard(route: string) {
  return renderWithProviders(
    <Routes>
      <Route path="/applications/new" element={<NewApplicationRoute />} />
      <Route path="/applications/:id/edit" element={<EditApplicationRoute />} />
      <Route path="/applications/:id/sent" element={<p>sent</p>} />
    </Routes>,
    { route },
  );
}

afterEach(() => {
  session.signOut();
});

describe("the application wizard", () => {
  it("restores the draft from the server and autosaves the typing once, after a pause", async () => {
    const calls = mockApi({ draft: { consent: null, contact_phone: "+7 (916) 1" } });
    renderWizard("/applications/a1/edit?step=4");
    expect(await screen.findByText("Шаг 4 из 5")).toBeInTheDocument();
    const phone = await screen.findByLabelText("Контактный телефон");
    expect(phone).toHaveValue("+7 (916) 1");
    await screen.findByText(/Я, законный представитель/);

    // The debouncing itself is timed with fake timers in lib/autosave.test.ts; here, with
    // the real clock: nothing goes out while typing, then one PATCH with everything.
    const user = userEvent.setup();
    const patches = () => calls.filter((c) => c.method === "PATCH");
    const started = Date.now();
    await user.type(phone, "23-45-67");
    await user.click(screen.getByLabelText("Даю согласие на обработку персональных данных"));
    expect(phone).toHaveValue("+7 (916) 123-45-67");
    if (Date.now() - started < AUTOSAVE_DELAY_MS) {
      expect(patches()).toHaveLength(0);
      expect(screen.getByText("Сохраняем черновик…")).toBeInTheDocument();
    }
    await waitFor(() => expect(patches()).toHaveLength(1), { timeout: 3000 });
    expect(patches()[0]!.body).toEqual({ contact_phone: "+7 (916) 123-45-67", consent: true, consent_version: 1 });
    expect(await screen.findByText(/^Черновик сохранён · \d\d:\d\d$/)).toBeInTheDocument();
  });

  it("stops at «Далее» with the seed's words under the fields and the focus on the first one", async () => {
    mockApi({ draft: { consent: null, contact_phone: "+7 (916) 12" } });
    renderWizard("/applications/a1/edit?step=4");
    const user = userEvent.setup();
    await screen.findByText(/Я, законный представитель/);
    await user.click(screen.getByRole("button", { name: "Далее" }));

    const phone = screen.getByLabelText("Контактный телефон");
    await waitFor(() => expect(phone).toHaveFocus());
    expect(phone).toHaveAttribute("aria-invalid", "true");
    expect(phone).toHaveAccessibleDescription(expect.stringContaining("Некорректный номер телефона"));
    expect(screen.getByLabelText("Даю согласие на обработку персональных данных")).toHaveAccessibleDescription(
      "Отсутствует согласие на обработку персональных данных",
    );
    expect(screen.getByText("Шаг 4 из 5")).toBeInTheDocument();
  });

  it("takes the server's 422 back to the step of the field, in the server's words", async () => {
    mockApi({
      submit: () =>
        jsonResponse(
          {
            type: "urn:edudiary:problem:application_incomplete",
            title: "Заявление заполнено не полностью",
            status: 422,
            detail: "Проверьте поля заявления",
            code: "application_incomplete",
            errors: [{ field: "contact_phone", code: "phone_format", message: "Некорректный номер телефона" }],
          },
          { status: 422 },
        ),
    });
    renderWizard("/applications/a1/edit?step=5");
    const user = userEvent.setup();
    expect(await screen.findByText("Все данные введены корректно. Проверьте их ещё раз и нажмите «Отправить».")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Отправить" }));

    expect(await screen.findByText("Шаг 4 из 5")).toBeInTheDocument();
    const phone = screen.getByLabelText("Контактный телефон");
    await waitFor(() => expect(phone).toHaveFocus());
    expect(phone).toHaveAccessibleDescription(expect.stringContaining("Некорректный номер телефона"));
  });

  it("shows a parent without a confirmed account why it cannot go on", async () => {
    mockApi({ level: "standard" });
    renderWizard("/applications/new");
    expect(
      await screen.findByText("Отсутствие подтверждённого профиля блокирует возможность ввода и изменения данных о школьнике."),
    ).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Перейти в профиль" })).toHaveAttribute("href", "/profile");
    expect(screen.queryByRole("button", { name: "Далее" })).not.toBeInTheDocument();
  });

  it("preselects the only child: «Далее» goes on without «Выберите ребёнка»", async () => {
    mockApi();
    renderWizard("/applications/new");
    const radio = await screen.findByRole("radio", { name: /Кузнецов Матвей/ });
    expect(radio).toBeChecked();
  });
});
