import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { api, unwrap } from "@/lib/api";
import { formatDateTime } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

/**
 * The homework's conversation between the family and the teacher: opened from the item,
 * read and answered there.
 */
export function HomeworkThread({ studentId, homeworkId, count }: { studentId: string; homeworkId: string; count: number }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const queryClient = useQueryClient();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [body, setBody] = useState("");
  const key = ["diary", "homework-comments", studentId, homeworkId];
  const path = { student_id: studentId, homework_id: homeworkId };
  const thread = useQuery({
    queryKey: key,
    enabled: open,
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/students/{student_id}/homework/{homework_id}/comments", { params: { path }, signal })),
  });
  const send = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST("/api/v1/students/{student_id}/homework/{homework_id}/comments", { params: { path }, body: { body: body.trim() } })),
    onSuccess: () => {
      setBody("");
      void queryClient.invalidateQueries({ queryKey: key });
      void queryClient.invalidateQueries({ queryKey: ["diary", "homework", studentId] });
    },
  });
  if (!open) {
    return (
      <button type="button" className="dy-link-button dy-thread__open" aria-expanded={false} onClick={() => setOpen(true)}>
        {count > 0 ? t("diary.thread.open", { count }) : t("diary.thread.write")}
      </button>
    );
  }
  return (
    <div className="dy-thread">
      <button type="button" className="dy-link-button dy-thread__open" aria-expanded={true} onClick={() => setOpen(false)}>
        {t("diary.thread.close")}
      </button>
      {thread.isError ? <ProblemAlert error={thread.error} title={t("diary.loadFailed")} /> : null}
      {thread.data && thread.data.length > 0 ? (
        <ul className="dy-thread__list">
          {thread.data.map((c) => (
            <li key={c.id}>
              <p className="dy-record__meta">
                {c.author.name}, {formatDateTime(c.created_at, { locale: language })}
              </p>
              <p className="lesson__line">{c.body}</p>
            </li>
          ))}
        </ul>
      ) : thread.data ? (
        <p className="muted">{t("diary.thread.empty")}</p>
      ) : null}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (body.trim()) send.mutate();
        }}
      >
        <div className="field">
          <label className="field__label" htmlFor={id}>
            {t("diary.thread.label")}
          </label>
          <textarea className="input textarea" id={id} value={body} maxLength={2000} onChange={(e) => setBody(e.target.value)} />
        </div>
        {send.isError ? <ProblemAlert error={send.error} title={t("diary.thread.failed")} /> : null}
        <Button type="submit" variant="secondary" busy={send.isPending} aria-disabled={!body.trim() || undefined}>
          {t("diary.thread.send")}
        </Button>
      </form>
    </div>
  );
}
