import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";

import type { components } from "@/api/generated/schema";
import { jsonResponse, renderWithProviders } from "@/testing/render";

import { ClearAttendanceMark } from "./ClearAttendanceMark";

type AttendanceState = components["schemas"]["AttendanceState"];

function setup(deleteStatus = 204) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      const body = request.method === "PUT" ? await request.clone().json() : null;
      calls.push({ method: request.method, path, body });
      if (request.method === "DELETE") {
        return deleteStatus === 204
          ? new Response(null, { status: 204 })
          : jsonResponse(
              { type: "about:blank", title: "Ошибка", status: deleteStatus, detail: "Такого урока нет", code: "lesson_not_found", errors: [] },
              { status: deleteStatus, headers: { "Content-Type": "application/problem+json" } },
            );
      }
      const [item] = body as { student_id: string; status: string; minutes_late: number | null; reason: string | null }[];
      return jsonResponse([{ ...item, lesson_id: "l1", date: "2026-11-23", lesson_number: 1, subject: { id: "alg", name: "Алгебра" }, updated_at: "2026-11-23T05:00:00Z" }]);
    }),
  );
  renderWithProviders(<Harness />);
  return { calls };
}

/** The lesson page keeps the saved mark; the action reports what the server now has. */
function Harness() {
  const [mark, setMark] = useState<AttendanceState | null>({ status: "late", minutes_late: 7, reason: null });
  return (
    <>
      <p>Сейчас: {mark ? mark.status : "нет отметки"}</p>
      <ClearAttendanceMark lessonId="l1" studentId="s1" name="Иванов Пётр" mark={mark} onChange={setMark} />
    </>
  );
}

describe("clearing a mark on the lesson page", () => {
  it("deletes the mark and puts it back with «Вернуть»", async () => {
    const { calls } = setup();

    await userEvent.click(screen.getByRole("button", { name: /^Снять отметку\s?: Иванов Пётр$/ }));

    expect(await screen.findByText("Сейчас: нет отметки")).toBeInTheDocument();
    expect(calls).toEqual([{ method: "DELETE", path: "/api/v1/lessons/l1/attendance/s1", body: null }]);
    expect(screen.getByRole("status")).toHaveTextContent("Отметка снята");

    await userEvent.click(screen.getByRole("button", { name: /^Вернуть\s?: Иванов Пётр$/ }));

    expect(await screen.findByText("Сейчас: late")).toBeInTheDocument();
    expect(calls[1]).toEqual({
      method: "PUT",
      path: "/api/v1/lessons/l1/attendance",
      body: [{ student_id: "s1", status: "late", minutes_late: 7, reason: null }],
    });
    expect(screen.getByRole("button", { name: /^Снять отметку\s?: Иванов Пётр$/ })).toBeInTheDocument();
  });

  it("keeps the mark and says why when the server refuses", async () => {
    setup(404);

    await userEvent.click(screen.getByRole("button", { name: /^Снять отметку\s?: Иванов Пётр$/ }));

    await waitFor(() => expect(screen.getByRole("alert")).toHaveTextContent("Такого урока нет"));
    expect(screen.getByText("Сейчас: late")).toBeInTheDocument();
  });
});
