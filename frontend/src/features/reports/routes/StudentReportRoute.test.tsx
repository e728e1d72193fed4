import { screen } from "@testing-library/react";
import { Route, Routes } from "react-router";
import { describe, expect, it, vi } from "vitest";

import { jsonResponse, renderWithProviders } from "@/testing/render";

import StudentReportRoute from "./StudentReportRoute";

const STUDENT_ID = "5b8d2c1e-0000-4000-8000-000000000001";
const STUDENT = {
  id: STUDENT_ID,
  last_name: "Иванов",
  first_name: "Пётр",
  middle_name: null,
  relation: "guardian",
  school: { id: "s1", name: "Лицей № 1" },
  school_class: { id: "c1", name: "9-Б" },
};
const ALGEBRA = "a1";

const REPORT = {
  student: { id: STUDENT_ID, name: "Иванов Пётр", class_name: "9-Б", school_name: "Лицей № 1" },
  period: { from: "2026-11-09", to: "2026-11-29", title: "2-я четверть 2026/2027", term_id: "t1" },
  subjects: [
    {
      subject_id: ALGEBRA,
      name: "Алгебра",
      assessment: "graded",
      grades: [
        { value: 5, weight: 1, date: "2026-11-10", work_type: "Ответ на уроке" },
        { value: 2, weight: 2, date: "2026-11-24", work_type: "Контрольная работа" },
      ],
      average: 3,
      term_grade: null,
      trend: [
        { date: "2026-11-10", average: 5 },
        { date: "2026-11-24", average: 3 },
      ],
      overdue_homework: 2,
    },
  ],
  attendance: {
    lessons_held: 30,
    absent: 1,
    absent_excused: 1,
    late: 0,
    attendance_rate: 93.3,
    months: [{ month: "2026-11", lessons_held: 30, absent: 1, absent_excused: 1, late: 0, attendance_rate: 93.3 }],
  },
  gaps: [
    {
      kind: "average_fell",
      subject_id: ALGEBRA,
      name: "Алгебра",
      text: "Алгебра: средний балл снизился с 5,00 до 3,00 во второй половине периода",
    },
    { kind: "homework_overdue", subject_id: ALGEBRA, name: "Алгебра", text: "Алгебра: просрочено домашних заданий — 2" },
  ],
  generated_at: "2026-12-07T09:00:00Z",
};

describe("the family's report page", () => {
  it("says the gaps in words and draws the subject's average with its grades", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        const url = new URL(request.url);
        if (url.pathname.endsWith("/me/students")) return jsonResponse([STUDENT]);
        if (url.pathname.endsWith("/terms")) return jsonResponse({ student_id: STUDENT_ID, academic_year: null, terms: [] });
        if (url.pathname.endsWith("/report")) return jsonResponse(REPORT);
        if (url.pathname.endsWith("/saved-reports")) return jsonResponse({ items: [], total: 0, limit: 50, offset: 0 });
        return jsonResponse({}, { status: 404 });
      }),
    );
    renderWithProviders(
      <Routes>
        <Route path="/reports/:studentId" element={<StudentReportRoute />} />
      </Routes>,
      { route: `/reports/${STUDENT_ID}` },
    );

    expect(await screen.findByText("Алгебра: средний балл снизился с 5,00 до 3,00 во второй половине периода")).toBeInTheDocument();
    expect(screen.getByText("Просрочены домашние задания: Алгебра — 2.")).toBeInTheDocument();
    expect(screen.getByRole("img", { name: "Алгебра: средний балл от 5,00 до 3,00, оценок — 2" })).toBeInTheDocument();
    expect(screen.getByText(/Посещаемость 93,3\s%: уроков прошло 30/)).toBeInTheDocument();
    expect(screen.getByText("Сохранённых отчётов пока нет.")).toBeInTheDocument();
  });
});
