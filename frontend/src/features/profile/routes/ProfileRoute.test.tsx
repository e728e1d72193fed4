import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { session } from "@/lib/auth";
import { jsonResponse, renderWithProviders } from "@/testing/render";

import ProfileRoute from "./ProfileRoute";

const ME = {
  id: "1",
  last_name: "Иванова",
  first_name: "Мария",
  middle_name: "Петровна",
  phone: "+79991234567",
  email: null,
  email_confirmed: false,
  roles: ["parent"],
  level: "simplified",
  school_id: null,
  mfa: { sms: true, totp: false },
  created_at: "2026-12-07T10:00:00Z",
};

function verification(level: string) {
  return {
    confirmation_method: null,
    confirmed_at: null,
    level,
    next_steps: [],
    passport: level === "simplified" ? null : "45 09 ******",
    registry_checked_at: null,
    registry_message: null,
    registry_status: "not_checked",
    snils: level === "simplified" ? null : "***-***-*** 01",
  };
}

function serve(level: string) {
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      if (path === "/api/v1/me") return jsonResponse({ ...ME, level });
      if (path === "/api/v1/me/verification") return jsonResponse(verification(level));
      return jsonResponse({ items: [], total: 0, limit: 50, offset: 0 });
    }),
  );
  session.signIn({ access_token: "t", expires_in: 900 });
}

afterEach(() => session.signOut());

describe("the profile after registration", () => {
  it("says the level is «Упрощённая» while it is", async () => {
    serve("simplified");
    renderWithProviders(<ProfileRoute />, { route: { pathname: "/profile", state: { notice: "registered" } } });
    expect(await screen.findByText(/Сейчас уровень учётной записи — «Упрощённая»/)).toBeInTheDocument();
  });

  it("drops the registration banner once the level has risen", async () => {
    serve("standard");
    renderWithProviders(<ProfileRoute />, { route: { pathname: "/profile", state: { notice: "registered" } } });
    expect(await screen.findByTestId("account-level")).toHaveTextContent("Стандартная");
    expect(screen.queryByText(/Сейчас уровень учётной записи — «Упрощённая»/)).not.toBeInTheDocument();
  });
});
