import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { jsonResponse, renderWithProviders } from "@/testing/render";

import type { HomeworkOut, LessonOut } from "../api/types";
import { LessonHomework } from "./LessonHomework";

const LESSON = {
  id: "l1",
  date: "2026-11-23",
  number: 1,
  starts_at: "2026-11-23T08:30:00+03:00",
  ends_at: "2026-11-23T09:15:00+03:00",
  status: "scheduled",
  topic: null,
  room: "214",
  change_note: null,
  school_class: { id: "c1", name: "9-Б" },
  subject: { id: "alg", name: "Алгебра" },
  teacher: { id: "t1", name: "Соколова Анна" },
  substitute_teacher: null,
  original_date: null,
  students: [],
} as LessonOut;

const HOMEWORK: HomeworkOut = {
  id: "h1",
  lesson_id: "l1",
  lesson_date: "2026-11-23",
  subject: { id: "alg", name: "Алгебра" },
  teacher: { id: "t1", name: "Соколова Анна" },
  text: "§ 12, № 214–216",
  due_date: "2026-11-25",
  attachments: [],
  created_at: "2026-11-23T06:00:00Z",
};

function problem(field: string, message: string) {
  return jsonResponse(
    { type: "about:blank", title: "Проверьте введённые данные", status: 422, detail: message, code: "due_date_before_lesson", request_id: null, errors: [{ field, code: "x", message }] },
    { status: 422, headers: { "Content-Type": "application/problem+json" } },
  );
}

function serve(answer?: (method: string, body: unknown) => Response | undefined) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      const body = request.method === "PATCH" ? await request.clone().json() : null;
      calls.push({ method: request.method, path, body });
      const custom = answer?.(request.method, body);
      if (custom) return custom;
      if (request.method === "GET") return jsonResponse({ items: [HOMEWORK], total: 1, limit: 100, offset: 0 });
      if (request.method === "PATCH") return jsonResponse({ ...HOMEWORK, ...(body as object) });
      if (request.method === "DELETE") return new Response(null, { status: 204 });
      return jsonResponse({}, { status: 404 });
    }),
  );
  return calls;
}

describe("the lesson's homework", () => {
  it("corrects a homework inline; a server error lands on its field and keeps what was typed", async () => {
    let reject = true;
    const calls = serve((method) => {
      if (method === "PATCH" && reject) {
        reject = false;
        return problem("due_date", "Срок сдачи не может быть раньше урока");
      }
      return undefined;
    });
    renderWithProviders(<LessonHomework lesson={LESSON} />);

    await userEvent.click(await screen.findByRole("button", { name: "Изменить задание к\u00a025 ноября 2026\u00a0г." }));
    const form = screen.getByRole("form", { name: "Изменение домашнего задания" });
    const text = within(form).getByLabelText("Задание");
    expect(text).toHaveValue("§ 12, № 214–216");
    expect(text).toHaveFocus();
    await userEvent.clear(text);
    await userEvent.type(text, "§ 13");
    await userEvent.click(within(form).getByRole("button", { name: "Сохранить" }));

    const due = await within(form).findByLabelText(/Срок сдачи/);
    expect(await within(form).findByText("Срок сдачи не может быть раньше урока")).toBeInTheDocument();
    expect(due).toHaveAttribute("aria-invalid", "true");
    await waitFor(() => expect(due).toHaveFocus());
    expect(within(form).getByLabelText("Задание")).toHaveValue("§ 13");
    expect(calls.filter((c) => c.method === "PATCH").map((c) => c.body)).toEqual([{ text: "§ 13" }]);

    await userEvent.click(within(form).getByRole("button", { name: "Сохранить" }));

    expect(await screen.findByText("§ 13")).toBeInTheDocument();
    expect(screen.queryByRole("form")).not.toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("Задание изменено");
    await waitFor(() => expect(screen.getByRole("button", { name: /^Изменить задание/ })).toHaveFocus());
  });

  it("cancelling sends nothing and shows the homework as it was", async () => {
    const calls = serve();
    renderWithProviders(<LessonHomework lesson={LESSON} />);

    await userEvent.click(await screen.findByRole("button", { name: /^Изменить задание/ }));
    await userEvent.type(screen.getByLabelText("Задание"), " и № 217");
    await userEvent.click(screen.getByRole("button", { name: "Отмена" }));

    expect(screen.getByText("§ 12, № 214–216")).toBeInTheDocument();
    expect(calls.map((c) => c.method)).toEqual(["GET"]);
  });

  it("deletes after a confirmation", async () => {
    const calls = serve();
    renderWithProviders(<LessonHomework lesson={LESSON} />);

    await userEvent.click(await screen.findByRole("button", { name: "Удалить задание к\u00a025 ноября 2026\u00a0г." }));
    const dialog = await screen.findByRole("dialog", { name: "Удалить домашнее задание?" });
    expect(calls.map((c) => c.method)).toEqual(["GET"]);
    await userEvent.click(within(dialog).getByRole("button", { name: "Удалить" }));

    await waitFor(() => expect(screen.queryByText("§ 12, № 214–216")).not.toBeInTheDocument());
    expect(calls.find((c) => c.method === "DELETE")?.path).toBe("/api/v1/homework/h1");
    expect(screen.getByText("К этому уроку заданий пока нет.")).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("Задание удалено");
  });
});
