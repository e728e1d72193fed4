import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { session } from "@/lib/auth";
import { jsonResponse, renderWithProviders } from "@/testing/render";

import OnboardingRoute from "./OnboardingRoute";

const COUNTS = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
const SUMMARY = {
  classes: { ...COUNTS, created: 2 },
  students: { ...COUNTS, created: 2, rejected: 1 },
  teachers: { ...COUNTS, created: 2 },
  guardians: { ...COUNTS, created: 2 },
  enrollments: { ...COUNTS, created: 5 },
  teaching_assignments: { ...COUNTS, created: 1 },
  academic_sessions: { ...COUNTS, created: 3 },
};
const IMPORT = {
  id: "i1",
  school_id: "s1",
  format: "oneroster_csv",
  mode: "preview",
  status: "queued",
  progress: 0,
  summary: {},
  error_count: 0,
  failure: null,
  failure_code: null,
  created_at: "2026-12-07T09:00:00Z",
  finished_at: null,
};
const ME = { id: "a1", last_name: "Кузнецов", first_name: "Павел", middle_name: null, phone: "+79990000000", email: null, roles: ["school_admin"], level: "confirmed", school_id: "s1" };

interface Call {
  method: string;
  path: string;
  body: unknown;
}

function serve(calls: Call[]) {
  let polls = 0;
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      const isJson = request.headers.get("content-type")?.includes("json");
      const text = request.method === "GET" || !isJson ? "" : await request.text();
      calls.push({ method: request.method, path, body: text ? JSON.parse(text) : null });
      if (path === "/api/v1/me") return jsonResponse(ME);
      if (path === "/api/v1/schools/s1/imports") return jsonResponse(IMPORT, { status: 202 });
      if (path === "/api/v1/imports/i1/apply") return jsonResponse({ ...IMPORT, mode: "apply", status: "queued" }, { status: 202 });
      if (path === "/api/v1/imports/i1/errors")
        return jsonResponse({
          items: [{ file: "users.csv", row: 4, field: "userIds", code: "snils_checksum", message: "Некорректный СНИЛС: неверное контрольное число" }],
          total: 1,
          limit: 50,
          offset: 0,
        });
      if (path === "/api/v1/imports/i1") {
        polls += 1;
        if (polls === 1) return jsonResponse({ ...IMPORT, status: "running", progress: 40 });
        return jsonResponse({ ...IMPORT, status: "done", progress: 100, summary: SUMMARY, error_count: 1 });
      }
      return jsonResponse({}, { status: 404 });
    }),
  );
}

afterEach(() => {
  session.signOut();
  vi.unstubAllGlobals();
});

describe("«Загрузка списков»", () => {
  it("checks a file, shows the counts and the rejected rows, then applies the valid rows", async () => {
    const calls: Call[] = [];
    serve(calls);
    session.signIn({ access_token: "t", expires_in: 900 });
    const user = userEvent.setup();
    renderWithProviders(<OnboardingRoute />);

    await user.click(await screen.findByRole("button", { name: "Проверить файл" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Выберите файл со списками");

    const file = new File(["PK"], "roster.zip", { type: "application/zip" });
    await user.upload(screen.getByLabelText("Файл со списками"), file);
    await user.click(screen.getByRole("button", { name: "Проверить файл" }));

    const table = await screen.findByRole("table", { name: "Что изменится" }, { timeout: 4000 });
    const pupils = within(table).getByRole("row", { name: /Ученики/ });
    expect(within(pupils).getAllByRole("cell").map((c) => c.textContent)).toEqual(["2", "0", "0", "1"]);
    expect(await screen.findByRole("cell", { name: /Некорректный СНИЛС/ })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Отклонена 1 строка" })).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Применить только верные строки" }));
    await vi.waitFor(() => expect(calls.find((c) => c.path === "/api/v1/imports/i1/apply")?.body).toEqual({ skip_invalid: true }));
    const upload = calls.find((c) => c.method === "POST" && c.path === "/api/v1/schools/s1/imports");
    expect(upload).toBeDefined();
  });
});
