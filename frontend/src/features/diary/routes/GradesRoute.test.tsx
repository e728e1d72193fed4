import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { describe, expect, it, vi } from "vitest";

import { jsonResponse, renderWithProviders } from "@/testing/render";

import { STUDENT, STUDENT_ID } from "../testing/fixtures";
import GradesRoute from "./GradesRoute";

const TERM = { id: "term-2", name: "2-я четверть", starts_on: "2026-11-03", ends_on: "2026-12-28" };
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

function serve(grades: unknown[]) {
  const posts: unknown[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      if (path.endsWith("/me/students")) return jsonResponse([STUDENT]);
      if (path.endsWith("/summary")) {
        return jsonResponse({
          student_id: STUDENT_ID,
          term: TERM,
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

    await userEvent.click(within(card).getByRole("button", { name: "Добавить оценку 2" }));
    expect(await within(card).findByText("Средний балл стал бы 4,00, итог — 4")).toBeInTheDocument();
    expect(posts).toEqual([{ subject_id: ALGEBRA.id, term_id: TERM.id, hypothetical: [{ value: 2, work_type: "answer" }] }]);

    // The list: the grade with its date, work type and weight.
    expect(screen.getByText(/20 ноября 2026 г\. · Контрольная работа · вес 2/)).toBeInTheDocument();
  });
});
