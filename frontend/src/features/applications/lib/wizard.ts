import type { ProblemFieldError } from "@/lib/problem";
import { phoneNational } from "@/lib/masks";

/**
 * The application wizard: five steps, one topic each (UX.md), the checks a step makes
 * before «Далее», and where the server's field errors belong.
 */

export const STEPS = ["child", "school", "class", "contacts", "review"] as const;
export type StepName = (typeof STEPS)[number];
export const STEP_COUNT = STEPS.length;

/** The wizard's values, named as the API names them. */
export interface WizardValues {
  child_id: string | null;
  school_id: string | null;
  /** Whether the chosen school uses the diary (from the register); null while unknown. */
  school_connected: boolean | null;
  class_id: string | null;
  contact_phone: string;
  student_number: string;
  consent: boolean;
}

export type WizardField = "child_id" | "school_id" | "class_id" | "contact_phone" | "student_number" | "consent";

/** The codes of the client's own checks; the messages are in i18n (applications.errors.*). */
export type ErrorCode =
  | "child_required"
  | "school_required"
  | "school_not_connected"
  | "class_required"
  | "phone_required"
  | "phone_format"
  | "phone_not_mobile"
  | "student_number_format"
  | "consent_missing";

export type StepErrors = Partial<Record<WizardField, ErrorCode>>;

/** 1-based step of each field. */
export const FIELD_STEP: Record<WizardField, number> = {
  child_id: 1,
  school_id: 2,
  class_id: 3,
  contact_phone: 4,
  student_number: 4,
  consent: 4,
};

export const STEP_FIELDS: Record<number, readonly WizardField[]> = {
  1: ["child_id"],
  2: ["school_id"],
  3: ["class_id"],
  4: ["contact_phone", "student_number", "consent"],
  5: [],
};

export function phoneProblem(value: string): ErrorCode | null {
  if (!value.trim()) return "phone_required";
  const national = phoneNational(value);
  if (national.length !== 10) return "phone_format";
  // Russian mobile numbers: +7 9xx (an SMS about the application must reach it).
  if (!national.startsWith("9")) return "phone_not_mobile";
  return null;
}

/** The seed: «номер ученика состоит из цифр без пробелов». Empty is fine (optional). */
export function studentNumberProblem(value: string): ErrorCode | null {
  if (value === "") return null;
  return /^\d{1,20}$/.test(value) ? null : "student_number_format";
}

/** The problems of one step's fields (1-based); empty when it may be left. */
export function validateStep(step: number, values: WizardValues): StepErrors {
  const errors: StepErrors = {};
  switch (step) {
    case 1:
      if (!values.child_id) errors.child_id = "child_required";
      break;
    case 2:
      if (!values.school_id) errors.school_id = "school_required";
      else if (values.school_connected === false) errors.school_id = "school_not_connected";
      break;
    case 3:
      if (!values.class_id) errors.class_id = "class_required";
      break;
    case 4: {
      const phone = phoneProblem(values.contact_phone);
      if (phone) errors.contact_phone = phone;
      const number = studentNumberProblem(values.student_number);
      if (number) errors.student_number = number;
      if (!values.consent) errors.consent = "consent_missing";
      break;
    }
    default:
      break;
  }
  return errors;
}

/** The first step (1-based) with a problem, or null when everything may be sent. */
export function firstInvalidStep(values: WizardValues): number | null {
  for (let step = 1; step < STEP_COUNT; step++) {
    if (Object.keys(validateStep(step, values)).length) return step;
  }
  return null;
}

/** Server field paths (`contact_phone`, `consent_version`, `school_id`) → the wizard's fields. */
export function wizardField(path: string): WizardField | null {
  const head = path.split(".")[0] ?? path;
  if (head === "consent_version") return "consent";
  if (head === "child" || head === "child_id") return "child_id";
  if (head === "school" || head === "school_id") return "school_id";
  if (head === "class" || head === "class_id") return "class_id";
  if (head === "contact_phone" || head === "student_number" || head === "consent") return head;
  return null;
}

/** The server's 422 spread over the fields (its own words), and the earliest step to show. */
export function placeServerErrors(errors: readonly ProblemFieldError[]): {
  fields: Partial<Record<WizardField, string>>;
  step: number | null;
  unplaced: string[];
} {
  const fields: Partial<Record<WizardField, string>> = {};
  const unplaced: string[] = [];
  let step: number | null = null;
  for (const error of errors) {
    const field = wizardField(error.field);
    if (!field) {
      unplaced.push(error.message);
      continue;
    }
    fields[field] ??= error.message;
    step = step === null ? FIELD_STEP[field] : Math.min(step, FIELD_STEP[field]);
  }
  return { fields, step, unplaced };
}
