import { describe, expect, it } from "vitest";

import { passwordChecks, passwordMeetsRules } from "./password-rules";

describe("the password checklist", () => {
  it("ticks nothing for an empty password", () => {
    expect(passwordChecks("")).toEqual({ length: false, cases: false, digit: false, symbol: false });
  });

  it("counts characters, not bytes: twelve Cyrillic letters are twelve", () => {
    expect(passwordChecks("абвгдеёжзийк").length).toBe(true);
    expect(passwordChecks("абвгдеёжзий").length).toBe(false);
  });

  it("needs both cases, in either alphabet", () => {
    expect(passwordChecks("зима").cases).toBe(false);
    expect(passwordChecks("ЗИМА").cases).toBe(false);
    expect(passwordChecks("Зима").cases).toBe(true);
    expect(passwordChecks("Winter").cases).toBe(true);
    expect(passwordChecks("Зwinter").cases).toBe(true);
  });

  it("needs a digit and a symbol; a space counts as a symbol, as on the server", () => {
    expect(passwordChecks("abc").digit).toBe(false);
    expect(passwordChecks("abc1").digit).toBe(true);
    expect(passwordChecks("abc1").symbol).toBe(false);
    expect(passwordChecks("abc-1").symbol).toBe(true);
    expect(passwordChecks("abc 1").symbol).toBe(true);
    expect(passwordChecks("ёлка1").symbol).toBe(false);
  });

  it("accepts a password meeting every rule", () => {
    expect(passwordMeetsRules("Зима-2026!Снег")).toBe(true);
    expect(passwordMeetsRules("Зима2026Снегг")).toBe(false);
  });
});
