import { useQuery } from "@tanstack/react-query";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { jsonResponse, renderWithProviders } from "@/testing/render";

import { journalQuery } from "../api/queries";
import type { Journal, WorkType } from "../api/types";
import { JournalGrid } from "./JournalGrid";

const PARAMS = { classId: "c1", subjectId: "alg", from: "2026-11-23", to: "2026-11-27" };
const WORK_TYPES: WorkType[] = [
  { code: "answer", name: "Ответ на уроке", weight: 1, is_default: true },
  { code: "test", name: "Контрольная работа", weight: 2, is_default: false },
];
const JOURNAL: Journal = {
  school_class: { id: "c1", name: "9-Б" },
  subject: { id: "alg", name: "Алгебра" },
  students: [
    { id: "s1", last_name: "Алексеев", first_name: "Кирилл", middle_name: null },
    { id: "s2", last_name: "Борисова", first_name: "Дарья", middle_name: null },
  ],
  lessons: [
    { id: "l1", date: "2026-11-23", number: 1, topic: null, status: "scheduled" },
    { id: "l2", date: "2026-11-25", number: 2, topic: null, status: "scheduled" },
  ],
  marks: [
    {
      student_id: "s2",
      lesson_id: "l1",
      grades: [{ id: "g-old", value: 3, work_type: { code: "answer", name: "Ответ на уроке", weight: 1 }, comment: null }],
      attendance: null,
    },
    { student_id: "s2", lesson_id: "l2", grades: [], attendance: { status: "absent", minutes_late: null, reason: null } },
  ],
  averages: [],
};

function problem(status: number, message: string) {
  return jsonResponse(
    { type: "about:blank", title: "Ошибка", status, detail: message, code: "grade_invalid", request_id: null, errors: [{ field: "0.value", code: "grade_invalid", message }] },
    { status, headers: { "Content-Type": "application/problem+json" } },
  );
}

function setup(answer?: (request: Request) => Response | Promise<Response>) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  let id = 0;
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      const body = request.method === "GET" || request.method === "DELETE" ? null : await request.clone().json();
      calls.push({ method: request.method, path, body });
      const custom = answer?.(request);
      if (custom) return custom;
      if (request.method === "POST" && path.endsWith("/grades")) {
        const [item] = body as { student_id: string; value: number; work_type: string }[];
        const type = WORK_TYPES.find((w) => w.code === item!.work_type)!;
        return jsonResponse(
          [
            {
              id: `g-new-${++id}`,
              student_id: item!.student_id,
              lesson_id: path.split("/")[4],
              date: "2026-11-23",
              subject: { id: "alg", name: "Алгебра" },
              value: item!.value,
              work_type: { code: type.code, name: type.name, weight: type.weight },
              comment: null,
              teacher: { id: "t", name: "Соколова" },
              created_at: "2026-11-23T05:00:00Z",
              updated_at: "2026-11-23T05:00:00Z",
            },
          ],
          { status: 201 },
        );
      }
      if (request.method === "DELETE") return new Response(null, { status: 204 });
      if (request.method === "PUT" && path.endsWith("/attendance")) {
        return jsonResponse(
          (body as { student_id: string; status: string }[]).map((m) => ({
            ...m,
            lesson_id: path.split("/")[4],
            date: "2026-11-23",
            lesson_number: 1,
            subject: { id: "alg", name: "Алгебра" },
            minutes_late: null,
            reason: null,
            updated_at: "2026-11-23T05:00:00Z",
          })),
        );
      }
      return jsonResponse({}, { status: 404 });
    }),
  );
  const view = renderWithProviders(<Harness />);
  return { calls, view };
}

/** As on the journal page: the grid shows the cached journal, which its saves update. */
function Harness() {
  const { data } = useQuery({ ...journalQuery(PARAMS), enabled: false, initialData: JOURNAL });
  return data ? <JournalGrid params={PARAMS} journal={data} assessment="graded" workTypes={WORK_TYPES} title="Алгебра, 9-Б" /> : null;
}

describe("the journal grid", () => {
  it("puts a typed grade, saves it, moves down, and undoes it with Ctrl+Z", async () => {
    const { calls } = setup();
    const grid = screen.getByRole("grid", { name: "Алгебра, 9-Б" });
    const cell = within(grid).getByRole("gridcell", { name: /^Алексеев Кирилл, 23\.11/ });
    await userEvent.click(cell);
    await userEvent.keyboard("5");

    await waitFor(() => expect(calls.filter((c) => c.method === "POST")).toHaveLength(1));
    expect(calls[0]).toEqual({
      method: "POST",
      path: "/api/v1/lessons/l1/grades",
      body: [{ student_id: "s1", value: 5, work_type: "answer", absent_confirmed: false }],
    });
    expect(await screen.findByText("Все изменения сохранены")).toBeInTheDocument();
    // The cursor went down to Борисова on the same lesson.
    expect(within(grid).getByRole("gridcell", { name: /^Борисова Дарья, 23\.11/ })).toHaveAttribute("tabindex", "0");

    await userEvent.keyboard("{Control>}z{/Control}");
    await waitFor(() => expect(calls.some((c) => c.method === "DELETE" && c.path === "/api/v1/grades/g-new-1")).toBe(true));
  });

  it("holds a grade for a pupil marked «Н» until the teacher confirms it", async () => {
    const { calls } = setup();
    const cell = screen.getByRole("gridcell", { name: /^Борисова Дарья, 25\.11/ });
    await userEvent.click(cell);
    await userEvent.keyboard("2");

    const warning = await screen.findByRole("alert");
    expect(warning).toHaveTextContent("Ученик отмечен «Н» на этом уроке. Поставить оценку 2 — например, за работу, сданную позже?");
    expect(calls.some((c) => c.method === "POST")).toBe(false);
    expect(cell.querySelector(".journal__grade")).toBeNull();

    // Cancel leaves the cell as it was; the second, deliberate press records it.
    await userEvent.click(within(warning).getByRole("button", { name: "Отмена" }));
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    await userEvent.click(cell);
    await userEvent.keyboard("2");
    await userEvent.click(await screen.findByRole("button", { name: "Да, поставить 2" }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === "POST")).toEqual({
        method: "POST",
        path: "/api/v1/lessons/l2/grades",
        body: [{ student_id: "s2", value: 2, work_type: "answer", absent_confirmed: true }],
      }),
    );
  });

  it("gives touch users touch hints, not keyboard ones", () => {
    vi.stubGlobal(
      "matchMedia",
      vi.fn((query: string) => ({
        matches: query === "(pointer: coarse)",
        media: query,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
      })),
    );
    setup();
    expect(screen.getByText(/Коснитесь клетки и выберите оценку/)).toBeInTheDocument();
    expect(screen.queryByText(/Ctrl\+Z/)).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Отменить последнее" })).not.toHaveAttribute("title");
  });

  it("explains every grade in its legend, «1» included", () => {
    setup();
    const legend = document.querySelector(".journal__legend") as HTMLElement;
    expect([...legend.querySelectorAll(".grade [aria-hidden]")].map((e) => e.textContent)).toEqual(["5", "4", "3", "2", "1"]);
  });

  it("marks everyone not yet marked present with a lesson's «✓»", async () => {
    const { calls } = setup();
    // 23.11 is past: its column has the button; Борисова has no mark there yet either.
    await userEvent.click(screen.getByRole("button", { name: "Все присутствуют 23.11" }));

    await waitFor(() =>
      expect(calls.find((c) => c.method === "PUT")).toEqual({
        method: "PUT",
        path: "/api/v1/lessons/l1/attendance",
        body: [
          { student_id: "s1", status: "present" },
          { student_id: "s2", status: "present" },
        ],
      }),
    );
    expect(await screen.findByText("23.11: отмечены все присутствующие")).toBeInTheDocument();
  });

  it("marks an absence with Н and takes it back with Н", async () => {
    const { calls } = setup();
    await userEvent.click(screen.getByRole("gridcell", { name: /^Алексеев Кирилл, 25\.11/ }));
    await userEvent.keyboard("н");
    await waitFor(() =>
      expect(calls.find((c) => c.method === "PUT")).toEqual({
        method: "PUT",
        path: "/api/v1/lessons/l2/attendance",
        body: [{ student_id: "s1", status: "absent" }],
      }),
    );
  });

  it("shows a 422 on the cell and retries", async () => {
    let fail = true;
    const { calls } = setup((request) =>
      request.method === "POST" && fail ? problem(422, "Урок отменён: оценки не ставятся") : (undefined as unknown as Response),
    );
    await userEvent.click(screen.getByRole("gridcell", { name: /^Алексеев Кирилл, 25\.11/ }));
    await userEvent.keyboard("4");

    // The cursor moved on; the cell keeps its error, listed under the grid with «Повторить».
    const cell = screen.getByRole("gridcell", { name: /^Алексеев Кирилл, 25\.11/ });
    await waitFor(() => expect(cell).toHaveTextContent("не сохранено: Урок отменён: оценки не ставятся"));
    expect(screen.getByText(/Не сохранено 1 изменение/)).toBeInTheDocument();
    const listed = screen.getAllByRole("listitem").find((li) => li.textContent?.includes("Урок отменён"))!;

    fail = false;
    await userEvent.click(within(listed).getByRole("button", { name: "Повторить" }));
    await waitFor(() => expect(calls.filter((c) => c.method === "POST")).toHaveLength(2));
    expect(await screen.findByText("Все изменения сохранены")).toBeInTheDocument();
  });

  it("moves with arrows, Enter and Tab, and clears a grade with Delete", async () => {
    const { calls } = setup();
    const grid = screen.getByRole("grid");
    await userEvent.click(within(grid).getByRole("gridcell", { name: /^Алексеев Кирилл, 23\.11/ }));
    await userEvent.keyboard("{ArrowDown}");
    const old = within(grid).getByRole("gridcell", { name: /^Борисова Дарья, 23\.11/ });
    expect(old).toHaveAttribute("tabindex", "0");
    expect(old).toHaveTextContent("3 (Ответ на уроке)");
    await userEvent.keyboard("{Delete}");
    await waitFor(() => expect(calls.some((c) => c.method === "DELETE" && c.path === "/api/v1/grades/g-old")).toBe(true));
    await userEvent.keyboard("{Tab}");
    expect(within(grid).getByRole("gridcell", { name: /^Борисова Дарья, 25\.11/ })).toHaveAttribute("tabindex", "0");
    await act(async () => undefined);
  });

  it("clears an absence with Backspace (the mark is deleted) and Ctrl+Z puts it back", async () => {
    const { calls } = setup();
    const cell = screen.getByRole("gridcell", { name: /^Борисова Дарья, 25\.11/ });
    expect(cell).toHaveTextContent("Н");
    await userEvent.click(cell);
    await userEvent.keyboard("{Backspace}");

    await waitFor(() =>
      expect(calls.find((c) => c.method === "DELETE")).toEqual({ method: "DELETE", path: "/api/v1/lessons/l2/attendance/s2", body: null }),
    );
    expect(calls.some((c) => c.method === "PUT")).toBe(false);
    expect(await screen.findByText("Все изменения сохранены")).toBeInTheDocument();
    expect(screen.getByRole("gridcell", { name: /^Борисова Дарья, 25\.11/ })).not.toHaveTextContent("Н");

    await userEvent.keyboard("{Control>}z{/Control}");
    await waitFor(() =>
      expect(calls.find((c) => c.method === "PUT")).toEqual({
        method: "PUT",
        path: "/api/v1/lessons/l2/attendance",
        body: [{ student_id: "s2", status: "absent" }],
      }),
    );
  });
});
