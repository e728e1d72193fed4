import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";

import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { api, unwrap } from "@/lib/api";
import { formatDate, formatDateTime } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import type { components } from "@/api/generated/schema";
import "../journal.css";

type AbsenceNote = components["schemas"]["AbsenceNoteOut"];

/** The class teacher's view of a student's absence notes, with «Принять». */
export default function NotesRoute() {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const { studentId = "" } = useParams();
  const queryClient = useQueryClient();
  const key = ["journal", "absence-notes", studentId];
  const notes = useQuery({
    queryKey: key,
    queryFn: async ({ signal }): Promise<AbsenceNote[]> =>
      unwrap(await api.GET("/api/v1/students/{student_id}/absence-notes", { params: { path: { student_id: studentId } }, signal })),
  });
  const acknowledge = useMutation({
    mutationFn: async (noteId: string): Promise<AbsenceNote> =>
      unwrap(await api.POST("/api/v1/absence-notes/{note_id}/acknowledge", { params: { path: { note_id: noteId } } })),
    onSuccess: (note) => queryClient.setQueryData<AbsenceNote[]>(key, (list) => list?.map((n) => (n.id === note.id ? note : n))),
  });
  return (
    <div className="container page page--narrow">
      <PageTitle title={t("journal.notes.title")} />
      <p className="breadcrumb">
        <Link to="/teach">{t("journal.teach.title")}</Link>
      </p>
      <h1>{t("journal.notes.title")}</h1>
      {acknowledge.isError ? <ProblemAlert error={acknowledge.error} title={t("journal.lesson.saveFailed")} /> : null}
      {notes.isPending ? (
        <Skeleton width="60%" />
      ) : notes.isError ? (
        <ProblemAlert error={notes.error} title={t("journal.loadFailed")} />
      ) : notes.data.length === 0 ? (
        <p className="muted">{t("diary.notes.empty")}</p>
      ) : (
        <ul className="roster">
          {notes.data.map((note) => (
            <li key={note.id} className="roster__row">
              <div>
                <p className="roster__name">
                  {note.from === note.to
                    ? formatDate(note.from, { locale })
                    : t("diary.notes.range", { from: formatDate(note.from, { locale }), to: formatDate(note.to, { locale }) })}
                </p>
                <p>{note.reason}</p>
                <p className="field__hint">
                  {t("diary.notes.filedBy", { name: note.filed_by.name, date: formatDateTime(note.created_at, { locale }) })}
                </p>
                {note.rejection ? <p className="field__error">{t("diary.notes.rejectedBecause", { reason: note.rejection.reason })}</p> : null}
              </div>
              {note.status === "acknowledged" ? (
                <p className="saved-note">{t("diary.notes.acknowledged")}</p>
              ) : (
                <Button
                  busy={acknowledge.isPending && acknowledge.variables === note.id}
                  onClick={() => acknowledge.mutate(note.id)}
                >
                  {t("journal.notes.acknowledge")}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
