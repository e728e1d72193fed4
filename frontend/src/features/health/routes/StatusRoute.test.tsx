import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { jsonResponse, renderWithProviders } from "@/testing/render";

import StatusRoute from "./StatusRoute";

const OK = { status: "ok", database: "ok", version: "1.2.3", environment: "development" };

function mockFetch(...responses: Array<() => Response | Promise<Response>>) {
  const calls: Request[] = [];
  const fetch = vi.fn(async (request: Request) => {
    calls.push(request);
    const next = responses[Math.min(calls.length, responses.length) - 1];
    if (!next) throw new Error("no response configured");
    return next();
  });
  vi.stubGlobal("fetch", fetch);
  return calls;
}

describe("StatusRoute", () => {
  it("shows a skeleton, then «Сервис работает» with the database state and version", async () => {
    let answer!: (r: Response) => void;
    const calls = mockFetch(() => new Promise<Response>((resolve) => (answer = resolve)));

    renderWithProviders(<StatusRoute />, { route: "/status" });

    expect(screen.getByRole("heading", { level: 1, name: "Состояние сервиса" })).toBeInTheDocument();
    expect(await screen.findByText("Проверяем состояние сервиса…")).toBeInTheDocument();

    answer(jsonResponse(OK));

    expect(await screen.findByRole("heading", { name: "Сервис работает" })).toBeInTheDocument();
    expect(screen.getByText("База данных").nextElementSibling).toHaveTextContent("доступна");
    expect(screen.getByText("1.2.3")).toBeInTheDocument();
    expect(calls[0]?.url).toMatch(/\/api\/v1\/health$/);
    expect(calls[0]?.headers.get("Accept-Language")).toBe("ru");
    expect(document.title).toBe("Состояние сервиса — Электронный дневник");
  });

  it("shows a degraded service when the server answers 503 with its health", async () => {
    mockFetch(() =>
      jsonResponse({ ...OK, status: "degraded", database: "unavailable" }, { status: 503 }),
    );

    renderWithProviders(<StatusRoute />);

    expect(
      await screen.findByRole("heading", { name: "Сервис работает с ограничениями" }),
    ).toBeInTheDocument();
    expect(screen.getByText("База данных").nextElementSibling).toHaveTextContent("недоступна");
  });

  it("says what to do when the check fails, and retries on request", async () => {
    const problem = {
      type: "about:blank",
      title: "Внутренняя ошибка",
      status: 500,
      detail: "Сервис временно недоступен.",
      code: "internal_error",
      request_id: "req-42",
      errors: [],
    };
    const calls = mockFetch(
      () =>
        jsonResponse(problem, {
          status: 500,
          headers: { "Content-Type": "application/problem+json" },
        }),
      () => jsonResponse(OK),
    );

    renderWithProviders(<StatusRoute />);

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Не удалось проверить состояние сервиса");
    expect(alert).toHaveTextContent("Сервис временно недоступен.");
    expect(alert).toHaveTextContent("Проверьте подключение к интернету");
    expect(alert).toHaveTextContent("req-42");

    await userEvent.click(screen.getByRole("button", { name: "Повторить" }));

    expect(await screen.findByRole("heading", { name: "Сервис работает" })).toBeInTheDocument();
    await waitFor(() => expect(calls).toHaveLength(2));
  });

  it("shows the error state when the network is down", async () => {
    mockFetch(() => Promise.reject(new TypeError("Failed to fetch")));

    renderWithProviders(<StatusRoute />);

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Не удалось проверить состояние сервиса",
    );
    expect(screen.getByRole("button", { name: "Повторить" })).toBeEnabled();
  });
});
