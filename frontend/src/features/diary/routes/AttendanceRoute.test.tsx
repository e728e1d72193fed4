import { screen } from "@testing-library/react";
import { Route, Routes } from "react-router";
import { describe, expect, it, vi } from "vitest";

import { jsonResponse, renderWithProviders } from "@/testing/render";

import { STUDENT, STUDENT_ID } from "../testing/fixtures";
import AttendanceRoute from "./AttendanceRoute";

describe("the family's attendance page", () => {
  it("shows why the class teacher did not accept a note", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        const url = new URL(request.url);
        if (url.pathname.endsWith("/me/students")) return jsonResponse([STUDENT]);
        if (url.pathname.endsWith("/attendance")) return jsonResponse({ items: [], total: 0, limit: 100, offset: 0 });
        if (url.pathname.endsWith("/absence-notes")) {
          return jsonResponse([
            {
              id: "n1",
              student_id: STUDENT_ID,
              from: "2026-11-23",
              to: "2026-11-23",
              reason: "Плохо себя чувствовал",
              status: "rejected",
              filed_by: { id: "p1", name: "Иванова Мария Петровна" },
              acknowledged_by: null,
              acknowledged_at: null,
              rejection: { reason: "Нужна справка от врача", by: { id: "ct", name: "Орлова Нина Петровна" }, at: "2026-11-24T06:00:00Z" },
              created_at: "2026-11-23T05:00:00Z",
            },
          ]);
        }
        return jsonResponse({}, { status: 404 });
      }),
    );
    renderWithProviders(
      <Routes>
        <Route path="/diary/:studentId/attendance" element={<AttendanceRoute />} />
      </Routes>,
      { route: `/diary/${STUDENT_ID}/attendance` },
    );

    expect(await screen.findByText("Не принята: Нужна справка от врача")).toBeInTheDocument();
    expect(screen.getByText("Не принята", { selector: ".dy-pill" })).toBeInTheDocument();
    expect(screen.getByText(/Решение: Орлова Нина Петровна, .*; можно подать новую объяснительную\./)).toBeInTheDocument();
  });
});
