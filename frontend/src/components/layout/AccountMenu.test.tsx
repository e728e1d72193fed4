import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { session } from "@/lib/auth";
import { storageHint } from "@/lib/auth/session";
import { renderWithProviders } from "@/testing/render";

import { AccountMenu } from "./AccountMenu";

afterEach(() => {
  vi.unstubAllGlobals();
  session.signOut();
});

describe("the header's account entry", () => {
  it("offers a visitor «Войти» and «Регистрация»", () => {
    renderWithProviders(<AccountMenu />);
    expect(screen.getByRole("link", { name: "Войти" })).toHaveAttribute("href", "/login");
    expect(screen.getByRole("link", { name: "Регистрация" })).toHaveAttribute("href", "/register");
  });

  it("does not tell a signed-in parent who lost the connection to log in", async () => {
    // A session this browser holds (the hint), and the refresh that would continue it
    // failing on the network, as offline.
    storageHint.write(true);
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => {
        throw new TypeError("Failed to fetch");
      }),
    );
    await session.bootstrap();
    expect(session.snapshot().status).toBe("error");

    renderWithProviders(<AccountMenu />);
    expect(screen.queryByRole("link", { name: "Войти" })).not.toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Регистрация" })).not.toBeInTheDocument();
  });
});
