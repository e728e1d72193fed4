import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";

import { session } from "@/lib/auth";
import { jsonResponse, renderWithProviders } from "@/testing/render";

import LoginRoute from "./LoginRoute";

type Handler = (request: Request) => Response | Promise<Response>;

function mockApi(routes: Record<string, Handler | Handler[]>) {
  const seen: Record<string, number> = {};
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const key = `${request.method} ${new URL(request.url).pathname}`;
      const entry = routes[key];
      if (!entry) throw new Error(`unexpected ${key}`);
      const n = (seen[key] = (seen[key] ?? 0) + 1);
      const handler = Array.isArray(entry) ? entry[Math.min(n, entry.length) - 1]! : entry;
      return handler(request);
    }),
  );
}

const problem = (status: number, code: string, detail: string, headers: Record<string, string> = {}) =>
  jsonResponse(
    { type: `urn:edudiary:problem:${code}`, title: "Ошибка", status, detail, code, errors: [] },
    { status, headers: { "Content-Type": "application/problem+json", ...headers } },
  );

function renderLogin(route = "/login?next=%2Fchildren") {
  return renderWithProviders(
    <Routes>
      <Route path="/login" element={<LoginRoute />} />
      <Route path="/children" element={<h1>Дети</h1>} />
      <Route path="/profile" element={<h1>Профиль</h1>} />
      <Route path="/diary" element={<h1>Дневник</h1>} />
      <Route path="/teach" element={<h1>Журнал</h1>} />
      <Route path="/staff/applications" element={<h1>Заявления школы</h1>} />
      <Route path="/operator" element={<h1>Подтверждение личности</h1>} />
    </Routes>,
    { route },
  );
}

afterEach(() => session.signOut());

async function submitCredentials() {
  await userEvent.type(screen.getByLabelText("Телефон, e-mail или СНИЛС"), "8 999 123-45-67");
  await userEvent.type(screen.getByLabelText("Пароль"), "Зима-2026!Снег");
  await userEvent.click(screen.getByRole("button", { name: "Войти" }));
}

describe("the log-in page", () => {
  it("asks for the SMS code when the server wants a second factor, then goes where the user was going", async () => {
    mockApi({
      "POST /api/v1/auth/login": () =>
        jsonResponse({
          mfa_required: true,
          challenge_id: "3f0c2f9e-8e0a-4b5b-9b1e-5d2f1b1e0c11",
          methods: ["sms"],
          sms_sent_to: "+7 *** ***-**-67",
          expires_at: new Date(Date.now() + 600_000).toISOString(),
        }),
      "POST /api/v1/auth/login/verify": [
        () =>
          jsonResponse(
            {
              type: "urn:edudiary:problem:code_expired",
              title: "Проверьте введённые данные",
              status: 422,
              detail: "Срок действия кода истёк. Запросите новый код.",
              code: "code_expired",
              errors: [{ field: "code", code: "code_expired", message: "Срок действия кода истёк. Запросите новый код." }],
            },
            { status: 422 },
          ),
        () => jsonResponse({ mfa_required: false, access_token: "tok", refresh_token: "r".repeat(40), token_type: "bearer", expires_in: 900, refresh_expires_at: "2026-12-28T00:00:00Z" }),
      ],
    });
    renderLogin();
    await submitCredentials();

    expect(await screen.findByRole("heading", { name: "Подтверждение входа" })).toHaveFocus();
    expect(screen.getByText("Мы отправили код для входа на номер +7 *** ***-**-67.")).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("Код из СМС"), "123456");
    await userEvent.click(screen.getByRole("button", { name: "Войти" }));
    expect(await screen.findByText("Срок действия кода истёк. Запросите новый код.")).toBeInTheDocument();
    expect(screen.getByLabelText("Код из СМС")).toHaveAttribute("aria-invalid", "true");

    await userEvent.clear(screen.getByLabelText("Код из СМС"));
    await userEvent.type(screen.getByLabelText("Код из СМС"), "654321");
    await userEvent.click(screen.getByRole("button", { name: "Войти" }));
    expect(await screen.findByRole("heading", { name: "Дети" })).toBeInTheDocument();
    expect(session.snapshot()).toMatchObject({ status: "signed-in", accessToken: "tok" });
  });

  it("says how long a locked log-in must wait (423 with Retry-After) and empties the password", async () => {
    mockApi({
      "POST /api/v1/auth/login": () =>
        problem(
          423,
          "login_locked",
          "Слишком много неудачных попыток входа. Вход временно заблокирован, повторите через 2 мин. или восстановите пароль.",
          { "Retry-After": "120" },
        ),
    });
    renderLogin();
    await submitCredentials();

    expect(await screen.findByRole("alert")).toHaveTextContent("Вход временно заблокирован, повторите через 2 мин.");
    expect(screen.getByText(/Повторить вход можно через (2:00|1:59)/)).toBeInTheDocument();
    expect(screen.getByLabelText("Пароль")).toHaveValue("");
    expect(screen.getByRole("button", { name: "Войти" })).toHaveAttribute("aria-disabled", "true");
    expect(screen.getByRole("link", { name: "Забыли пароль?" })).toHaveAttribute("href", "/password/reset");
  });

  it("shows the rate limit (429) the same way", async () => {
    mockApi({
      "POST /api/v1/auth/login": () =>
        problem(429, "login_rate_limited", "Слишком много неудачных попыток входа с вашего адреса. Повторите позже.", { "Retry-After": "600" }),
    });
    renderLogin();
    await submitCredentials();
    expect(await screen.findByRole("alert")).toHaveTextContent("Повторите позже.");
    expect(screen.getByText(/Повторить вход можно через (10:00|9:59)/)).toBeInTheDocument();
  });

  it("logs straight in when the account has no second factor", async () => {
    mockApi({
      "POST /api/v1/auth/login": () =>
        jsonResponse({ mfa_required: false, access_token: "tok2", refresh_token: "r".repeat(40), token_type: "bearer", expires_in: 900, refresh_expires_at: "2026-12-28T00:00:00Z" }),
    });
    renderLogin("/login");
    await submitCredentials();
    expect(await screen.findByRole("heading", { name: "Профиль" })).toBeInTheDocument();
  });

  it("ignores a return path that leaves the site", async () => {
    mockApi({
      "POST /api/v1/auth/login": () =>
        jsonResponse({ mfa_required: false, access_token: "tok3", refresh_token: "r".repeat(40), token_type: "bearer", expires_in: 900, refresh_expires_at: "2026-12-28T00:00:00Z" }),
    });
    renderLogin("/login?next=%2F%2Fevil.example");
    await submitCredentials();
    await waitFor(() => expect(screen.getByRole("heading", { name: "Профиль" })).toBeInTheDocument());
  });

  it.each([
    [["parent"], null, "Дневник"],
    [["teacher"], "s1", "Журнал"],
    [["school_admin"], "s1", "Заявления школы"],
    [["operator"], null, "Подтверждение личности"],
  ])("lands %j on the role's main job, not the profile", async (roles, schoolId, heading) => {
    mockApi({
      "POST /api/v1/auth/login": () =>
        jsonResponse({ mfa_required: false, access_token: "tok4", refresh_token: "r".repeat(40), token_type: "bearer", expires_in: 900, refresh_expires_at: "2026-12-28T00:00:00Z" }),
      "GET /api/v1/me": () =>
        jsonResponse({
          id: "1",
          last_name: "Иванова",
          first_name: "Мария",
          middle_name: null,
          phone: "+79991234567",
          email: null,
          email_confirmed: false,
          roles,
          level: "confirmed",
          school_id: schoolId,
          mfa: { sms: true, totp: false },
          created_at: "2026-11-28T10:00:00Z",
        }),
    });
    renderLogin("/login");
    await submitCredentials();
    expect(await screen.findByRole("heading", { name: heading })).toBeInTheDocument();
  });

  it("within the SMS cooldown says «Код уже отправлен», counts down and offers «Отправить снова»", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ["Date", "setInterval", "clearInterval", "setTimeout", "clearTimeout"] });
    try {
      const challengeId = "3f0c2f9e-8e0a-4b5b-9b1e-5d2f1b1e0c12";
      let resends = 0;
      mockApi({
        "POST /api/v1/auth/login": () =>
          jsonResponse({
            mfa_required: true,
            challenge_id: challengeId,
            methods: ["sms"],
            sms_sent_to: null,
            resend_available_at: new Date(Date.now() + 42_000).toISOString(),
            expires_at: new Date(Date.now() + 600_000).toISOString(),
          }),
        "POST /api/v1/auth/login/resend": () => {
          resends += 1;
          return jsonResponse(
            {
              phone: "+7 *** ***-**-67",
              code_expires_at: new Date(Date.now() + 600_000).toISOString(),
              resend_available_at: new Date(Date.now() + 60_000).toISOString(),
            },
            { status: 202 },
          );
        },
      });
      renderLogin();
      const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
      await user.type(screen.getByLabelText("Телефон, e-mail или СНИЛС"), "8 999 123-45-67");
      await user.type(screen.getByLabelText("Пароль"), "Зима-2026!Снег");
      await user.click(screen.getByRole("button", { name: "Войти" }));

      expect(await screen.findByText("Код уже отправлен")).toBeInTheDocument();
      expect(screen.getByText(/Отправить снова можно через 0:4[12]/)).toBeInTheDocument();
      // Nothing is asked for while the server would refuse it.
      expect(resends).toBe(0);
      await act(async () => {
        vi.advanceTimersByTime(43_000);
      });
      await user.click(await screen.findByRole("button", { name: "Отправить снова" }));
      expect(await screen.findByText("Мы отправили код для входа на номер +7 *** ***-**-67.")).toBeInTheDocument();
      expect(resends).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
