import { isoToRuDate, ruDateToIso } from "@/lib/masks";

import type { HomeworkOut, HomeworkPatch } from "../api/types";

/** What the teacher types while correcting a homework: the due date as ДД.ММ.ГГГГ. */
export interface HomeworkDraft {
  text: string;
  due: string;
  fileName: string;
  url: string;
}

/** Field errors keyed as the server names the fields (`text`, `due_date`, `attachments.0.url`). */
export type DraftErrors = Record<string, string>;

export interface DraftMessages {
  required: string;
  dateInvalid: string;
  urlInvalid: string;
}

/** The form shows the first material; others (set through the API) are kept as they are. */
export function draftOf(homework: HomeworkOut): HomeworkDraft {
  const first = homework.attachments[0];
  return {
    text: homework.text,
    due: isoToRuDate(homework.due_date),
    fileName: first?.name ?? "",
    url: first?.url ?? "",
  };
}

/** The checks the browser can make before asking the server (which checks them again). */
export function checkDraft(draft: HomeworkDraft, messages: DraftMessages): DraftErrors {
  const errors: DraftErrors = {};
  if (!draft.text.trim()) errors.text = messages.required;
  if (!ruDateToIso(draft.due)) errors.due_date = draft.due.trim() ? messages.dateInvalid : messages.required;
  const url = draft.url.trim();
  if (url && !/^https?:\/\//.test(url)) errors["attachments.0.url"] = messages.urlInvalid;
  return errors;
}

/**
 * Only what differs from the homework, as the PATCH body; null when nothing does. Sending
 * an untouched text or date again would be harmless, but a minimal patch keeps the
 * families from being notified of a change that is not one.
 */
export function patchOf(homework: HomeworkOut, draft: HomeworkDraft): HomeworkPatch | null {
  const patch: HomeworkPatch = {};
  if (draft.text !== homework.text) patch.text = draft.text.trim();
  const due = ruDateToIso(draft.due);
  if (due && due !== homework.due_date) patch.due_date = due;
  const url = draft.url.trim();
  const first = url ? [{ name: draft.fileName.trim() || url, url }] : [];
  const attachments = [...first, ...homework.attachments.slice(1)];
  if (!sameAttachments(attachments, homework.attachments)) patch.attachments = attachments;
  return Object.keys(patch).length > 0 ? patch : null;
}

function sameAttachments(a: HomeworkOut["attachments"], b: HomeworkOut["attachments"]): boolean {
  return a.length === b.length && a.every((x, i) => x.name === b[i]!.name && x.url === b[i]!.url);
}

/** The form's own fields; a server error on any other field is shown above the buttons. */
export const DRAFT_FIELDS = ["text", "due_date", "attachments.0.name", "attachments.0.url"] as const;

/** Server field errors the form has no field for (shown as one message). */
export function otherErrors(errors: DraftErrors): string[] {
  return Object.entries(errors)
    .filter(([field]) => !(DRAFT_FIELDS as readonly string[]).includes(field))
    .map(([, message]) => message);
}
