import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { ApiProblem } from "@/lib/api";
import { formatDate } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { acceptSuggestion, rejectSuggestion, suggestionsKey, useGradeSuggestions, type GradeSuggestion } from "../api/suggestions";
import type { JournalLesson } from "../api/types";
import { suggestionLesson, suggestionScore } from "../lib/suggestions";

type Value = number | "pass" | "fail";

const FIRST = 5;

/** «07.12»: the journal's own column heading, short enough for a phone's select. */
function shortDate(day: string): string {
  return `${day.slice(8, 10)}.${day.slice(5, 7)}`;
}

interface PanelProps {
  classId: string;
  subjectId: string;
  lessons: JournalLesson[];
  assessment: "graded" | "pass_fail";
  /** Only the subject's teacher records grades: others (the class teacher, the school
   *  administrator) see what platforms sent, without the accept and reject controls. */
  canDecide: boolean;
}

/**
 * «Предложения оценок от платформ»: results that connected platforms sent for this class
 * and subject. Nothing reaches the journal until the teacher accepts one — choosing the
 * lesson and the grade — or rejects it. Hidden while there is nothing to decide.
 */
export function GradeSuggestions({ classId, subjectId, lessons, assessment, canDecide }: PanelProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const suggestions = useGradeSuggestions(classId, subjectId);
  // A long list would push the journal itself off the screen: the first few, then on demand.
  const [all, setAll] = useState(false);
  if (suggestions.isError) {
    return <ProblemAlert error={suggestions.error} title={t("journal.suggestions.loadFailed")} />;
  }
  const items = suggestions.data?.items ?? [];
  if (items.length === 0) return null;
  const shown = all ? items : items.slice(0, FIRST);
  return (
    <section className="card jr-suggestions" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {t("journal.suggestions.title")} <span className="jr-suggestions__count">{suggestions.data?.total}</span>
      </h2>
      <p className="field__hint">{t(canDecide ? "journal.suggestions.hint" : "journal.suggestions.teacherDecides")}</p>
      <ul className="jr-suggestions__list">
        {shown.map((item) => (
          <li key={item.id}>
            <SuggestionRow item={item} classId={classId} subjectId={subjectId} lessons={lessons} assessment={assessment} canDecide={canDecide} />
          </li>
        ))}
      </ul>
      {shown.length < items.length ? (
        <Button variant="link" onClick={() => setAll(true)}>
          {t("journal.suggestions.showAll", { count: items.length })}
        </Button>
      ) : null}
    </section>
  );
}

function SuggestionRow({ item, classId, subjectId, lessons, assessment, canDecide }: PanelProps & { item: GradeSuggestion }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const ids = { lesson: useId(), value: useId() };
  const queryClient = useQueryClient();
  const usable = lessons.filter((l) => l.status !== "cancelled");
  const [lessonId, setLessonId] = useState(() => suggestionLesson(usable, item.score_date)?.id ?? "");
  const suggested = item.suggested_value ?? null;
  const [value, setValue] = useState<string>(suggested === null ? "" : String(suggested));
  const [absent, setAbsent] = useState(false);
  const values: Value[] = assessment === "pass_fail" ? ["pass", "fail"] : [5, 4, 3, 2, 1];

  const done = () => {
    void queryClient.invalidateQueries({ queryKey: suggestionsKey(classId, subjectId) });
    void queryClient.invalidateQueries({ queryKey: ["journal", "grid", classId, subjectId] });
  };
  const accept = useMutation({
    mutationFn: () =>
      acceptSuggestion(item.id, {
        lesson_id: lessonId,
        value: assessment === "pass_fail" ? (value as "pass" | "fail") : Number(value),
        absent_confirmed: absent,
      }),
    onSuccess: done,
    onError: (error) => {
      if (error instanceof ApiProblem && error.problem?.errors.some((e) => e.code === "student_absent")) setAbsent(true);
    },
  });
  const reject = useMutation({ mutationFn: () => rejectSuggestion(item.id), onSuccess: done });
  const who = item.student.name;
  const valueLabel = (v: Value) => (v === "pass" ? t("journal.suggestions.pass") : v === "fail" ? t("journal.suggestions.fail") : String(v));

  return (
    <article className="jr-suggestion" aria-label={t("journal.suggestions.rowLabel", { student: who })}>
      <div className="jr-suggestion__what">
        <p className="jr-suggestion__student">{who}</p>
        <p>
          <span className="jr-suggestion__score">{suggestionScore(item, t)}</span> · {item.line_item.title}
        </p>
        <p className="field__hint">
          {t("journal.suggestions.from", {
            platform: item.platform,
            date: formatDate(item.score_date, { locale: language }),
            workType: item.line_item.work_type_name,
          })}
        </p>
        {item.comment ? <p className="jr-suggestion__comment">«{item.comment}»</p> : null}
      </div>
      {canDecide ? (
      <form
        className="jr-suggestion__decide"
        onSubmit={(event) => {
          event.preventDefault();
          if (lessonId && value) accept.mutate();
        }}
      >
        <div className="field">
          <label className="field__label" htmlFor={ids.lesson}>
            {t("journal.suggestions.lesson")}
          </label>
          <select className="input select" id={ids.lesson} value={lessonId} onChange={(e) => setLessonId(e.target.value)} required>
            {usable.length === 0 ? <option value="">{t("journal.suggestions.noLessons")}</option> : null}
            {usable.map((l) => (
              <option key={l.id} value={l.id}>
                {t("journal.suggestions.lessonOption", { date: shortDate(l.date), number: l.number })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={ids.value}>
            {t("journal.suggestions.value")}
          </label>
          <select className="input select" id={ids.value} value={value} onChange={(e) => setValue(e.target.value)} required>
            <option value="">{t("journal.suggestions.chooseValue")}</option>
            {values.map((v) => (
              <option key={String(v)} value={String(v)}>
                {valueLabel(v)}
              </option>
            ))}
          </select>
        </div>
        {absent ? (
          <p className="field__hint" role="status">
            {t("journal.suggestions.absent")}
          </p>
        ) : null}
        <div className="section-actions">
          <Button type="submit" busy={accept.isPending} disabled={!lessonId || !value}>
            {absent ? t("journal.suggestions.acceptAbsent") : t("journal.suggestions.accept")}
            <span className="visually-hidden">: {who}</span>
          </Button>
          <Button variant="secondary" busy={reject.isPending} onClick={() => reject.mutate()}>
            {t("journal.suggestions.reject")}
            <span className="visually-hidden">: {who}</span>
          </Button>
        </div>
        {accept.isError && !absent ? <ProblemAlert error={accept.error} title={t("journal.suggestions.acceptFailed")} /> : null}
        {reject.isError ? <ProblemAlert error={reject.error} title={t("journal.suggestions.rejectFailed")} /> : null}
      </form>
      ) : null}
    </article>
  );
}
