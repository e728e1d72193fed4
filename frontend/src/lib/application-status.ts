import type { components } from "@/api/generated/schema";

export type ApplicationStatus = components["schemas"]["ApplicationStatus"];

/** Every status of an application (ARCHITECTURE §6), in the order of its life. */
export const APPLICATION_STATUSES = [
  "draft",
  "submitted",
  "under_review",
  "info_requested",
  "suspended",
  "appealed",
  "approved",
  "rejected",
  "withdrawn",
] as const satisfies readonly ApplicationStatus[];

/**
 * How a status looks. The badge always carries the word and an icon; the colour only
 * repeats them (WCAG 1.4.1: no information by colour alone).
 * - neutral: not sent yet; info: waiting for the school; action: the applicant must act;
 *   ok / error: decided; closed: withdrawn.
 */
export type StatusTone = "neutral" | "info" | "action" | "ok" | "error" | "closed";

export const APPLICATION_STATUS_TONES: Record<ApplicationStatus, StatusTone> = {
  draft: "neutral",
  submitted: "info",
  under_review: "info",
  appealed: "info",
  info_requested: "action",
  suspended: "action",
  approved: "ok",
  rejected: "error",
  withdrawn: "closed",
};

/** Statuses the applicant may still withdraw from (the server's OPEN_STATUSES). */
export const OPEN_APPLICATION_STATUSES: readonly ApplicationStatus[] = [
  "draft",
  "submitted",
  "under_review",
  "info_requested",
  "suspended",
  "appealed",
];

export function isOpenApplication(status: ApplicationStatus): boolean {
  return OPEN_APPLICATION_STATUSES.includes(status);
}

export function applicationStatusKey(status: ApplicationStatus) {
  return `applications.status.${status}` as const;
}
