import { screen } from "@testing-library/react";
import { Route, Routes, useLocation } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";

import { session } from "@/lib/auth";
import { jsonResponse, renderWithProviders } from "@/testing/render";

import { RequireAuth, RequireRole } from "./guards";

function LoginProbe() {
  const location = useLocation();
  return <p>login page {location.search}</p>;
}

const ME = {
  id: "1",
  last_name: "Иванова",
  first_name: "Анна",
  middle_name: null,
  phone: "+79991234567",
  email: null,
  email_confirmed: false,
  roles: ["parent"],
  level: "simplified",
  school_id: null,
  mfa: { sms: true, totp: false },
  created_at: "2026-11-28T10:00:00Z",
};

function routes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginProbe />} />
      <Route element={<RequireAuth />}>
        <Route path="/children" element={<h1>Дети</h1>} />
        <Route element={<RequireRole roles={["operator"]} />}>
          <Route path="/operator" element={<h1>Оператор</h1>} />
        </Route>
      </Route>
    </Routes>
  );
}

afterEach(() => session.signOut());

describe("route guards", () => {
  it("send a signed-out visitor to /login with the way back", async () => {
    renderWithProviders(routes(), { route: "/children?tab=1" });
    expect(await screen.findByText("login page ?next=%2Fchildren%3Ftab%3D1")).toBeInTheDocument();
  });

  it("let a signed-in user through", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => jsonResponse(ME)));
    session.signIn({ access_token: "t", expires_in: 900 });
    renderWithProviders(routes(), { route: "/children" });
    expect(await screen.findByRole("heading", { name: "Дети" })).toBeInTheDocument();
  });

  it("tell a parent that the operator's desk is not for them", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => jsonResponse(ME)));
    session.signIn({ access_token: "t", expires_in: 900 });
    renderWithProviders(routes(), { route: "/operator" });
    expect(await screen.findByRole("heading", { name: "Нет доступа" })).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Оператор" })).not.toBeInTheDocument();
  });

  it("open the operator's desk to an operator", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => jsonResponse({ ...ME, roles: ["operator"] })));
    session.signIn({ access_token: "t", expires_in: 900 });
    renderWithProviders(routes(), { route: "/operator" });
    expect(await screen.findByRole("heading", { name: "Оператор" })).toBeInTheDocument();
  });
});
