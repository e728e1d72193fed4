import { useQuery } from "@tanstack/react-query";

import type { components } from "@/api/generated/schema";
import { api, unwrap } from "@/lib/api";

export type SignedRecord = components["schemas"]["SignedRecordOut"];
export type TermGrade = components["schemas"]["TermGradeOut"];

export interface SignOffParams {
  classId: string;
  subjectId: string;
  termId: string;
}

export const signedRecordsKey = (p: SignOffParams) => ["journal", "signed-records", p.classId, p.subjectId, p.termId];

/** GET /classes/{id}/signed-records?subject_id=&term_id=: newest first, corrections included. */
export function useSignedRecords(p: SignOffParams) {
  return useQuery({
    queryKey: signedRecordsKey(p),
    queryFn: async ({ signal }): Promise<SignedRecord[]> => {
      const page = unwrap(
        await api.GET("/api/v1/classes/{class_id}/signed-records", {
          params: {
            path: { class_id: p.classId },
            query: { subject_id: p.subjectId, term_id: p.termId, limit: 50 },
          },
          signal,
        }),
      );
      return page.items;
    },
  });
}

/** POST /classes/{id}/term-grades: the term grades by the school's rules; after sign-off a
 * change of a signed grade needs `correction_reason` (409 term_signed otherwise). */
export async function setTermGrades(p: SignOffParams, correctionReason?: string): Promise<TermGrade[]> {
  return unwrap(
    await api.POST("/api/v1/classes/{class_id}/term-grades", {
      params: { path: { class_id: p.classId } },
      body: {
        subject_id: p.subjectId,
        term_id: p.termId,
        ...(correctionReason ? { correction_reason: correctionReason } : {}),
      },
    }),
  );
}

/** POST …/sign-off: 409 term_grades_incomplete while a pupil has no term grade. */
export async function signOff(p: SignOffParams): Promise<SignedRecord> {
  return unwrap(
    await api.POST("/api/v1/classes/{class_id}/subjects/{subject_id}/terms/{term_id}/sign-off", {
      params: { path: { class_id: p.classId, subject_id: p.subjectId, term_id: p.termId } },
    }),
  );
}

function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

/** The record as a JSON file the CLI and the «Проверка подписи» page take. */
export function downloadRecord(record: SignedRecord): void {
  save(new Blob([JSON.stringify(record, null, 2)], { type: "application/json" }), `vedomost-${record.id}.json`);
}

/** GET /signed-records/{id}/pdf: the record to print, with the QR code of its public check. */
export async function downloadRecordPdf(record: SignedRecord): Promise<void> {
  const answer = await api.GET("/api/v1/signed-records/{record_id}/pdf", {
    params: { path: { record_id: record.id } },
    parseAs: "blob",
  });
  save(unwrap(answer) as Blob, `vedomost-${record.id}.pdf`);
}
