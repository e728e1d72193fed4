import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { jsonResponse, renderWithProviders } from "@/testing/render";

import type { ClassAbsenceNote } from "../api/absence-notes";
import ClassNotesRoute from "./ClassNotesRoute";

const CLASS = { id: "c1", grade: 9, letter: "Б", name: "9-Б", profile: null, academic_year: 2026 };

function note(id: string, overrides: Partial<ClassAbsenceNote> = {}): ClassAbsenceNote {
  return {
    id,
    student_id: "s1",
    student: { id: "s1", name: "Иванов Пётр" },
    from: "2026-11-23",
    to: "2026-11-24",
    reason: "ОРВИ, справка будет",
    status: "filed",
    filed_by: { id: "p1", name: "Иванова Мария Петровна" },
    acknowledged_by: null,
    acknowledged_at: null,
    rejection: null,
    created_at: "2026-11-22T17:00:00Z",
    ...overrides,
  };
}

function setup(notes: ClassAbsenceNote[], { classes = [CLASS], route = "/teach/absence-notes" } = {}) {
  const calls: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      calls.push(`${request.method} ${url.pathname}${url.search}`);
      if (url.pathname === "/api/v1/me/classes") return jsonResponse(classes);
      if (url.pathname === "/api/v1/classes/c1/absence-notes") {
        const status = url.searchParams.get("status");
        const items = notes.filter((n) => !status || n.status === status);
        return jsonResponse({ items, total: items.length, limit: 20, offset: 0 });
      }
      const acknowledge = /^\/api\/v1\/absence-notes\/(\w+)\/acknowledge$/.exec(url.pathname);
      if (acknowledge && request.method === "POST") {
        const { student: _student, ...found } = notes.find((n) => n.id === acknowledge[1])!;
        return jsonResponse({
          ...found,
          status: "acknowledged",
          acknowledged_by: { id: "ct", name: "Орлова Нина" },
          acknowledged_at: "2026-11-23T06:00:00Z",
        });
      }
      const reject = /^\/api\/v1\/absence-notes\/(\w+)\/reject$/.exec(url.pathname);
      if (reject && request.method === "POST") {
        const { reason } = (await request.json()) as { reason: string };
        calls.push(`reason: ${reason}`);
        const { student: _student, ...found } = notes.find((n) => n.id === reject[1])!;
        return jsonResponse({
          ...found,
          status: "rejected",
          rejection: { reason, by: { id: "ct", name: "Орлова Нина" }, at: "2026-11-23T06:00:00Z" },
        });
      }
      return jsonResponse({}, { status: 404 });
    }),
  );
  renderWithProviders(<ClassNotesRoute />, { route });
  return { calls };
}

describe("the class teacher's absence notes", () => {
  it("lists the waiting notes of the class and acknowledges one", async () => {
    const { calls } = setup([note("n1"), note("n2", { status: "acknowledged", student: { id: "s2", name: "Алексеева Вера" } })]);

    const row = (await screen.findByRole("heading", { name: "Иванов Пётр" })).closest("li")!;
    expect(calls).toContain("GET /api/v1/classes/c1/absence-notes?limit=20&offset=0&status=filed");
    expect(screen.getByText("Класс 9-Б")).toBeInTheDocument();
    expect(screen.queryByText("Алексеева Вера")).not.toBeInTheDocument();
    expect(within(row).getByText("Ждёт решения")).toBeInTheDocument();
    expect(within(row).getByText("23 ноября 2026 г. — 24 ноября 2026 г.")).toBeInTheDocument();
    expect(within(row).getByText("ОРВИ, справка будет")).toBeInTheDocument();
    expect(within(row).getByText(/Иванова Мария Петровна/)).toBeInTheDocument();

    await userEvent.click(within(row).getByRole("button", { name: /^Принять/ }));

    await waitFor(() => expect(calls).toContain("POST /api/v1/absence-notes/n1/acknowledge"));
    expect(await within(row).findByText("Принята")).toBeInTheDocument();
    expect(within(row).getByText(/Орлова Нина/)).toBeInTheDocument();
    expect(within(row).queryByRole("button", { name: /^Принять/ })).not.toBeInTheDocument();
  });

  it("turns a note down with a reason for the family", async () => {
    const { calls } = setup([note("n1")]);
    const row = (await screen.findByRole("heading", { name: "Иванов Пётр" })).closest("li")!;

    await userEvent.click(within(row).getByRole("button", { name: /^Не принять…/ }));
    await userEvent.click(within(row).getByRole("button", { name: "Не принять объяснительную" }));
    expect(within(row).getByText("Напишите причину — хотя бы несколько слов")).toBeInTheDocument();
    expect(calls.some((c) => c.includes("/reject"))).toBe(false);

    await userEvent.type(within(row).getByLabelText("Причина для семьи"), "Нужна справка от врача");
    await userEvent.click(within(row).getByRole("button", { name: "Не принять объяснительную" }));

    await waitFor(() => expect(calls).toContain("POST /api/v1/absence-notes/n1/reject"));
    expect(calls).toContain("reason: Нужна справка от врача");
    expect(await within(row).findByText("Не принята")).toBeInTheDocument();
    expect(within(row).getByText("Нужна справка от врача")).toBeInTheDocument();
    // Still acceptable: a certificate may come after all.
    expect(within(row).getByRole("button", { name: /^Принять/ })).toBeInTheDocument();
  });

  it("shows every note under «Все»", async () => {
    setup([note("n1"), note("n2", { status: "acknowledged", student: { id: "s2", name: "Алексеева Вера" } })]);
    await screen.findByRole("heading", { name: "Иванов Пётр" });

    await userEvent.click(screen.getByRole("link", { name: "Все" }));

    expect(await screen.findByRole("heading", { name: "Алексеева Вера" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Все" })).toHaveAttribute("aria-current", "page");
    expect(screen.getByText("2 объяснительные")).toBeInTheDocument();
  });

  it("says so when there are no notes", async () => {
    setup([]);
    expect(await screen.findByText("Объяснительных нет")).toBeInTheDocument();
  });

  it("tells a teacher without a class whose page this is", async () => {
    const { calls } = setup([], { classes: [] });
    expect(await screen.findByText(/Вы не классный руководитель/)).toBeInTheDocument();
    expect(calls.some((c) => c.includes("absence-notes"))).toBe(false);
  });
});
