import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { renderWithProviders } from "@/testing/render";

import type { MyStudent } from "../api/types";
import { StudentHeader } from "./StudentHeader";

const PETR: MyStudent = {
  id: "s1",
  last_name: "Иванов",
  first_name: "Пётр",
  middle_name: "Сергеевич",
  school_class: { id: "c1", name: "9-Б" },
  school: { id: "sch", name: "Школа № 5" },
  relation: "guardian",
  archived_at: null,
};

describe("the diary's head for a child who left the school", () => {
  it("says the child left and when, in the right gender, and that the diary is read-only", () => {
    const left = { ...PETR, archived_at: "2026-12-07T09:00:00Z" };
    renderWithProviders(
      <StudentHeader title="Дневник" student={left} students={[left, { ...PETR, id: "s2", first_name: "Анна", middle_name: "Сергеевна" }]} section="week" />,
    );
    expect(
      screen.getByText("Иванов Пётр Сергеевич выбыл из школы 7 декабря 2026 г.: дневник доступен только для чтения."),
    ).toBeInTheDocument();
    expect(screen.getByRole("link", { name: /Пётр/ })).toHaveTextContent("выбыл(а)");
    expect(screen.getByRole("link", { name: /Анна/ })).toHaveTextContent("9-Б");
  });

  it("shows no note for a pupil at school", () => {
    renderWithProviders(<StudentHeader title="Дневник" student={PETR} students={[PETR]} section="week" />);
    expect(screen.queryByText(/выбыл/)).not.toBeInTheDocument();
  });
});
