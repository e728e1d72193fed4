import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api";

import type { components } from "@/api/generated/schema";

export type ClassAbsenceNote = components["schemas"]["ClassAbsenceNoteOut"];
export type AbsenceNote = components["schemas"]["AbsenceNoteOut"];
export type NotesPage = components["schemas"]["Page_ClassAbsenceNoteOut_"];
export type RunClass = components["schemas"]["SchoolClassOut"];
/** `filed`: waiting for the class teacher; no filter: every note. */
export type NotesFilter = "filed" | "all";

export const NOTES_PAGE_SIZE = 20;

/** GET /me/classes: the class teacher's class, an administrator's classes. */
export function useMyClasses() {
  return useQuery({
    queryKey: ["journal", "my-classes"],
    queryFn: async ({ signal }): Promise<RunClass[]> => unwrap(await api.GET("/api/v1/me/classes", { signal })),
    staleTime: 10 * 60_000,
  });
}

export const classNotesKey = (classId: string, filter: NotesFilter, offset: number) =>
  ["journal", "class-notes", classId, filter, offset] as const;

/** GET /classes/{id}/absence-notes: newest first, a page at a time. */
export function useClassNotes(classId: string | undefined, filter: NotesFilter, offset: number) {
  return useQuery({
    queryKey: classNotesKey(classId ?? "", filter, offset),
    queryFn: async ({ signal }): Promise<NotesPage> =>
      unwrap(
        await api.GET("/api/v1/classes/{class_id}/absence-notes", {
          params: {
            path: { class_id: classId! },
            query: { limit: NOTES_PAGE_SIZE, offset, ...(filter === "filed" ? { status: "filed" as const } : {}) },
          },
          signal,
        }),
      ),
    enabled: !!classId,
    placeholderData: keepPreviousData,
  });
}

/** POST /absence-notes/{id}/acknowledge: the absences it covers become excused. */
export async function acknowledgeNote(noteId: string): Promise<AbsenceNote> {
  return unwrap(await api.POST("/api/v1/absence-notes/{note_id}/acknowledge", { params: { path: { note_id: noteId } } }));
}

/** The page with `note` acknowledged in place: it stays in view until the next load. */
export function withAcknowledged(page: NotesPage, note: AbsenceNote): NotesPage {
  return { ...page, items: page.items.map((n) => (n.id === note.id ? { ...n, ...note, student: n.student } : n)) };
}

/** POST /absence-notes/{id}/reject: not accepted, with a reason the family sees. */
export async function rejectNote(noteId: string, reason: string): Promise<AbsenceNote> {
  return unwrap(
    await api.POST("/api/v1/absence-notes/{note_id}/reject", { params: { path: { note_id: noteId } }, body: { reason } }),
  );
}
