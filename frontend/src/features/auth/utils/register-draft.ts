import { ApiProblem } from "@/lib/api";

/** The registration wizard's state kept in sessionStorage (never the password). */
export const REGISTER_DRAFT_KEY = "edudiary.draft.register";

export interface RegisterDraft {
  lastName: string;
  firstName: string;
  middleName: string;
  phone: string;
  email: string;
  /** Step 1 passed its checks. */
  namesDone: boolean;
  /** The number the code went to (E.164) and how the server showed it (masked). */
  phoneE164: string | null;
  sentTo: string | null;
  resendAt: number | null;
}

export const EMPTY_DRAFT: RegisterDraft = {
  lastName: "",
  firstName: "",
  middleName: "",
  phone: "",
  email: "",
  namesDone: false,
  phoneE164: null,
  sentTo: null,
  resendAt: null,
};

export type NamesField = "lastName" | "firstName" | "middleName" | "phone";
export type NamesErrors = Partial<Record<NamesField, string>>;

// Server field → the wizard's field (and so its step).
export const SERVER_FIELDS = {
  last_name: "lastName",
  first_name: "firstName",
  middle_name: "middleName",
  phone: "phone",
  password: "password",
  email: "email",
} as const;

export const retryAt = (error: unknown) =>
  error instanceof ApiProblem && error.retryAfter !== null ? Date.now() + error.retryAfter * 1000 : null;

export type DraftProps = {
  draft: RegisterDraft;
  updateDraft: (patch: Partial<RegisterDraft>) => void;
};
