import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { session } from "@/lib/auth";
import { jsonResponse, renderWithProviders } from "@/testing/render";

import { NotificationBell } from "./NotificationBell";

const STUDENT = "3f1c2b9a-1d2e-4f5a-8b6c-7d8e9f0a1b2c";
const FEED = {
  items: [
    {
      id: "n2",
      kind: "grade",
      title: "Новая оценка: 5",
      body: "Михаил: Алгебра, 27.11, Контрольная работа",
      link: `/students/${STUDENT}/diary?week=2026-W48`,
      created_at: "2026-11-27T06:00:00Z",
      read_at: null,
    },
    {
      id: "n1",
      kind: "attendance",
      title: "Пропуск урока",
      body: "Михаил отсутствует на уроке «История», 27.11 в 10:20.",
      link: `/students/${STUDENT}/diary?week=2026-W48`,
      created_at: "2026-11-27T05:00:00Z",
      read_at: "2026-11-27T07:00:00Z",
    },
  ],
  total: 2,
  unread: 1,
  limit: 8,
  offset: 0,
};

afterEach(() => session.signOut());

describe("the notifications bell", () => {
  it("is not there for visitors", () => {
    vi.stubGlobal("fetch", vi.fn());
    renderWithProviders(<NotificationBell />);
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });

  it("shows the unread count, lists the newest and marks one read on opening it", async () => {
    const calls: string[] = [];
    let read = false;
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        const path = new URL(request.url).pathname;
        calls.push(`${request.method} ${path}`);
        if (path.endsWith("/me")) return jsonResponse({ id: "p1", roles: ["parent"], last_name: "Смирнова", first_name: "Ольга" });
        if (path.endsWith("/read")) {
          read = true;
          return jsonResponse({ ...FEED.items[0], read_at: "2026-11-28T08:00:00Z" });
        }
        return jsonResponse(
          read ? { ...FEED, unread: 0, items: FEED.items.map((n) => ({ ...n, read_at: n.read_at ?? "2026-11-28T08:00:00Z" })) } : FEED,
        );
      }),
    );
    act(() => session.signIn({ access_token: "token", expires_in: 900 }));
    renderWithProviders(<NotificationBell />);

    const bell = await screen.findByRole("button", { name: "Уведомления — новых: 1" });
    expect(bell).toHaveAttribute("aria-expanded", "false");
    await userEvent.click(bell);
    const link = screen.getByRole("link", { name: /Новая оценка: 5/ });
    expect(link).toHaveAttribute("href", `/diary/${STUDENT}?week=2026-W48`);
    expect(link).toHaveTextContent("Новое:");
    expect(screen.getByRole("link", { name: /Пропуск урока/ })).not.toHaveTextContent("Новое:");

    await userEvent.click(link);
    await waitFor(() => expect(calls).toContain("POST /api/v1/notifications/n2/read"));
    expect(await screen.findByRole("button", { name: "Уведомления" })).toBeInTheDocument();
  });
});
