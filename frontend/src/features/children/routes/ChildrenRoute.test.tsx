import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { session } from "@/lib/auth";
import { jsonResponse, renderWithProviders } from "@/testing/render";

import ChildrenRoute from "./ChildrenRoute";

const ME = {
  id: "1",
  last_name: "Иванова",
  first_name: "Анна",
  middle_name: null,
  phone: "+79991234567",
  email: null,
  email_confirmed: false,
  roles: ["parent"],
  school_id: null,
  mfa: { sms: true, totp: false },
  created_at: "2026-11-28T10:00:00Z",
};

const EMPTY = { items: [], total: 0, limit: 100, offset: 0 };

function mockApi(level: string, onCreate?: (body: unknown) => Response) {
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      if (path === "/api/v1/me") return jsonResponse({ ...ME, level });
      if (path === "/api/v1/me/children" && request.method === "GET") return jsonResponse(EMPTY);
      if (path === "/api/v1/me/children" && request.method === "POST" && onCreate) return onCreate(await request.json());
      throw new Error(`unexpected ${request.method} ${path}`);
    }),
  );
  session.signIn({ access_token: "t", expires_in: 900 });
}

afterEach(() => session.signOut());

describe("the children page", () => {
  it("explains, with the seed's words, why a standard account cannot add a child, and links to what to do", async () => {
    mockApi("standard");
    renderWithProviders(<ChildrenRoute />, { route: "/children" });

    expect(
      await screen.findByText(
        "Отсутствие подтверждённого профиля блокирует возможность ввода и изменения данных о школьнике.",
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/подтвердите личность — в центре обслуживания/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Перейти в профиль" })).toHaveAttribute("href", "/profile");
    expect(screen.queryByRole("button", { name: "Добавить ребёнка" })).not.toBeInTheDocument();
  });

  it("lets a confirmed parent add a child and puts the server's errors on the fields", async () => {
    const bodies: unknown[] = [];
    mockApi("confirmed", (body) => {
      bodies.push(body);
      return jsonResponse(
        {
          type: "urn:edudiary:problem:validation_failed",
          title: "Проверьте введённые данные",
          status: 422,
          detail: "Некоторые поля заполнены неверно",
          code: "validation_failed",
          errors: [
            {
              field: "birth_certificate.series_number",
              code: "birth_certificate_roman",
              message: "Некорректная серия свидетельства о рождении: первая часть — римское число из латинских букв I, V, X, L, C, например IV",
            },
          ],
        },
        { status: 422 },
      );
    });
    renderWithProviders(<ChildrenRoute />, { route: "/children" });
    await userEvent.click(await screen.findByRole("button", { name: "Добавить ребёнка" }));

    await userEvent.type(screen.getByLabelText("Фамилия ребёнка"), "Иванов");
    await userEvent.type(screen.getByLabelText("Имя ребёнка"), "Пётр");
    await userEvent.type(screen.getByLabelText("Дата рождения"), "01092015");
    expect(screen.getByLabelText("Дата рождения")).toHaveValue("01.09.2015");
    await userEvent.type(screen.getByLabelText("СНИЛС ребёнка"), "11223344595");
    expect(screen.getByLabelText("СНИЛС ребёнка")).toHaveValue("112-233-445 95");
    await userEvent.type(screen.getByLabelText("Свидетельство о рождении: серия и номер"), "IIV-мю 123456");
    expect(screen.getByLabelText("Свидетельство о рождении: серия и номер")).toHaveValue("IIV-МЮ 123456");
    await userEvent.type(screen.getByLabelText("Дата выдачи свидетельства"), "15092015");
    await userEvent.click(screen.getByRole("button", { name: "Добавить" }));

    const certificate = screen.getByLabelText("Свидетельство о рождении: серия и номер");
    expect(await screen.findByText(/Некорректная серия свидетельства о рождении/)).toBeInTheDocument();
    expect(certificate).toHaveAttribute("aria-invalid", "true");
    expect(bodies[0]).toEqual({
      last_name: "Иванов",
      first_name: "Пётр",
      middle_name: null,
      birth_date: "2015-09-01",
      snils: "112-233-445 95",
      birth_certificate: { series_number: "IIV-МЮ 123456", issued_at: "2015-09-15" },
    });
  });
});
