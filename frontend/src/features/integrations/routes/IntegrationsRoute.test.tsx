import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { session } from "@/lib/auth";
import { jsonResponse, renderWithProviders } from "@/testing/render";

import IntegrationsRoute from "./IntegrationsRoute";

const CLIENT = {
  id: "c1",
  client_id: "edc_4fJq0aZ8xYb2LmN7pQr5sT",
  name: "Электронная библиотека",
  school_id: "s1",
  scopes: ["edudiary:schedule.readonly"],
  rate_limit_per_minute: 600,
  status: "active",
  secret_hint: "edsk_…9f3a",
  legal_basis: "Договор поручения обработки ПДн № 12 от 01.09.2026",
  description: null,
  created_at: "2026-12-01T09:00:00Z",
  created_by: "a1",
  last_used_at: "2026-11-28T07:05:00Z",
  expires_at: null,
  revoked_at: null,
};
const SECRET = "edsk_" + "A".repeat(40) + "1Xy2Zq";

interface Call {
  method: string;
  path: string;
  body: unknown;
}

function serve(calls: Call[]) {
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      const text = request.method === "GET" ? "" : await request.text();
      calls.push({ method: request.method, path, body: text ? JSON.parse(text) : null });
      if (request.method === "POST" && path === "/api/v1/integration-clients")
        return jsonResponse({ ...CLIENT, id: "c2", name: "Олимпиады", client_secret: SECRET }, { status: 201 });
      if (path === "/api/v1/integration-clients/c1/revoke")
        return jsonResponse({ ...CLIENT, status: "revoked", revoked_at: "2026-12-02T09:00:00Z" });
      if (path === "/api/v1/integration-clients/c1/rotate-secret")
        return jsonResponse({ ...CLIENT, client_secret: SECRET, previous_secret_expires_at: "2026-12-03T09:00:00Z" });
      if (path === "/api/v1/integration-clients/c1/access-log")
        return jsonResponse({
          items: [
            {
              id: 1,
              at: "2026-11-28T07:05:00Z",
              actor_id: "c1",
              actor_roles: ["integration_client"],
              action: "integration.read",
              object_type: "users",
              object_id: null,
              details: { client_id: CLIENT.client_id, count: 27 },
              request_id: null,
            },
          ],
          total: 1,
          limit: 50,
          offset: 0,
        });
      return jsonResponse({ items: [CLIENT], total: 1, limit: 200, offset: 0 });
    }),
  );
}

afterEach(() => {
  session.signOut();
  vi.unstubAllGlobals();
});

describe("«Интеграции»", () => {
  it("lists clients with their last use and creates one, showing the secret once", async () => {
    const calls: Call[] = [];
    serve(calls);
    session.signIn({ access_token: "t", expires_in: 900 });
    const user = userEvent.setup();
    renderWithProviders(<IntegrationsRoute />);

    const card = (await screen.findByRole("heading", { name: /Электронная библиотека/ })).closest("li");
    expect(card).not.toBeNull();
    expect(within(card as HTMLElement).getByText(/28 ноября 2026 г\. в.07:05/)).toBeInTheDocument();
    expect(within(card as HTMLElement).getByText("edsk_…9f3a")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Подключить систему" }));
    await user.type(screen.getByLabelText("Название системы"), "Олимпиады");
    await user.type(screen.getByLabelText(/Основание обработки/), "Договор № 7 от 01.09.2026");
    await user.click(screen.getByLabelText("Домашние задания"));
    await user.click(screen.getByRole("button", { name: "Подключить" }));

    expect(await screen.findByTestId("client-secret")).toHaveTextContent(SECRET);
    expect(screen.getByText(/Больше он показан не будет/)).toBeInTheDocument();
    const created = calls.find((c) => c.method === "POST" && c.path === "/api/v1/integration-clients");
    expect(created?.body).toEqual({
      name: "Олимпиады",
      legal_basis: "Договор № 7 от 01.09.2026",
      scopes: ["edudiary:homework.readonly"],
      rate_limit_per_minute: 600,
    });
    await user.click(screen.getByRole("button", { name: "Я сохранил секрет" }));
    expect(screen.queryByTestId("client-secret")).toBeNull();
  });

  it("grants no right in advance and says what is missing under the field itself", async () => {
    const calls: Call[] = [];
    serve(calls);
    session.signIn({ access_token: "t", expires_in: 900 });
    const user = userEvent.setup();
    renderWithProviders(<IntegrationsRoute />);

    await user.click(await screen.findByRole("button", { name: "Подключить систему" }));
    for (const box of screen.getAllByRole("checkbox")) expect(box).not.toBeChecked();
    await user.click(screen.getByRole("button", { name: "Подключить" }));
    const name = screen.getByLabelText("Название системы");
    expect(name).toHaveAttribute("aria-invalid", "true");
    expect(name).toHaveAccessibleDescription(/Укажите название системы/);

    await user.type(name, "Олимпиады");
    await user.type(screen.getByLabelText(/Основание обработки/), "Договор № 7 от 01.09.2026");
    await user.click(screen.getByRole("button", { name: "Подключить" }));
    expect(screen.getByRole("group", { name: "Права доступа" })).toHaveAccessibleDescription(
      "Выберите хотя бы одно право доступа",
    );
    expect(calls.some((c) => c.method === "POST")).toBe(false);
  });

  it("rotates with a grace period, revokes after confirmation and shows the access log", async () => {
    const calls: Call[] = [];
    serve(calls);
    session.signIn({ access_token: "t", expires_in: 900 });
    const user = userEvent.setup();
    renderWithProviders(<IntegrationsRoute />);

    await user.click(await screen.findByRole("button", { name: "Журнал обращений" }));
    expect(await screen.findByRole("cell", { name: "27" })).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Выпустить новый секрет" }));
    await user.selectOptions(screen.getByLabelText("Прежний секрет действует ещё"), "72");
    await user.click(screen.getByRole("button", { name: "Выпустить" }));
    expect(await screen.findByTestId("client-secret")).toHaveTextContent(SECRET);
    expect(calls.find((c) => c.path.endsWith("/rotate-secret"))?.body).toEqual({ grace_period_hours: 72 });

    await user.click(screen.getByRole("button", { name: "Отозвать доступ" }));
    expect(calls.some((c) => c.path.endsWith("/revoke"))).toBe(false);
    await user.type(screen.getByLabelText("Причина (необязательно)"), "Договор расторгнут");
    await user.click(screen.getByRole("button", { name: "Отозвать" }));
    await vi.waitFor(() => expect(calls.find((c) => c.path.endsWith("/revoke"))?.body).toEqual({ reason: "Договор расторгнут" }));
  });
});
