import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { jsonResponse, renderWithProviders } from "@/testing/render";

import RegisterRoute, { REGISTER_DRAFT_KEY } from "./RegisterRoute";

const PASSWORD = "Зима-2026!Снег";

type Handler = (request: Request) => Response | Promise<Response>;

function mockApi(routes: Record<string, Handler>) {
  const calls: { url: string; body: string }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      calls.push({ url: path, body: await request.clone().text() });
      const handler = routes[`${request.method} ${path}`];
      if (!handler) throw new Error(`unexpected ${request.method} ${path}`);
      return handler(request);
    }),
  );
  return calls;
}

const validPhone: Handler = () => jsonResponse({ valid: true, normalized: "+79991234567", errors: [] });

async function fillNames() {
  await userEvent.type(screen.getByLabelText("Фамилия"), "Иванова");
  await userEvent.type(screen.getByLabelText("Имя"), "Анна");
  await userEvent.type(screen.getByLabelText(/Отчество/), "Сергеевна");
  await userEvent.type(screen.getByLabelText("Мобильный телефон"), "89991234567");
}

beforeEach(() => {
  window.sessionStorage.clear();
});

describe("the registration wizard", () => {
  it("formats the phone as it is typed", async () => {
    renderWithProviders(<RegisterRoute />, { route: "/register" });
    await userEvent.type(screen.getByLabelText("Мобильный телефон"), "89991234567");
    expect(screen.getByLabelText("Мобильный телефон")).toHaveValue("+7 (999) 123-45-67");
  });

  it("keeps the typed data across a reload and Back, but never stores the password", async () => {
    mockApi({ "POST /api/v1/validation/phone": validPhone });
    const first = renderWithProviders(<RegisterRoute />, { route: "/register" });
    expect(screen.getByText("Шаг 1 из 3")).toBeInTheDocument();

    await fillNames();
    await userEvent.click(screen.getByRole("button", { name: "Далее" }));
    expect(await screen.findByText("Шаг 2 из 3")).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText("Пароль"), PASSWORD);
    await userEvent.type(screen.getByLabelText(/Электронная почта/), "ivanova@example.ru");

    const stored = window.sessionStorage.getItem(REGISTER_DRAFT_KEY) ?? "";
    expect(JSON.parse(stored)).toMatchObject({
      lastName: "Иванова",
      firstName: "Анна",
      middleName: "Сергеевна",
      phone: "+7 (999) 123-45-67",
      email: "ivanova@example.ru",
      namesDone: true,
    });
    expect(stored).not.toContain(PASSWORD);
    expect(stored).not.toContain("password");

    // "Reload": a fresh page at the same address.
    first.unmount();
    renderWithProviders(<RegisterRoute />, { route: "/register?step=2" });
    expect(screen.getByText("Шаг 2 из 3")).toBeInTheDocument();
    expect(screen.getByLabelText("Пароль")).toHaveValue("");
    expect(screen.getByLabelText(/Электронная почта/)).toHaveValue("ivanova@example.ru");

    await userEvent.click(screen.getByRole("button", { name: "Назад" }));
    expect(await screen.findByText("Шаг 1 из 3")).toBeInTheDocument();
    expect(screen.getByLabelText("Фамилия")).toHaveValue("Иванова");
    expect(screen.getByLabelText("Мобильный телефон")).toHaveValue("+7 (999) 123-45-67");
  });

  it("cannot be opened at the code step before a code was sent", () => {
    renderWithProviders(<RegisterRoute />, { route: "/register?step=3" });
    // Redirected to the first step it may show.
    expect(screen.queryByText("Шаг 3 из 3")).not.toBeInTheDocument();
  });

  it("shows on blur the errors of fields left wrong, and on submit moves focus to the first", async () => {
    mockApi({});
    renderWithProviders(<RegisterRoute />, { route: "/register" });

    await userEvent.type(screen.getByLabelText("Фамилия"), "Ivanova");
    await userEvent.tab();
    expect(screen.getByLabelText("Фамилия")).toHaveAccessibleDescription(
      /только русскими буквами/,
    );

    await userEvent.click(screen.getByRole("button", { name: "Далее" }));
    await waitFor(() => expect(screen.getByLabelText("Фамилия")).toHaveFocus());
    expect(screen.getByLabelText("Имя")).toHaveAccessibleDescription("Укажите имя");
    expect(screen.getByLabelText("Мобильный телефон")).toHaveAccessibleDescription(/Укажите номер мобильного телефона/);
  });

  it("brings a phone refused at registration back to step 1, under the phone field, with the name kept", async () => {
    mockApi({
      "POST /api/v1/validation/phone": validPhone,
      "POST /api/v1/auth/register": () =>
        jsonResponse(
          {
            type: "urn:edudiary:problem:validation_failed",
            title: "Проверьте введённые данные",
            status: 422,
            detail: "Некоторые поля заполнены неверно: phone",
            code: "validation_failed",
            errors: [
              {
                field: "phone",
                code: "phone_not_mobile",
                message: "Некорректный номер телефона: укажите мобильный номер, на него придёт код в СМС",
              },
            ],
          },
          { status: 422, headers: { "Content-Type": "application/problem+json" } },
        ),
    });
    renderWithProviders(<RegisterRoute />, { route: "/register" });
    await fillNames();
    await userEvent.click(screen.getByRole("button", { name: "Далее" }));
    await userEvent.type(await screen.findByLabelText("Пароль"), PASSWORD);
    await userEvent.click(screen.getByRole("button", { name: "Зарегистрироваться" }));

    expect(await screen.findByText("Шаг 1 из 3")).toBeInTheDocument();
    const phone = screen.getByLabelText("Мобильный телефон");
    await waitFor(() => expect(phone).toHaveFocus());
    expect(phone).toHaveAttribute("aria-invalid", "true");
    expect(phone).toHaveAccessibleDescription(/укажите мобильный номер, на него придёт код в СМС/);
    expect(screen.getByLabelText("Фамилия")).toHaveValue("Иванова");

    // The focus moved there once; editing another field keeps it where the user is.
    await userEvent.type(screen.getByLabelText(/Отчество/), "на");
    expect(screen.getByLabelText(/Отчество/)).toHaveFocus();
    expect(screen.getByLabelText(/Отчество/)).toHaveValue("Сергеевнана");
  });

  it("sends the registration with the normalised phone and shows the code step with a countdown", async () => {
    const resendAt = new Date(Date.now() + 60_000).toISOString();
    const calls = mockApi({
      "POST /api/v1/validation/phone": validPhone,
      "POST /api/v1/auth/register": () =>
        jsonResponse(
          {
            account_id: "a1",
            phone: "+7 *** ***-**-67",
            code_expires_at: new Date(Date.now() + 300_000).toISOString(),
            resend_available_at: resendAt,
          },
          { status: 201 },
        ),
      "POST /api/v1/auth/phone/confirm": () =>
        jsonResponse(
          {
            type: "urn:edudiary:problem:code_invalid",
            title: "Проверьте введённые данные",
            status: 422,
            detail: "Неверный код. Проверьте код из сообщения и попробуйте ещё раз.",
            code: "code_invalid",
            errors: [{ field: "code", code: "code_invalid", message: "Неверный код. Проверьте код из сообщения и попробуйте ещё раз." }],
          },
          { status: 422 },
        ),
    });
    renderWithProviders(<RegisterRoute />, { route: "/register" });
    await fillNames();
    await userEvent.click(screen.getByRole("button", { name: "Далее" }));
    await userEvent.type(await screen.findByLabelText("Пароль"), PASSWORD);
    await userEvent.click(screen.getByRole("button", { name: "Зарегистрироваться" }));

    expect(await screen.findByText("Шаг 3 из 3")).toBeInTheDocument();
    expect(screen.getByText("Мы отправили код на номер +7 *** ***-**-67.")).toBeInTheDocument();
    expect(screen.getByText(/Новый код можно запросить через (0:5\d|1:00)/)).toBeInTheDocument();
    const sent = JSON.parse(calls.find((c) => c.url === "/api/v1/auth/register")!.body) as Record<string, unknown>;
    expect(sent).toEqual({
      last_name: "Иванова",
      first_name: "Анна",
      middle_name: "Сергеевна",
      phone: "+79991234567",
      password: PASSWORD,
      email: null,
    });

    const code = screen.getByLabelText("Код из СМС");
    expect(code).toHaveAttribute("autocomplete", "one-time-code");
    await userEvent.type(code, "12a3456");
    expect(code).toHaveValue("123456");
    await userEvent.click(screen.getByRole("button", { name: "Подтвердить" }));
    expect(await screen.findByText("Неверный код. Проверьте код из сообщения и попробуйте ещё раз.")).toBeInTheDocument();
    expect(code).toHaveAttribute("aria-invalid", "true");
  });
});
