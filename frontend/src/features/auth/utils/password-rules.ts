/**
 * The password rules the seed states («минимум 12 символов, с обязательным сочетанием букв
 * разных регистров, цифр и специальных знаков»), checked as the user types. The server
 * has more (not a common password, not the phone number): its field errors are shown too.
 */
export const PASSWORD_MIN_LENGTH = 12;

export type PasswordRule = "length" | "cases" | "digit" | "symbol";

export const PASSWORD_RULES: readonly PasswordRule[] = ["length", "cases", "digit", "symbol"];

const UPPER = /[A-ZА-ЯЁ]/;
const LOWER = /[a-zа-яё]/;
const DIGIT = /[0-9]/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

export function passwordChecks(password: string): Record<PasswordRule, boolean> {
  return {
    length: [...password].length >= PASSWORD_MIN_LENGTH,
    cases: UPPER.test(password) && LOWER.test(password),
    digit: DIGIT.test(password),
    symbol: [...password].some((ch) => !LETTER_OR_DIGIT.test(ch)),
  };
}

export function passwordMeetsRules(password: string): boolean {
  return Object.values(passwordChecks(password)).every(Boolean);
}
