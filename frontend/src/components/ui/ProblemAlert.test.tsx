import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { ApiProblem } from "@/lib/problem";
import { renderWithProviders } from "@/testing/render";

import { ProblemAlert } from "./ProblemAlert";

const problem = (status: number, detail: string | null) =>
  new ApiProblem(status, {
    type: "urn:edudiary:problem:x",
    title: "Ошибка",
    status,
    ...(detail ? { detail } : {}),
    code: "x",
    errors: [],
    request_id: "9f86d081884c7d65",
  });

describe("ProblemAlert", () => {
  it("shows a parent the server's words for a wrong password, without a hex request id", () => {
    renderWithProviders(<ProblemAlert error={problem(401, "Неверный логин или пароль")} />);
    expect(screen.getByRole("alert")).toHaveTextContent("Неверный логин или пароль");
    expect(screen.queryByText(/Код запроса для службы поддержки/)).not.toBeInTheDocument();
  });

  it("keeps the request id for a server failure, for support", () => {
    renderWithProviders(<ProblemAlert error={problem(500, "Внутренняя ошибка сервера")} />);
    expect(screen.getByText("Код запроса для службы поддержки: 9f86d081884c7d65")).toBeInTheDocument();
  });
});
