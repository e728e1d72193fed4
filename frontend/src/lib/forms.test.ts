import { describe, expect, it } from "vitest";

import { mapProblem } from "./forms";
import { ApiProblem } from "./problem";

function problem(errors: { field: string; code: string; message: string }[], detail = "Проверьте введённые данные") {
  return new ApiProblem(422, {
    type: "urn:edudiary:problem:validation_failed",
    title: "Проверьте введённые данные",
    status: 422,
    detail,
    code: "validation_failed",
    request_id: "req-1",
    errors,
  });
}

describe("problem+json → form fields", () => {
  it("puts each server field error on the form field of the same name", () => {
    const error = problem([
      { field: "phone", code: "phone_not_russian", message: "Некорректный номер телефона: укажите номер российского оператора" },
      { field: "last_name", code: "name_format", message: "Фамилия: только русские буквы" },
    ]);
    const mapped = mapProblem(error, ["phone", "lastName"] as const, { last_name: "lastName" });
    expect(mapped.fields).toEqual({
      phone: "Некорректный номер телефона: укажите номер российского оператора",
      lastName: "Фамилия: только русские буквы",
    });
    expect(mapped.general).toBeNull();
  });

  it("maps nested paths exactly, then by their longest mapped prefix", () => {
    const error = problem([
      { field: "birth_certificate.issued_at", code: "date", message: "Дата выдачи не может быть раньше рождения" },
      { field: "birth_certificate.series_number", code: "format", message: "Некорректная серия" },
      { field: "birth_certificate", code: "birth_certificate_required", message: "Укажите серию и номер" },
    ]);
    const mapped = mapProblem(error, ["certificate", "issuedAt"] as const, {
      birth_certificate: "certificate",
      "birth_certificate.issued_at": "issuedAt",
    });
    expect(mapped.fields).toEqual({
      issuedAt: "Дата выдачи не может быть раньше рождения",
      certificate: "Некорректная серия", // the first message for a field wins
    });
  });

  it("falls back to the last segment of a path when it names a form field", () => {
    const error = problem([{ field: "child.snils", code: "snils_checksum", message: "Неверное контрольное число СНИЛС" }]);
    expect(mapProblem(error, ["snils"] as const).fields).toEqual({ snils: "Неверное контрольное число СНИЛС" });
  });

  it("keeps what belongs to no field as the general message", () => {
    const error = problem([{ field: "body", code: "json_invalid", message: "Некорректный JSON" }]);
    const mapped = mapProblem(error, ["phone"] as const);
    expect(mapped.fields).toEqual({});
    expect(mapped.general).toBe("Некорректный JSON");
  });

  it("uses the problem's detail when it has no field errors (a 423 lock, a 409)", () => {
    const locked = new ApiProblem(423, {
      type: "urn:edudiary:problem:login_locked",
      title: "Учётная запись заблокирована",
      status: 423,
      detail: "Слишком много неудачных попыток входа. Вход временно заблокирован, повторите через 2 мин.",
      code: "login_locked",
      errors: [],
    });
    expect(mapProblem(locked, ["login", "password"] as const)).toEqual({
      fields: {},
      general: "Слишком много неудачных попыток входа. Вход временно заблокирован, повторите через 2 мин.",
    });
  });

  it("leaves network failures to the caller", () => {
    expect(mapProblem(new TypeError("Failed to fetch"), ["phone"] as const)).toEqual({ fields: {}, general: null });
  });
});
