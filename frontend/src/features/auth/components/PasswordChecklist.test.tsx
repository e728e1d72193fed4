import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { PasswordChecklist } from "./PasswordChecklist";

describe("<PasswordChecklist>", () => {
  it("says which rules are met, in words a screen reader reads too", () => {
    render(<PasswordChecklist id="rules" password="зима-снег" />);
    const items = screen.getAllByRole("listitem").map((li) => li.textContent);
    expect(items).toEqual([
      "не меньше 12 символов — не выполнено",
      "заглавные и строчные буквы — не выполнено",
      "хотя бы одну цифру — не выполнено",
      "хотя бы один знак, например ! ? % # _ — выполнено",
    ]);
  });

  it("ticks every rule for a good password", () => {
    const { container } = render(<PasswordChecklist id="rules" password="Зима-2026!Снег" />);
    expect(container.querySelectorAll(".checklist__item--ok")).toHaveLength(4);
  });
});
