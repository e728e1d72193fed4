import type { TFunction } from "i18next";

import { phoneNational } from "@/lib/masks";

import { passwordMeetsRules } from "./password-rules";

// As the seed says: «фамилия, имя и отчество пишутся без сокращений, только кириллическими буквами».
const NAME_PART = "[А-ЯЁа-яё]+(?:['’][А-ЯЁа-яё]+)*";
const NAME = new RegExp(`^${NAME_PART}(?:[ -]${NAME_PART})*$`);
const EMAIL = /^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$/;

export type NameField = "lastName" | "firstName" | "middleName";

export function nameError(t: TFunction, field: NameField, value: string, optional = false): string | null {
  const text = value.trim();
  if (!text) return optional ? null : t(`validation.${field}Required`);
  if (text.length > 60) return t("validation.nameTooLong");
  if (!NAME.test(text)) return t("validation.nameCyrillic");
  return null;
}

export function phoneError(t: TFunction, value: string): string | null {
  const national = phoneNational(value);
  if (!national) return t("validation.phoneRequired");
  if (national.length < 10) return t("validation.phoneIncomplete");
  return null;
}

export function emailError(t: TFunction, value: string, optional = true): string | null {
  const text = value.trim();
  if (!text) return optional ? null : t("validation.emailRequired");
  return EMAIL.test(text) ? null : t("validation.emailInvalid");
}

export function passwordError(t: TFunction, value: string): string | null {
  if (!value) return t("validation.passwordRequired");
  return passwordMeetsRules(value) ? null : t("validation.passwordRules");
}

export function codeError(t: TFunction, value: string): string | null {
  if (!value) return t("validation.codeRequired");
  return /^\d{6}$/.test(value) ? null : t("validation.codeSixDigits");
}

/** A same-site path to return to after log-in; anything else is null (the role's landing page). */
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  return next;
}
