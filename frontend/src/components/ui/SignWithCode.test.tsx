import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { jsonResponse, renderWithProviders } from "@/testing/render";

import { SignWithCode, type Signature } from "./SignWithCode";

type Handler = (request: Request) => Response | Promise<Response>;

const CHALLENGE = "9b7c1a52-2f41-4c1e-9a77-0d6c2c1f0a01";
const PLAN = "5d1e7f0a-3c2b-4a19-8f6e-1b2c3d4e5f60";

/** The server, one answer (or a list, one per call) per "METHOD /path"; every body is kept. */
function mockApi(routes: Record<string, Handler | Handler[]>) {
  const seen: Record<string, number> = {};
  const bodies: Record<string, unknown[]> = {};
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const key = `${request.method} ${new URL(request.url).pathname}`;
      const entry = routes[key];
      if (!entry) throw new Error(`unexpected ${key}`);
      const text = await request.clone().text();
      (bodies[key] ??= []).push(text ? JSON.parse(text) : null);
      const n = (seen[key] = (seen[key] ?? 0) + 1);
      const handler = Array.isArray(entry) ? entry[Math.min(n, entry.length) - 1]! : entry;
      return handler(request);
    }),
  );
  return { calls: (key: string) => seen[key] ?? 0, bodies: (key: string) => bodies[key] ?? [] };
}

const challenge = (resendInMs: number) =>
  jsonResponse(
    {
      challenge_id: CHALLENGE,
      sms_sent_to: "+7 *** ***-**-67",
      code_expires_at: new Date(Date.now() + 300_000).toISOString(),
      resend_available_at: new Date(Date.now() + resendInMs).toISOString(),
      document_sha256: "a".repeat(64),
    },
    { status: 201 },
  );

const problem = (status: number, code: string, detail: string, onCode = false) =>
  jsonResponse(
    {
      type: `urn:edudiary:problem:${code}`,
      title: status === 422 ? "Проверьте введённые данные" : "Слишком много запросов",
      status,
      detail,
      code,
      errors: onCode ? [{ field: "code", code, message: detail }] : [],
    },
    { status, headers: { "Content-Type": "application/problem+json" } },
  );

const SIGNED: Signature = {
  id: "0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f",
  signed_at: "2026-12-07T09:00:00Z",
  signer_name: "Иванова Мария Петровна",
  document_sha256: "a".repeat(64),
};

const START = "POST /api/v1/signatures";
const CONFIRM = `POST /api/v1/signatures/${CHALLENGE}/confirm`;
const RESEND = `POST /api/v1/signatures/${CHALLENGE}/resend`;

function renderForm(onSigned = vi.fn()) {
  renderWithProviders(<SignWithCode subjectType="learning_plan" subjectId={PLAN} onSigned={onSigned} />);
  return onSigned;
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("SignWithCode, the SMS-code signing form", () => {
  it("asks for a code for the subject, says where it went and signs with the six digits typed", async () => {
    const api = mockApi({ [START]: () => challenge(60_000), [CONFIRM]: () => jsonResponse(SIGNED, { status: 201 }) });
    const onSigned = renderForm();

    await userEvent.click(screen.getByRole("button", { name: "Подписать" }));
    // The masked number never breaks across lines: no-break spaces and hyphens (toHaveTextContent
    // would fold the spaces, so the text is compared as it is).
    expect((await screen.findByRole("status")).textContent).toBe(
      "Код подтверждения отправлен на номер +7\u00a0***\u00a0***\u2011**\u201167.",
    );
    expect(api.bodies(START)).toEqual([{ subject_type: "learning_plan", subject_id: PLAN }]);
    const field = screen.getByLabelText("Код из СМС");
    expect(field).toHaveAttribute("autocomplete", "one-time-code");
    expect(field).toHaveAttribute("inputmode", "numeric");
    expect(field).toHaveFocus();

    // Whatever is typed or pasted, only digits stay, at most six.
    await userEvent.type(field, "12-34 5678");
    expect(field).toHaveValue("123456");
    await userEvent.click(screen.getByRole("button", { name: "Подтвердить подпись" }));

    await vi.waitFor(() => expect(onSigned).toHaveBeenCalledWith(SIGNED));
    expect(api.bodies(CONFIRM)).toEqual([{ code: "123456" }]);
    // The form gives way to the button again: the code is spent.
    expect(screen.queryByLabelText("Код из СМС")).not.toBeInTheDocument();
  });

  it("says in Russian what is wrong: too few digits (no request), then the server's words under the field", async () => {
    const api = mockApi({
      [START]: () => challenge(60_000),
      [CONFIRM]: [
        () => problem(422, "code_invalid", "Неверный код. Проверьте код из сообщения и попробуйте ещё раз.", true),
        () =>
          problem(
            422,
            "code_attempts_exceeded",
            "Код введён неверно слишком много раз и больше не действует. Запросите новый код.",
            true,
          ),
      ],
    });
    const onSigned = renderForm();
    await userEvent.click(screen.getByRole("button", { name: "Подписать" }));
    const field = await screen.findByLabelText("Код из СМС");

    await userEvent.type(field, "123");
    await userEvent.click(screen.getByRole("button", { name: "Подтвердить подпись" }));
    expect(await screen.findByText("Введите 6 цифр из СМС")).toBeInTheDocument();
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(api.calls(CONFIRM)).toBe(0);

    // Typing again clears the error.
    await userEvent.type(field, "456");
    expect(screen.queryByText("Введите 6 цифр из СМС")).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Подтвердить подпись" }));
    expect(await screen.findByText("Неверный код. Проверьте код из сообщения и попробуйте ещё раз.")).toBeInTheDocument();
    expect(field).toHaveAttribute("aria-invalid", "true");

    await userEvent.clear(field);
    await userEvent.type(field, "654321");
    await userEvent.click(screen.getByRole("button", { name: "Подтвердить подпись" }));
    expect(
      await screen.findByText("Код введён неверно слишком много раз и больше не действует. Запросите новый код."),
    ).toBeInTheDocument();
    expect(api.calls(CONFIRM)).toBe(2);
    expect(onSigned).not.toHaveBeenCalled();
  });

  it("shows a refusal to send the code (403 role_required) in the server's Russian words", async () => {
    mockApi({
      [START]: () =>
        jsonResponse(
          {
            type: "urn:edudiary:problem:role_required",
            title: "Доступ запрещён",
            status: 403,
            detail: "Нельзя подписать план: это может сделать только родитель ученика",
            code: "role_required",
            errors: [],
          },
          { status: 403, headers: { "Content-Type": "application/problem+json" } },
        ),
    });
    renderForm();
    await userEvent.click(screen.getByRole("button", { name: "Подписать" }));
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByText("Не удалось отправить код")).toBeInTheDocument();
    expect(alert).toHaveTextContent("Нельзя подписать план: это может сделать только родитель ученика");
    expect(screen.queryByLabelText("Код из СМС")).not.toBeInTheDocument();
  });

  it("offers another code only after the cooldown the server gave, counting down, and restarts it", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ["Date", "setInterval", "clearInterval", "setTimeout", "clearTimeout"] });
    const api = mockApi({ [START]: () => challenge(60_000), [RESEND]: () => challenge(60_000) });
    renderForm();
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    await user.click(screen.getByRole("button", { name: "Подписать" }));

    expect(await screen.findByText(/Новый код можно запросить через (1:00|0:59)/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Отправить код ещё раз" })).not.toBeInTheDocument();
    await act(async () => {
      vi.advanceTimersByTime(30_000);
    });
    expect(screen.getByText(/Новый код можно запросить через 0:(30|29)/)).toBeInTheDocument();
    await act(async () => {
      vi.advanceTimersByTime(31_000);
    });
    await user.click(await screen.findByRole("button", { name: "Отправить код ещё раз" }));
    expect(api.calls(RESEND)).toBe(1);
    // The new code starts a new minute: the link is gone again.
    expect(await screen.findByText(/Новый код можно запросить через (1:00|0:59)/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Отправить код ещё раз" })).not.toBeInTheDocument();
  });

  it("says why another code is refused (429 code_resend_cooldown) and keeps the code field", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ["Date", "setInterval", "clearInterval", "setTimeout", "clearTimeout"] });
    mockApi({
      [START]: () => challenge(0),
      [RESEND]: () => problem(429, "code_resend_cooldown", "Новый код можно запросить через 41 с."),
    });
    renderForm();
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    await user.click(screen.getByRole("button", { name: "Подписать" }));
    await user.click(await screen.findByRole("button", { name: "Отправить код ещё раз" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Новый код можно запросить через 41 с.");
    expect(screen.getByLabelText("Код из СМС")).toBeInTheDocument();
  });
});
