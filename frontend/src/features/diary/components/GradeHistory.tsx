import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { components } from "@/api/generated/schema";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { api, unwrap } from "@/lib/api";
import { formatDate, formatDateTime } from "@/lib/format";
import { gradeWord } from "@/lib/grades";
import { currentLanguage } from "@/lib/i18n";

type GradeChange = components["schemas"]["GradeChangeOut"];

function valueWord(value: string | null, language: ReturnType<typeof currentLanguage>): string {
  if (value === null) return "—";
  return value === "pass" || value === "fail" ? gradeWord(value, language) : value;
}

/**
 * «История изменений»: who set, corrected or removed which grade and when — a family can
 * see that a 3 became a 4 and who did it. Loaded when opened.
 */
export function GradeHistory({ studentId }: { studentId: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [open, setOpen] = useState(false);
  const history = useQuery({
    queryKey: ["diary", "grade-history", studentId],
    enabled: open,
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/students/{student_id}/grade-history", {
          params: { path: { student_id: studentId }, query: { limit: 100 } },
          signal,
        }),
      ),
  });
  const line = (c: GradeChange) =>
    c.action === "created"
      ? t("diary.history.created", { value: valueWord(c.new_value, language) })
      : c.action === "changed"
        ? t("diary.history.changed", { old: valueWord(c.old_value, language), value: valueWord(c.new_value, language) })
        : t("diary.history.deleted", { value: valueWord(c.old_value, language) });
  return (
    <details className="card dy-history" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        <h2 className="dy-history__title">{t("diary.history.title")}</h2>
      </summary>
      <p className="muted">{t("diary.history.lead")}</p>
      {!open ? null : history.isPending ? (
        <div role="status" aria-busy="true">
          <span className="visually-hidden">{t("diary.loading")}</span>
          <Skeleton width="70%" />
        </div>
      ) : history.isError ? (
        <ProblemAlert error={history.error} title={t("diary.loadFailed")} />
      ) : history.data.items.length === 0 ? (
        <p className="muted">{t("diary.history.empty")}</p>
      ) : (
        <ul className="dy-history__list">
          {history.data.items.map((c) => (
            <li key={c.id}>
              <p className="dy-record__title">
                {c.subject.name}, {formatDate(c.date, { locale: language })}: {line(c)}
              </p>
              <p className="dy-record__meta">
                {t("diary.history.by", { name: c.changed_by.name, date: formatDateTime(c.changed_at, { locale: language }) })}
                {c.comment ? ` · ${c.comment}` : ""}
              </p>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
