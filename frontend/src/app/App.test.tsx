import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { ACCESSIBILITY_CLASS } from "@/lib/accessibility-mode";
import { LANGUAGE_STORAGE_KEY } from "@/lib/i18n";
import { jsonResponse, renderWithProviders } from "@/testing/render";

import { AppRoutes } from "./router";

describe("the app shell", () => {
  it("has a skip link, a banner, a named navigation, main content and a footer", async () => {
    renderWithProviders(<AppRoutes />, { route: "/" });

    expect(
      await screen.findByRole("heading", { level: 1, name: "Электронный дневник школьника" }),
    ).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Перейти к основному содержанию" })).toHaveAttribute(
      "href",
      "#main-content",
    );
    expect(screen.getByRole("banner")).toHaveTextContent("Электронный дневник");
    const nav = screen.getByRole("navigation", { name: "Основная навигация" });
    expect(within(nav).getByRole("link", { name: "Главная" })).toHaveAttribute("aria-current", "page");
    expect(within(nav).getByRole("link", { name: "Состояние сервиса" })).toHaveAttribute("href", "/status");
    expect(screen.getByRole("main")).toHaveAttribute("id", "main-content");
    expect(screen.getByRole("contentinfo")).toHaveTextContent("edudiary — открытое ПО");
  });

  it("answers an unknown address with «Страница не найдена» and a way home", async () => {
    renderWithProviders(<AppRoutes />, { route: "/nope/deep" });

    expect(
      await screen.findByRole("heading", { level: 1, name: "Страница не найдена" }),
    ).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Перейти на главную" })).toHaveAttribute("href", "/");
  });

  it("switches to English, remembers the choice and updates <html lang>", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => jsonResponse({})));
    renderWithProviders(<AppRoutes />, { route: "/" });
    await screen.findByRole("heading", { level: 1 });

    await userEvent.click(screen.getByRole("button", { name: "English" }));

    expect(
      await screen.findByRole("heading", { level: 1, name: "The electronic school diary" }),
    ).toBeInTheDocument();
    expect(document.documentElement.lang).toBe("en");
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe("en");
    expect(screen.queryByRole("button", { name: "English" })).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Русский" }));
    expect(
      await screen.findByRole("heading", { level: 1, name: "Электронный дневник школьника" }),
    ).toBeInTheDocument();
    expect(document.documentElement.lang).toBe("ru");
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe("ru");
  });

  it("turns the large-font, high-contrast mode on and off and remembers it", async () => {
    renderWithProviders(<AppRoutes />, { route: "/" });
    const toggle = await screen.findByRole("button", { name: "Версия для слабовидящих" });

    await userEvent.click(toggle);
    expect(document.documentElement).toHaveClass(ACCESSIBILITY_CLASS);
    expect(toggle).toHaveAttribute("aria-pressed", "true");
    expect(window.localStorage.getItem("edudiary.a11y-mode")).toBe("on");

    await userEvent.click(toggle);
    expect(document.documentElement).not.toHaveClass(ACCESSIBILITY_CLASS);
    expect(window.localStorage.getItem("edudiary.a11y-mode")).toBeNull();
  });

  it("opens and closes the phone menu", async () => {
    renderWithProviders(<AppRoutes />, { route: "/" });
    const menu = await screen.findByRole("button", { name: "Меню" });
    expect(menu).toHaveAttribute("aria-expanded", "false");

    await userEvent.click(menu);
    expect(menu).toHaveAttribute("aria-expanded", "true");

    await userEvent.keyboard("{Escape}");
    expect(menu).toHaveAttribute("aria-expanded", "false");

    await userEvent.click(menu);
    await userEvent.click(screen.getByRole("link", { name: "Состояние сервиса" }));
    expect(menu).toHaveAttribute("aria-expanded", "false");
  });
});
