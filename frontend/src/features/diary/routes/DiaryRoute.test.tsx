import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { describe, expect, it, vi } from "vitest";

import { jsonResponse, renderWithProviders } from "@/testing/render";

import { DIARY, STUDENT, STUDENT_ID } from "../testing/fixtures";
import DiaryRoute from "./DiaryRoute";

function serve(overrides: Record<string, () => Response> = {}) {
  const calls: Request[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      calls.push(request);
      const url = new URL(request.url);
      for (const [path, answer] of Object.entries(overrides)) if (url.pathname.endsWith(path)) return answer();
      if (url.pathname.endsWith("/me/students")) return jsonResponse([STUDENT]);
      if (url.pathname.endsWith("/diary")) return jsonResponse({ ...DIARY, week: url.searchParams.get("week") ?? DIARY.week });
      if (url.pathname.includes("/done")) return jsonResponse({});
      return jsonResponse({}, { status: 404 });
    }),
  );
  return calls;
}

function renderDiary(route: string) {
  return renderWithProviders(
    <Routes>
      <Route path="/diary" element={<DiaryRoute />} />
      <Route path="/diary/:studentId" element={<DiaryRoute />} />
    </Routes>,
    { route },
  );
}

describe("the week diary", () => {
  it("shows the week's lessons with grades, «Н», cancelled lessons and homework", async () => {
    serve();
    renderDiary(`/diary/${STUDENT_ID}?week=2026-W48`);

    const monday = await screen.findByRole("region", { name: /Понедельник, 23 ноября/ });
    expect(within(monday).getByText("Алгебра")).toBeInTheDocument();
    expect(within(monday).getByText(/Оценка 5, Контрольная работа, вес 2/)).toBeInTheDocument();
    expect(within(monday).getByText("Н")).toBeInTheDocument();
    expect(within(monday).getByText("отсутствовал(а) на уроке")).toBeInTheDocument();
    // Schedule changes in words, not colour alone.
    expect(within(monday).getByRole("heading", { name: "Физкультура Урок отменён" })).toBeInTheDocument();
    expect(within(monday).getByText("Спортзал на ремонте")).toBeInTheDocument();
    expect(within(monday).getByRole("heading", { name: "Химия Перенесён с\u00a025 ноября" })).toBeInTheDocument();
    expect(within(monday).getByText("Замена: Орлова Н. П.")).toBeInTheDocument();
    // Homework on the lesson it is due, saying when it was set.
    expect(within(monday).getByText("ДЗ, задано 20 ноября")).toBeInTheDocument();
    // Lesson times in the school's zone, 24-hour.
    expect(within(monday).getByText("08:30–09:15")).toBeInTheDocument();
    expect(screen.getByText(/по часовому поясу школы: Владивосток, UTC\+10/)).toBeInTheDocument();
    expect(screen.getByText(/23–29 ноября 2026 г\.$/)).toBeInTheDocument();
    // Friday without lessons is there; Saturday only for the homework due that day; Sunday not.
    expect(screen.getByRole("region", { name: /Пятница, 27 ноября/ })).toHaveTextContent("Уроков нет");
    const saturday = screen.getByRole("region", { name: /Суббота, 28 ноября/ });
    expect(within(saturday).getByText("Технология. ДЗ, задано 24 ноября")).toBeInTheDocument();
    expect(within(saturday).getByText("Принести проект")).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: /Воскресенье/ })).not.toBeInTheDocument();
  });

  it("steps between weeks across the year boundary and prefetches the neighbours", async () => {
    const calls = serve();
    renderDiary(`/diary/${STUDENT_ID}?week=2026-W53`);

    expect(await screen.findByText(/28 декабря 2026 г\. – 3 января 2027 г\.$/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Следующая неделя" })).toHaveAttribute("href", `/diary/${STUDENT_ID}?week=2027-W01`);
    expect(screen.getByRole("link", { name: "Предыдущая неделя" })).toHaveAttribute("href", `/diary/${STUDENT_ID}?week=2026-W52`);
    await waitFor(() => {
      const weeks = calls.map((c) => new URL(c.url).searchParams.get("week")).filter(Boolean);
      expect(weeks).toEqual(expect.arrayContaining(["2026-W53", "2027-W01", "2026-W52"]));
    });
  });

  it("ticks homework as done at once", async () => {
    const calls = serve();
    renderDiary(`/diary/${STUDENT_ID}?week=2026-W48`);

    const monday = await screen.findByRole("region", { name: /Понедельник, 23 ноября/ });
    const done = within(monday).getByRole("checkbox", { name: "Сделано" });
    await userEvent.click(done);
    expect(done).toBeChecked();
    const put = calls.find((c) => c.method === "PUT");
    expect(new URL(put!.url).pathname).toBe(`/api/v1/students/${STUDENT_ID}/homework/h1/done`);
    expect(await put!.json()).toEqual({ done: true });
  });

  it("keeps the diary of a child who left readable but offers nothing to write", async () => {
    serve({ "/me/students": () => jsonResponse([{ ...STUDENT, archived_at: "2026-11-20T09:00:00Z" }]) });
    renderDiary(`/diary/${STUDENT_ID}?week=2026-W48`);

    const monday = await screen.findByRole("region", { name: /Понедельник, 23 ноября/ });
    expect(screen.getByText(/из школы 20 ноября 2026/)).toBeInTheDocument();
    expect(within(monday).queryByRole("checkbox", { name: "Сделано" })).not.toBeInTheDocument();
    expect(within(monday).queryByRole("link", { name: "Написать учителю" })).not.toBeInTheDocument();
  });

  it("opens the only child's diary from /diary and says what to do without one", async () => {
    serve({ "/me/students": () => jsonResponse([]) });
    renderDiary("/diary");
    expect(await screen.findByText("Дневник пока не подключён")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Перейти к разделу «Дети»" })).toHaveAttribute("href", "/children");
  });

  it("says what went wrong and retries", async () => {
    let fail = true;
    serve({
      "/diary": () =>
        fail
          ? jsonResponse(
              { type: "about:blank", title: "Ошибка", status: 503, detail: "Сервис временно недоступен.", code: "unavailable", request_id: "r-1", errors: [] },
              { status: 503, headers: { "Content-Type": "application/problem+json" } },
            )
          : jsonResponse(DIARY),
    });
    renderDiary(`/diary/${STUDENT_ID}?week=2026-W48`);

    expect(await screen.findByText("Сервис временно недоступен.")).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole("button", { name: "Повторить" }));
    expect(await screen.findByRole("region", { name: /Понедельник/ })).toBeInTheDocument();
  });
});
