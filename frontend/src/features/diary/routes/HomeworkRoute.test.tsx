import { screen } from "@testing-library/react";
import { Route, Routes } from "react-router";
import { describe, expect, it, vi } from "vitest";

import { jsonResponse, renderWithProviders } from "@/testing/render";

import { STUDENT, STUDENT_ID } from "../testing/fixtures";
import HomeworkRoute from "./HomeworkRoute";

describe("the homework list", () => {
  it("asks for current homework soonest due first", async () => {
    const asked: URL[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        const url = new URL(request.url);
        if (url.pathname.endsWith("/me/students")) return jsonResponse([STUDENT]);
        if (url.pathname.endsWith("/homework")) {
          asked.push(url);
          return jsonResponse({ items: [], total: 0, limit: 100, offset: 0 });
        }
        return jsonResponse({}, { status: 404 });
      }),
    );
    renderWithProviders(
      <Routes>
        <Route path="/diary/:studentId/homework" element={<HomeworkRoute />} />
      </Routes>,
      { route: `/diary/${STUDENT_ID}/homework` },
    );

    expect(await screen.findByText("Заданий нет")).toBeInTheDocument();
    expect(asked[0]!.searchParams.get("order")).toBe("soonest");
    expect(asked[0]!.searchParams.get("from")).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
