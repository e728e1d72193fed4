import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { describe, expect, it, vi } from "vitest";

import { jsonResponse, renderWithProviders } from "@/testing/render";

import { STUDENT, STUDENT_ID } from "../testing/fixtures";
import GradesRoute from "./GradesRoute";

const TERM = { id: "term-2", name: "2-я четверть", starts_on: "2026-11-03", ends_on: "2026-12-28" };
const TERM_1 = { id: "term-1", name: "1-я четверть", starts_on: "2026-09-01", ends_on: "2026-10-25" };
const TERMS = {
  student_id: STUDENT_ID,
  academic_year: { id: "y", year: 2026, starts_on: "2026-09-01", ends_on: "2027-05-31", term_kind: "quarter" },
  terms: [
    { ...TERM_1, kind: "quarter", number: 1, current: false },
    { ...TERM, kind: "quarter", number: 2, current: true },
  ],
};
const ALGEBRA = { id: "subj-alg", name: "Алгебра" };
const ANSWER = { code: "answer", name: "Ответ на уроке", weight: 1 };
const TEST = { code: "test", name: "Контрольная работа", weight: 2 };

const AVERAGE = {
  student_id: STUDENT_ID,
  subject: ALGEBRA,
  assessment: "graded",
  term: TERM,
  grades: [
    { value: 4, work_type: ANSWER, date: "2026-11-10", hypothetical: false },
    { value: 4, work_type: ANSWER, date: "2026-11-12", hypothetical: false },
    { value: 5, work_type: TEST, date: "2026-11-20", hypothetical: false },
  ],
  weighted_sum: 18,
  weight_total: 4,
  average: 4.5,
  thresholds: { five_from: 4.5, four_from: 3.5, three_from: 2.5 },
  result: 5,
  explanation: "…",
};

function serve(grades: unknown[], reads: URL[] = []) {
  const posts: unknown[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      const path = url.pathname;
      reads.push(url);
      if (path.endsWith("/me/students")) return jsonResponse([STUDENT]);
      if (path.endsWith("/terms")) return jsonResponse(TERMS);
      if (path.endsWith("/summary")) {
        return jsonResponse({
          student_id: STUDENT_ID,
          term: url.searchParams.get("term_id") === TERM_1.id ? TERM_1 : TERM,
          subjects: [
            { subject: ALGEBRA, assessment: "graded", grades: grades.length, average: grades.length ? 4.5 : null, result: grades.length ? 5 : null, absences: 1, lates: 0, term_grade: null },
          ],
        });
      }
      if (path.endsWith("/grades")) return jsonResponse({ items: grades, total: grades.length, limit: 200, offset: 0 });
      if (path.endsWith("/averages/what-if")) {
        const body = (await request.json()) as { hypothetical: unknown[] };
        posts.push(body);
        // The server's answer for one added 2 of weight 1: (18 + 2) / 5 = 4.
        return jsonResponse({ ...AVERAGE, weighted_sum: 20, weight_total: 5, average: 4, result: 4 });
      }
      if (path.endsWith("/averages")) return jsonResponse(AVERAGE);
      return jsonResponse({}, { status: 404 });
    }),
  );
  return posts;
}

/** The dates under the period select (happy-dom computes no accessible descriptions). */
function describedBy(element: HTMLElement) {
  return document.getElementById(element.getAttribute("aria-describedby") ?? "");
}

function renderGrades() {
  return renderWithProviders(
    <Routes>
      <Route path="/diary/:studentId/grades" element={<GradesRoute />} />
    </Routes>,
    { route: `/diary/${STUDENT_ID}/grades` },
  );
}

describe("grades", () => {
  it("says «Оценок пока нет» when there are none", async () => {
    serve([]);
    renderGrades();
    expect(await screen.findByText("Оценок пока нет")).toBeInTheDocument();
  });

  it("filters by the school's terms: the current one first, then «1-я четверть», «Весь год»", async () => {
    const reads: URL[] = [];
    serve([], reads);
    renderGrades();
    const gradeReads = () => reads.filter((u) => u.pathname.endsWith("/grades")).map((u) => [u.searchParams.get("from"), u.searchParams.get("to")]);

    const select = await screen.findByRole("combobox", { name: "Период" });
    await screen.findByRole("option", { name: "1-я четверть" });
    expect(select).toHaveValue(TERM.id);
    expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "1-я четверть",
      "2-я четверть",
      "Весь год",
      "Свой период",
    ]);
    expect(describedBy(select)).toHaveTextContent("С 3 ноября по 28 декабря");
    await screen.findByText("Оценок пока нет");
    expect(gradeReads()).toEqual([["2026-11-03", "2026-12-28"]]);

    await userEvent.selectOptions(select, TERM_1.id);
    expect(await screen.findByRole("heading", { name: "Итоги: 1-я четверть" })).toBeInTheDocument();
    expect(gradeReads().at(-1)).toEqual(["2026-09-01", "2026-10-25"]);
    expect(reads.filter((u) => u.pathname.endsWith("/summary")).at(-1)?.searchParams.get("term_id")).toBe(TERM_1.id);

    await userEvent.selectOptions(select, "year");
    await waitFor(() => expect(gradeReads().at(-1)).toEqual(["2026-09-01", "2027-05-31"]));
    expect(describedBy(select)).toHaveTextContent("С 1 сентября по 31 мая");

    // «Свой период» starts from the dates shown.
    await userEvent.selectOptions(select, "custom");
    expect(screen.getByRole("textbox", { name: /^С/ })).toHaveValue("01.09.2026");
    expect(screen.getByRole("textbox", { name: /^По/ })).toHaveValue("31.05.2027");
  });

  it("explains the weighted average and answers «что если» at once", async () => {
    const posts = serve([
      {
        id: "g1",
        student_id: STUDENT_ID,
        lesson_id: "l1",
        date: "2026-11-20",
        subject: ALGEBRA,
        value: 5,
        work_type: TEST,
        comment: null,
        teacher: { id: "t1", name: "Соколова Анна Викторовна" },
        created_at: "2026-11-20T05:00:00Z",
        updated_at: "2026-11-20T05:00:00Z",
      },
    ]);
    renderGrades();

    const card = (await screen.findByRole("heading", { name: "Алгебра", level: 3 })).closest("article")!;
    expect(within(card).getByText("4,50")).toBeInTheDocument();
    await userEvent.click(within(card).getByRole("button", { name: "Как считается средний балл" }));
    expect(await within(card).findByText("Средний балл = Σ(оценка × вес) / Σ весов = 18 / 4 = 4,50")).toBeInTheDocument();
    expect(within(card).getByText(/«5» ставится от 4,50, «4» — от 3,50/)).toBeInTheDocument();
    // Each grade's weight in sight, and the sum written out.
    const list = within(card).getByRole("list", { name: "Оценки за период" });
    expect([...list.querySelectorAll(".explain__weight")].map((e) => e.textContent)).toEqual(["×1", "×1", "×2"]);
    expect(within(card).getByText("Σ(оценка × вес) = 4 × 1 + 4 × 1 + 5 × 2 = 18; Σ весов = 1 + 1 + 2 = 4")).toBeInTheDocument();

    await userEvent.click(within(card).getByRole("button", { name: "Добавить оценку 2" }));
    expect(await within(card).findByText("Средний балл стал бы 4,00, итог — 4")).toBeInTheDocument();
    expect(posts).toEqual([{ subject_id: ALGEBRA.id, term_id: TERM.id, hypothetical: [{ value: 2, work_type: "answer" }] }]);

    // The list: the grade with its date, work type and weight.
    expect(screen.getByText(/20 ноября 2026 г\. · Контрольная работа · вес 2/)).toBeInTheDocument();
  });
});
