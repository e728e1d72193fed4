import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { jsonResponse, renderWithProviders } from "@/testing/render";

import { ReminderTime } from "./ReminderTime";

describe("the reminder time", () => {
  it("shows 18:00 until chosen, refuses a non-time and saves HH:MM", async () => {
    const sent: unknown[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        if (request.method === "PUT") {
          const body = (await request.json()) as { time: string };
          sent.push(body);
          return jsonResponse({ time: body.time, default: false });
        }
        return jsonResponse({ time: "18:00", default: true });
      }),
    );
    renderWithProviders(<ReminderTime />);
    const input = await screen.findByLabelText("Напоминать накануне в");
    expect(input).toHaveValue("18:00");

    await userEvent.clear(input);
    await userEvent.type(input, "7:30");
    await userEvent.click(screen.getByRole("button", { name: "Сохранить время" }));
    expect(await screen.findByText("Укажите время в формате ЧЧ:ММ, например 18:00")).toBeInTheDocument();
    expect(sent).toEqual([]);

    await userEvent.clear(input);
    await userEvent.type(input, "07:30");
    await userEvent.click(screen.getByRole("button", { name: "Сохранить время" }));
    expect(await screen.findByText("Сохранено: напоминания будут приходить накануне в 07:30.")).toBeInTheDocument();
    expect(sent).toEqual([{ time: "07:30" }]);
    expect(input).toHaveValue("07:30");
  });
});
