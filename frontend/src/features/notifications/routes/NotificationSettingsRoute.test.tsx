import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { session } from "@/lib/auth";
import { jsonResponse, renderWithProviders } from "@/testing/render";

import { keyBytes } from "../lib/web-push";
import NotificationSettingsRoute from "./NotificationSettingsRoute";

const sent: { path: string; method: string; body: unknown }[] = [];

function serve() {
  sent.length = 0;
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      const body = request.method === "GET" ? null : ((await request.json()) as unknown);
      sent.push({ path, method: request.method, body });
      if (path === "/api/v1/me/quiet-hours" && request.method === "PUT") {
        const wanted = body as { start: string; end: string };
        if (wanted.start === wanted.end) {
          return jsonResponse(
            {
              type: "about:blank",
              title: "Ошибка в данных",
              status: 422,
              detail: "Некоторые поля заполнены неверно",
              code: "validation_failed",
              errors: [{ field: "body", code: "quiet_hours_empty", message: "Начало и окончание тихих часов должны различаться" }],
            },
            { status: 422 },
          );
        }
        return jsonResponse(body);
      }
      if (path === "/api/v1/me/quiet-hours") return jsonResponse({ enabled: true, start: "21:00", end: "08:00" });
      if (path === "/api/v1/me/email-digest") return jsonResponse(body ?? { enabled: false });
      return jsonResponse({});
    }),
  );
  session.signIn({ access_token: "t", expires_in: 900 });
}

afterEach(() => session.signOut());

describe("notification settings", () => {
  it("shows the default quiet hours and saves new ones", async () => {
    serve();
    renderWithProviders(<NotificationSettingsRoute />, { route: { pathname: "/profile/notifications" } });
    const start = await screen.findByLabelText("С");
    expect(start).toHaveValue("21:00");
    expect(screen.getByLabelText("До")).toHaveValue("08:00");
    // happy-dom has no Push API: the page says so instead of offering a dead button.
    expect(await screen.findByText(/Этот браузер не поддерживает уведомления/)).toBeInTheDocument();

    await userEvent.clear(start);
    await userEvent.type(start, "22:30");
    await userEvent.click(screen.getByRole("button", { name: "Сохранить" }));

    expect(await screen.findByText("Сохранено")).toBeInTheDocument();
    expect(sent.find((r) => r.method === "PUT")?.body).toEqual({ enabled: true, start: "22:30", end: "08:00" });
  });

  it("shows the server's Russian explanation of a wrong choice", async () => {
    serve();
    renderWithProviders(<NotificationSettingsRoute />, { route: { pathname: "/profile/notifications" } });
    const end = await screen.findByLabelText("До");
    await userEvent.clear(end);
    await userEvent.type(end, "21:00");
    await userEvent.click(screen.getByRole("button", { name: "Сохранить" }));
    expect(await screen.findByText("Начало и окончание тихих часов должны различаться")).toBeInTheDocument();
  });

  it("turns the e-mail digest on", async () => {
    serve();
    renderWithProviders(<NotificationSettingsRoute />, { route: { pathname: "/profile/notifications" } });
    const toggle = await screen.findByRole("switch", { name: "Одно письмо в день вместо письма на каждое событие" });
    expect(toggle).not.toBeChecked();
    await userEvent.click(toggle);
    await waitFor(() => expect(toggle).toBeChecked());
    expect(sent.find((r) => r.path === "/api/v1/me/email-digest" && r.method === "PUT")?.body).toEqual({ enabled: true });
  });
});

describe("the VAPID key for PushManager.subscribe", () => {
  it("decodes base64url to the 65 bytes of the point", () => {
    const key = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM";
    const bytes = keyBytes(key);
    expect(bytes.length).toBe(65);
    expect(bytes[0]).toBe(4);
  });
});
