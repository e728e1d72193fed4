import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { describe, expect, it, vi } from "vitest";

import { renderWithProviders } from "@/testing/render";

import PasswordResetRoute from "./PasswordResetRoute";

describe("the password-reset link from the e-mail", () => {
  it("asks only for the new password and sends the link's id with the code", async () => {
    const bodies: unknown[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        bodies.push(await request.json());
        return new Response(null, { status: 204 });
      }),
    );
    renderWithProviders(
      <Routes>
        <Route path="/password/reset/confirm" element={<PasswordResetRoute />} />
        <Route path="/login" element={<h1>Вход</h1>} />
      </Routes>,
      { route: "/password/reset/confirm?link=6d3c1a52-4c1b-4f7e-9a55-0e7d2c3b9a10&code=abcDEF123_-xyz" },
    );

    expect(screen.getByText("Вы открыли ссылку из письма. Придумайте новый пароль.")).toBeInTheDocument();
    expect(screen.queryByRole("textbox", { name: /почт/i })).not.toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("Новый пароль"), "Снег-на-крыше-2026!");
    await userEvent.click(screen.getByRole("button", { name: "Сохранить новый пароль" }));

    expect(await screen.findByRole("heading", { name: "Вход" })).toBeInTheDocument();
    expect(bodies).toEqual([
      { link: "6d3c1a52-4c1b-4f7e-9a55-0e7d2c3b9a10", code: "abcDEF123_-xyz", new_password: "Снег-на-крыше-2026!" },
    ]);
  });
});
