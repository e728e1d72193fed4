import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { jsonResponse, renderWithProviders } from "@/testing/render";

import { CalendarFeed } from "./CalendarFeed";
import { GradeHistory } from "./GradeHistory";
import { HomeworkThread } from "./HomeworkThread";

function serve(routes: Record<string, (request: Request) => Response | Promise<Response>>) {
  const calls: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      calls.push(`${request.method} ${url.pathname}`);
      const answer = routes[`${request.method} ${url.pathname}`];
      return answer ? answer(request) : jsonResponse({}, { status: 404 });
    }),
  );
  return calls;
}

describe("the family's places for history, comments and the calendar", () => {
  it("shows who corrected a grade, when opened", async () => {
    const calls = serve({
      "GET /api/v1/students/s1/grade-history": () =>
        jsonResponse({
          items: [
            {
              id: 2,
              grade_id: "g1",
              lesson_id: "l1",
              date: "2026-11-23",
              subject: { id: "alg", name: "Алгебра" },
              action: "changed",
              old_value: "3",
              new_value: "4",
              comment: null,
              changed_by: { id: "t1", name: "Соколова Анна Викторовна" },
              changed_at: "2026-11-24T07:00:00Z",
            },
          ],
          total: 1,
          limit: 100,
          offset: 0,
        }),
    });
    renderWithProviders(<GradeHistory studentId="s1" />);
    expect(calls).toEqual([]);

    await userEvent.click(screen.getByText("История изменений оценок"));

    expect(await screen.findByText("Алгебра, 23 ноября 2026 г.: исправлена: 3 → 4")).toBeInTheDocument();
    expect(screen.getByText(/Соколова Анна Викторовна, 24 ноября 2026 г\./)).toBeInTheDocument();
  });

  it("opens a homework's conversation and sends a message", async () => {
    const posted: unknown[] = [];
    const comment = { id: "c1", author: { id: "t1", name: "Соколова Анна Викторовна" }, body: "Жду тетрадь в пятницу", created_at: "2026-11-24T07:00:00Z" };
    serve({
      "GET /api/v1/students/s1/homework/h1/comments": () => jsonResponse([comment]),
      "POST /api/v1/students/s1/homework/h1/comments": async (request) => {
        posted.push(await request.json());
        return jsonResponse({ ...comment, id: "c2", body: "Хорошо" }, { status: 201 });
      },
    });
    renderWithProviders(<HomeworkThread studentId="s1" homeworkId="h1" count={1} />);

    await userEvent.click(screen.getByRole("button", { name: "Обсуждение (1 сообщение)" }));
    expect(await screen.findByText("Жду тетрадь в пятницу")).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("Сообщение учителю"), "Хорошо");
    await userEvent.click(screen.getByRole("button", { name: "Отправить" }));

    await waitFor(() => expect(posted).toEqual([{ body: "Хорошо" }]));
  });

  it("gives the calendar link for the phone's calendar", async () => {
    serve({ "GET /api/v1/me/calendar-feed": () => jsonResponse({ url: "https://school.example/api/v1/calendar/abc.ics" }) });
    renderWithProviders(<CalendarFeed />);

    await userEvent.click(screen.getByRole("button", { name: "Получить ссылку на календарь" }));

    expect(await screen.findByDisplayValue("https://school.example/api/v1/calendar/abc.ics")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Добавить в календарь" })).toHaveAttribute("href", "webcal://school.example/api/v1/calendar/abc.ics");
  });
});
