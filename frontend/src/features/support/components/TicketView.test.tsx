import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { session } from "@/lib/auth";
import { jsonResponse, renderWithProviders } from "@/testing/render";

import { TicketView } from "./TicketView";

const TICKET = {
  id: "t1",
  number: "ОБ-2026-000045",
  subject: "Не открывается дневник",
  description: "Пустая страница после входа.",
  application_number: null,
  screenshot_document_id: "d1",
  status: "open",
  status_label: "Ждёт ответа поддержки",
  messages: [],
  created_at: "2026-12-01T09:00:00Z",
  updated_at: "2026-12-01T09:00:00Z",
  closed_at: null,
};

afterEach(() => session.signOut());

describe("a ticket for support staff", () => {
  it("shows the screenshot, fetched through the ticket (the staff route)", async () => {
    const paths: string[] = [];
    // jsdom has no object URLs (this file runs in its own environment).
    URL.createObjectURL = () => "blob:shot";
    URL.revokeObjectURL = () => undefined;
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        const path = new URL(request.url).pathname;
        paths.push(path);
        if (path === "/api/v1/admin/support/tickets/t1") return jsonResponse(TICKET);
        if (path === "/api/v1/admin/support/tickets/t1/screenshot")
          return new Response(new Blob([new Uint8Array([137, 80, 78, 71])], { type: "image/png" }), {
            headers: { "Content-Type": "image/png" },
          });
        return jsonResponse({ items: [], total: 0, limit: 50, offset: 0 });
      }),
    );
    session.signIn({ access_token: "t", expires_in: 900 });
    renderWithProviders(<TicketView id="t1" staff />);

    expect(await screen.findByRole("img", { name: "Скриншот экрана, приложенный к обращению" })).toHaveAttribute("src", "blob:shot");
    expect(paths).toContain("/api/v1/admin/support/tickets/t1/screenshot");
    expect(paths).not.toContain("/api/v1/me/documents/d1/content");
  });
});
