import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { session } from "@/lib/auth";
import { jsonResponse, renderWithProviders } from "@/testing/render";

import { MainNav, markMostSpecific } from "./MainNav";

const ADMIN = {
  id: "1",
  last_name: "Кузнецов",
  first_name: "Павел",
  middle_name: "Игоревич",
  phone: "+79000000203",
  email: null,
  email_confirmed: false,
  roles: ["school_admin"],
  level: "confirmed",
  school_id: "s1",
  mfa: { sms: true, totp: false },
  created_at: "2026-11-28T10:00:00Z",
};

afterEach(() => session.signOut());

describe("the main navigation", () => {
  it("shows a visitor the general links and no «Ещё»", () => {
    renderWithProviders(<MainNav onNavigate={() => undefined} />, { route: "/" });

    const nav = screen.getByRole("navigation", { name: "Основная навигация" });
    expect(within(nav).getAllByRole("link").map((a) => a.textContent)).toEqual([
      "Главная",
      "Услуги",
      "Состояние сервиса",
    ]);
    expect(within(nav).queryByRole("button", { name: "Ещё" })).not.toBeInTheDocument();
  });

  it("puts a signed-in user's own sections first and the rest under «Ещё»", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => jsonResponse(ADMIN)));
    session.signIn({ access_token: "t", expires_in: 900 });
    renderWithProviders(<MainNav onNavigate={() => undefined} />, { route: "/status" });

    const nav = screen.getByRole("navigation", { name: "Основная навигация" });
    const more = await within(nav).findByRole("button", { name: "Ещё" });
    // The invisible copy the row is measured on holds no links.
    expect(within(nav).getAllByRole("link", { name: "Журнал" })).toHaveLength(1);
    expect(more).toHaveAttribute("aria-expanded", "false");
    expect(more).toHaveAttribute("data-current", "true");
    const list = document.getElementById(more.getAttribute("aria-controls")!)!;
    expect(within(list).getAllByRole("link").map((a) => a.textContent)).toEqual([
      "Главная",
      "Услуги",
      "Состояние сервиса",
    ]);

    await userEvent.click(more);
    expect(more).toHaveAttribute("aria-expanded", "true");
    await userEvent.keyboard("{Escape}");
    expect(more).toHaveAttribute("aria-expanded", "false");
    expect(more).toHaveFocus();
  });

  it("puts a school admin's review queue first, where it stays out of «Ещё»", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => jsonResponse(ADMIN)));
    session.signIn({ access_token: "t", expires_in: 900 });
    renderWithProviders(<MainNav onNavigate={() => undefined} />, { route: "/" });

    const nav = screen.getByRole("navigation", { name: "Основная навигация" });
    await within(nav).findByRole("link", { name: "Журнал" });
    const row = nav.querySelector(".main-nav__list")!;
    const labels = [...row.querySelectorAll(":scope > li > a")].map((a) => a.textContent);
    expect(labels[0]).toBe("Заявления школы");
  });
});

describe("markMostSpecific", () => {
  const items = [
    { to: "/teach", label: "Журнал" },
    { to: "/teach/absence-notes", label: "Объяснительные" },
    { to: "/school/timetable", label: "Расписание" },
  ];

  it("leaves only the most specific of nested links matching sub-paths", () => {
    const marked = markMostSpecific(items, "/teach/absence-notes");
    expect(marked.map((item) => Boolean(item.end))).toEqual([true, false, true]);
  });

  it("keeps the parent link current on its own sub-pages", () => {
    const marked = markMostSpecific(items, "/teach/lessons/42");
    expect(marked[0]).toEqual(items[0]);
  });
});
