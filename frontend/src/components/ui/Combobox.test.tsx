import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it, vi } from "vitest";

import { i18n } from "@/lib/i18n";

import { Combobox } from "./Combobox";

const SCHOOLS = [
  { id: "1", name: "Гимназия № 177" },
  { id: "2", name: "Школа № 2107" },
  { id: "3", name: "Лицей № 41" },
];

function Harness({ onSelect, onEnterText }: { onSelect: (id: string) => void; onEnterText?: (text: string) => void }) {
  const [text, setText] = useState("");
  const options = text.trim() ? SCHOOLS : [];
  return (
    <I18nextProvider i18n={i18n}>
      <Combobox
        label="Школа"
        name="school_id"
        inputValue={text}
        onInputChange={setText}
        options={options}
        getKey={(s) => s.id}
        renderOption={(s) => s.name}
        onSelect={(s) => {
          setText(s.name);
          onSelect(s.id);
        }}
        onEnterText={onEnterText}
        status={options.length ? `Найдено: ${options.length}` : null}
        empty="Ничего не найдено"
      />
    </I18nextProvider>
  );
}

describe("the combobox", () => {
  it("opens as you type and moves the highlight with the arrows, focus staying in the input", async () => {
    const user = userEvent.setup();
    render(<Harness onSelect={() => undefined} />);
    const input = screen.getByRole("combobox", { name: "Школа" });
    expect(input).toHaveAttribute("aria-expanded", "false");
    expect(input).toHaveAttribute("aria-autocomplete", "list");

    await user.type(input, "ш");
    expect(input).toHaveAttribute("aria-expanded", "true");
    const listbox = screen.getByRole("listbox", { name: "Школа" });
    expect(input).toHaveAttribute("aria-controls", listbox.id);
    // Nothing is highlighted until the user moves.
    expect(input).not.toHaveAttribute("aria-activedescendant");
    expect(screen.getByRole("status")).toHaveTextContent("Найдено: 3");

    await user.keyboard("{ArrowDown}");
    const options = screen.getAllByRole("option");
    expect(input).toHaveAttribute("aria-activedescendant", options[0]!.id);
    expect(options[0]).toHaveAttribute("aria-selected", "true");
    expect(options[1]).toHaveAttribute("aria-selected", "false");

    await user.keyboard("{ArrowDown}{ArrowDown}");
    expect(input).toHaveAttribute("aria-activedescendant", options[2]!.id);
    // Wraps around at the ends.
    await user.keyboard("{ArrowDown}");
    expect(input).toHaveAttribute("aria-activedescendant", options[0]!.id);
    await user.keyboard("{ArrowUp}");
    expect(input).toHaveAttribute("aria-activedescendant", options[2]!.id);
    expect(input).toHaveFocus();
  });

  it("takes the highlighted option with Enter and closes", async () => {
    const user = userEvent.setup();
    const onSelect = vi.fn();
    render(<Harness onSelect={onSelect} />);
    const input = screen.getByRole("combobox", { name: "Школа" });
    await user.type(input, "шк");
    await user.keyboard("{ArrowDown}{ArrowDown}{Enter}");
    expect(onSelect).toHaveBeenCalledWith("2");
    expect(input).toHaveValue("Школа № 2107");
    expect(input).toHaveAttribute("aria-expanded", "false");
    expect(input).not.toHaveAttribute("aria-activedescendant");
  });

  it("does not take a half-typed text for a choice: Enter without a highlight does nothing", async () => {
    const user = userEvent.setup();
    const onSelect = vi.fn();
    render(<Harness onSelect={onSelect} />);
    await user.type(screen.getByRole("combobox"), "гимн{Enter}");
    expect(onSelect).not.toHaveBeenCalled();
  });

  it("hands the text to onEnterText when there is one (a search form)", async () => {
    const user = userEvent.setup();
    const onEnterText = vi.fn();
    render(<Harness onSelect={() => undefined} onEnterText={onEnterText} />);
    await user.type(screen.getByRole("combobox"), "дневник{Enter}");
    expect(onEnterText).toHaveBeenCalledWith("дневник");
  });

  it("closes with Escape, and a second Escape clears the text", async () => {
    const user = userEvent.setup();
    render(<Harness onSelect={() => undefined} />);
    const input = screen.getByRole("combobox");
    await user.type(input, "лиц");
    await user.keyboard("{ArrowDown}{Escape}");
    expect(input).toHaveAttribute("aria-expanded", "false");
    expect(input).not.toHaveAttribute("aria-activedescendant");
    expect(input).toHaveValue("лиц");
    await user.keyboard("{Escape}");
    expect(input).toHaveValue("");
  });

  it("reopens with ↓ after closing, and works with the mouse", async () => {
    const user = userEvent.setup();
    const onSelect = vi.fn();
    render(<Harness onSelect={onSelect} />);
    const input = screen.getByRole("combobox");
    await user.type(input, "л{Escape}");
    await user.keyboard("{ArrowDown}");
    expect(input).toHaveAttribute("aria-expanded", "true");
    await user.click(screen.getByRole("option", { name: "Лицей № 41" }));
    expect(onSelect).toHaveBeenCalledWith("3");
  });
});
