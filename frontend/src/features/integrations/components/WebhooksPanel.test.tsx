import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { session } from "@/lib/auth";
import { jsonResponse, renderWithProviders } from "@/testing/render";

import { WebhooksPanel } from "./WebhooksPanel";

const HOOK = {
  id: "w1",
  url: "https://lms.example.ru/hooks/edudiary",
  event_types: ["grade.created", "grade.updated"],
  status: "enabled",
  description: null,
  created_at: "2026-12-01T09:00:00Z",
  disabled_reason: null,
};
const FAILED = {
  id: "d1",
  message_id: "msg_01JEXAMPLE0000000000000000",
  event_id: "evt_01JEXAMPLE0000000000000000",
  event_type: "grade.created",
  status: "failed",
  attempts: [
    { attempt: 1, at: "2026-12-01T09:00:01Z", response_status: 500, duration_ms: 40, error: "HTTP 500" },
    { attempt: 2, at: "2026-12-01T09:00:06Z", response_status: 503, duration_ms: 35, error: "HTTP 503" },
  ],
  next_attempt_at: null,
  created_at: "2026-12-01T09:00:00Z",
};

interface Call {
  method: string;
  path: string;
}

function serve(calls: Call[]) {
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      calls.push({ method: request.method, path });
      const base = "/api/v1/integration-clients/c1/webhooks";
      if (path === `${base}/w1/disable`) return jsonResponse({ ...HOOK, status: "disabled", disabled_reason: "by_school_admin" });
      if (path === `${base}/w1/deliveries/d1/redeliver`) return jsonResponse({ ...FAILED, status: "pending" }, { status: 202 });
      if (path === `${base}/w1/deliveries`) return jsonResponse({ items: [FAILED], total: 1, limit: 50, offset: 0 });
      return jsonResponse({ items: [HOOK], total: 1, limit: 50, offset: 0 });
    }),
  );
}

afterEach(() => {
  session.signOut();
  vi.unstubAllGlobals();
});

describe("вебхуки клиента", () => {
  it("shows the delivery log with status codes and attempts, redelivers and disables", async () => {
    const calls: Call[] = [];
    serve(calls);
    session.signIn({ access_token: "t", expires_in: 900 });
    const user = userEvent.setup();
    renderWithProviders(<WebhooksPanel clientId="c1" />);

    expect(await screen.findByText(HOOK.url)).toBeInTheDocument();
    expect(screen.getByText("grade.created, grade.updated")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Журнал доставок" }));
    const row = (await screen.findByText("не доставлено")).closest("tr") as HTMLElement;
    expect(within(row).getByText(/503/)).toBeInTheDocument();
    expect(within(row).getByRole("cell", { name: "2" })).toBeInTheDocument();

    await user.click(within(row).getByRole("button", { name: "Повторить доставку" }));
    await vi.waitFor(() => expect(calls.some((c) => c.method === "POST" && c.path.endsWith("/d1/redeliver"))).toBe(true));

    await user.click(screen.getByRole("button", { name: "Выключить вебхук" }));
    await vi.waitFor(() => expect(calls.some((c) => c.method === "POST" && c.path.endsWith("/w1/disable"))).toBe(true));
  });
});
