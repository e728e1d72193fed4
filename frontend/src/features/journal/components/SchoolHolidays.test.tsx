import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { jsonResponse, renderWithProviders } from "@/testing/render";

import { SchoolHolidays } from "./SchoolHolidays";

describe("the school's holidays", () => {
  it("lists them and adds a quarantine for one class", async () => {
    const posted: unknown[] = [];
    const listed = [{ id: "h1", name: "Осенние каникулы", starts_on: "2026-10-26", ends_on: "2026-11-02", school_class: null }];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        if (request.method === "POST") {
          const body = await request.json();
          posted.push(body);
          return jsonResponse({ id: "h2", name: "Карантин", starts_on: "2026-11-05", ends_on: "2026-11-06", school_class: { id: "c1", name: "9-Б" } }, { status: 201 });
        }
        return jsonResponse(listed);
      }),
    );
    renderWithProviders(<SchoolHolidays classes={[{ id: "c1", name: "9-Б" } as never]} />);

    expect(await screen.findByText("Осенние каникулы")).toBeInTheDocument();
    expect(screen.getByText(/26 октября 2026 г\. – 2 ноября 2026 г\. · вся школа/)).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("Название"), "Карантин");
    await userEvent.type(screen.getByRole("textbox", { name: /Первый день/ }), "05112026");
    await userEvent.type(screen.getByRole("textbox", { name: /Последний день/ }), "06112026");
    await userEvent.selectOptions(screen.getByLabelText("Для кого"), "9-Б");
    await userEvent.click(screen.getByRole("button", { name: "Добавить" }));

    await waitFor(() =>
      expect(posted).toEqual([{ name: "Карантин", starts_on: "2026-11-05", ends_on: "2026-11-06", class_id: "c1" }]),
    );
  });
});
