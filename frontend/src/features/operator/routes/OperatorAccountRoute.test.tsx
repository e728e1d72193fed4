import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";

import { session } from "@/lib/auth";
import { jsonResponse, renderWithProviders } from "@/testing/render";

import OperatorAccountRoute from "./OperatorAccountRoute";

const ACCOUNT = {
  id: "a9ee93aa-8152-4c34-98d2-5cb8580a1a71",
  last_name: "Кузнецова",
  first_name: "Ирина",
  middle_name: "Павловна",
  phone: "+79854720355",
  email: null,
  level: "standard",
  status: "active",
  created_at: "2026-11-28T21:00:00Z",
  snils: "***-***-209 16",
  passport: "45 ** ***024",
  registry_status: "verified",
  registry_message: "Локальная проверка пройдена.",
  confirmations: [],
  documents: [],
};

afterEach(() => session.signOut());

describe("the operator's account card", () => {
  it("shows masked data, issues a confirmation code once and confirms the identity", async () => {
    const calls: string[] = [];
    let level = "standard";
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        const path = new URL(request.url).pathname;
        calls.push(`${request.method} ${path}`);
        if (request.method === "GET") return jsonResponse({ ...ACCOUNT, level });
        if (path.endsWith("/confirmation-code")) return jsonResponse({ code: "DR3D-7WGW", expires_at: "2026-12-28T21:59:10Z" }, { status: 201 });
        if (path.endsWith("/confirm")) {
          level = "confirmed";
          return jsonResponse({ account_id: ACCOUNT.id, level, method: "video", confirmed_at: "2026-11-28T22:00:00Z" });
        }
        throw new Error(path);
      }),
    );
    session.signIn({ access_token: "t", expires_in: 900 });
    renderWithProviders(
      <Routes>
        <Route path="/operator/accounts/:accountId" element={<OperatorAccountRoute />} />
      </Routes>,
      { route: `/operator/accounts/${ACCOUNT.id}` },
    );

    expect(await screen.findByRole("heading", { level: 1, name: "Кузнецова Ирина Павловна" })).toBeInTheDocument();
    expect(screen.getByText("***-***-209 16")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Выдать код подтверждения" }));
    expect(await screen.findByText("DR3D-7WGW")).toBeInTheDocument();
    expect(screen.getByText(/Код показывается один раз/)).toBeInTheDocument();

    await userEvent.click(screen.getByLabelText("По видеосвязи"));
    await userEvent.type(screen.getByLabelText(/Примечание/), "Обращение 17");
    await userEvent.click(screen.getByRole("button", { name: "Подтвердить личность" }));
    expect(await screen.findByText("Учётная запись подтверждена.")).toBeInTheDocument();
    expect(calls).toContain(`POST /api/v1/operator/accounts/${ACCOUNT.id}/confirm`);
  });
});
