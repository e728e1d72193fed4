import { describe, expect, it } from "vitest";

import { i18n } from "@/lib/i18n";

import {
  FIELD_STEP,
  firstInvalidStep,
  phoneProblem,
  placeServerErrors,
  studentNumberProblem,
  validateStep,
  type WizardValues,
} from "./wizard";

const COMPLETE: WizardValues = {
  child_id: "c1",
  school_id: "s1",
  school_connected: true,
  class_id: "k1",
  contact_phone: "+7 (916) 123-45-67",
  student_number: "",
  consent: true,
};

describe("the wizard's steps", () => {
  it("lets a complete application through every step", () => {
    for (const step of [1, 2, 3, 4, 5]) expect(validateStep(step, COMPLETE)).toEqual({});
    expect(firstInvalidStep(COMPLETE)).toBeNull();
  });

  it("step 1 needs a child", () => {
    expect(validateStep(1, { ...COMPLETE, child_id: null })).toEqual({ child_id: "child_required" });
  });

  it("step 2 needs a school from the register that uses the diary", () => {
    expect(validateStep(2, { ...COMPLETE, school_id: null })).toEqual({ school_id: "school_required" });
    expect(validateStep(2, { ...COMPLETE, school_connected: false })).toEqual({ school_id: "school_not_connected" });
  });

  it("step 3 needs a class", () => {
    expect(validateStep(3, { ...COMPLETE, class_id: null })).toEqual({ class_id: "class_required" });
  });

  it("step 4 checks the phone, the student number and the consent at once", () => {
    expect(validateStep(4, { ...COMPLETE, contact_phone: "+7 (916) 12", student_number: "12 34", consent: false })).toEqual({
      contact_phone: "phone_format",
      student_number: "student_number_format",
      consent: "consent_missing",
    });
  });

  it("says the seed's words", () => {
    expect(i18n.t("applications.errors.phone_format")).toBe("Некорректный номер телефона");
    expect(i18n.t("applications.errors.consent_missing")).toBe("Отсутствует согласие на обработку персональных данных");
  });

  it("reads phones as people type them and wants a mobile number", () => {
    expect(phoneProblem("")).toBe("phone_required");
    expect(phoneProblem("89161234567")).toBeNull();
    expect(phoneProblem("+7 916 123-45-67")).toBeNull();
    expect(phoneProblem("+7 (495) 123-45-67")).toBe("phone_not_mobile");
    expect(phoneProblem("+7 (916) 123-45")).toBe("phone_format");
  });

  it("takes the student number as digits without spaces, or nothing", () => {
    expect(studentNumberProblem("")).toBeNull();
    expect(studentNumberProblem("000123")).toBeNull();
    expect(studentNumberProblem("12 34")).toBe("student_number_format");
    expect(studentNumberProblem("A123")).toBe("student_number_format");
  });

  it("finds the first step with a problem", () => {
    expect(firstInvalidStep({ ...COMPLETE, class_id: null, consent: false })).toBe(3);
    expect(firstInvalidStep({ ...COMPLETE, consent: false })).toBe(4);
  });
});

describe("the server's 422 on submit", () => {
  it("lands on the fields in the server's words and goes back to the earliest step", () => {
    const placed = placeServerErrors([
      { field: "consent", code: "consent_missing", message: "Отсутствует согласие на обработку персональных данных: …" },
      { field: "contact_phone", code: "phone_format", message: "Некорректный номер телефона" },
      { field: "class_id", code: "class_not_in_school", message: "Класс: такого класса нет в выбранной школе" },
    ]);
    expect(placed.fields).toEqual({
      consent: "Отсутствует согласие на обработку персональных данных: …",
      contact_phone: "Некорректный номер телефона",
      class_id: "Класс: такого класса нет в выбранной школе",
    });
    expect(placed.step).toBe(FIELD_STEP.class_id);
    expect(placed.unplaced).toEqual([]);
  });

  it("puts consent_version on the consent and keeps what fits no field", () => {
    const placed = placeServerErrors([
      { field: "consent_version", code: "consent_outdated", message: "Текст согласия обновился" },
      { field: "applicant", code: "x", message: "Что-то другое" },
    ]);
    expect(placed.fields).toEqual({ consent: "Текст согласия обновился" });
    expect(placed.step).toBe(4);
    expect(placed.unplaced).toEqual(["Что-то другое"]);
  });
});
