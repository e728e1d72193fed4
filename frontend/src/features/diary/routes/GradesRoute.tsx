import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";

import { Button } from "@/components/ui/Button";
import { DateField } from "@/components/ui/DateField";
import { GradeBadge } from "@/components/ui/GradeBadge";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { formatDate } from "@/lib/format";
import { averageTone, formatAverage, formatWeight, gradeWord } from "@/lib/grades";
import { currentLanguage } from "@/lib/i18n";
import { isoToRuDate, ruDateToIso } from "@/lib/masks";
import { formatDayMonth } from "@/lib/school-time";

import { GRADES_PAGE, useGrades, useSummary, type GradeFilter } from "../api/grades";
import { useTerms } from "../api/terms";
import type { MyStudent, Summary } from "../api/types";
import { AverageExplain } from "../components/AverageExplain";
import { GradeHistory } from "../components/GradeHistory";
import { StudentGate } from "../components/StudentGate";
import { StudentHeader } from "../components/StudentHeader";
import "../diary.css";
import { writeToTeacher } from "../lib/write-to-teacher";
import { CUSTOM, YEAR, choosePeriod, periodRange, periodValue, summaryTermId, termLabel } from "../lib/period";

function SubjectCards({
  studentId,
  summary,
  open,
  onOpen,
}: {
  studentId: string;
  summary: Summary;
  open: string | null;
  onOpen: (subjectId: string | null) => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const subjects = summary.subjects.filter((s) => s.grades > 0 || s.absences > 0 || s.term_grade !== null);
  if (subjects.length === 0) return null;
  return (
    <section className="dy-section" aria-labelledby="summary-title">
      <h2 id="summary-title">{t("diary.grades.summaryTitle", { term: summary.term.name })}</h2>
      <div className="summary-grid">
        {subjects.map((s) => {
          const isOpen = open === s.subject.id;
          return (
            <article key={s.subject.id} className={`card subject-card${isOpen ? " subject-card--open" : ""}`} style={isOpen ? { gridColumn: "1 / -1" } : undefined}>
              <div className="subject-card__head">
                <h3 className="subject-card__name">{s.subject.name}</h3>
                {s.average !== null ? (
                  <span className="average">
                    <span className={`average__value average__value--${averageTone(s.average)}`}>
                      {formatAverage(s.average, language)}
                    </span>
                    <span className="average__label">{t("diary.grades.average")}</span>
                  </span>
                ) : s.result !== null ? (
                  <GradeBadge value={s.result} size="large" />
                ) : null}
              </div>
              <p className="subject-card__facts">
                {t("diary.grades.count", { count: s.grades })}
                {s.absences > 0 ? ` · ${t("diary.grades.absences", { count: s.absences })}` : ""}
                {s.lates > 0 ? ` · ${t("diary.grades.lates", { count: s.lates })}` : ""}
              </p>
              {s.result !== null && s.average !== null ? (
                <p className="subject-card__facts">
                  {t("diary.grades.wouldBe", { result: gradeWord(s.result, language) })}
                </p>
              ) : null}
              {s.term_grade !== null ? (
                <p className="subject-card__facts">
                  {t("diary.grades.termGrade")} <GradeBadge value={s.term_grade} />
                </p>
              ) : null}
              <button
                type="button"
                className="dy-link-button"
                aria-expanded={isOpen}
                onClick={() => onOpen(isOpen ? null : s.subject.id)}
              >
                {isOpen ? t("diary.grades.hideExplain") : t("diary.grades.explain")}
              </button>
              {isOpen ? <AverageExplain studentId={studentId} subjectId={s.subject.id} termId={summary.term.id} /> : null}
            </article>
          );
        })}
      </div>
    </section>
  );
}

function GradeList({ studentId, filter }: { studentId: string; filter: GradeFilter }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const grades = useGrades(studentId, filter, !!(filter.from && filter.to) || (!filter.from && !filter.to));
  if (grades.isPending) {
    return (
      <div role="status" aria-busy="true">
        <span className="visually-hidden">{t("diary.loading")}</span>
        {Array.from({ length: 4 }, (_, i) => (
          <div className="card dy-record" key={i} aria-hidden="true">
            <Skeleton width="2rem" height="2rem" />
            <Skeleton width="60%" />
          </div>
        ))}
      </div>
    );
  }
  if (grades.isError) {
    return (
      <div className="dy-error">
        <ProblemAlert error={grades.error} title={t("diary.loadFailed")} />
        <Button onClick={() => void grades.refetch()}>{t("diary.retry")}</Button>
      </div>
    );
  }
  const items = grades.data.items;
  if (items.length === 0) {
    return (
      <div className="card dy-empty">
        <p className="dy-empty__title">{t("diary.grades.empty")}</p>
        <p>{t("diary.grades.emptyHint")}</p>
      </div>
    );
  }
  return (
    <>
      <ul className="dy-records" aria-busy={grades.isFetching}>
        {items.map((g) => (
          <li key={g.id} className="card dy-record">
            <GradeBadge value={g.value} workType={g.work_type} comment={g.comment} size="large" />
            <div className="dy-record__main">
              <p className="dy-record__title">{g.subject.name}</p>
              <p className="dy-record__meta">
                {formatDate(g.date, { locale: language })} · {g.work_type.name} ·{" "}
                {t("diary.badge.weight", { weight: formatWeight(g.work_type.weight, language) })}
              </p>
              {g.comment ? <p className="dy-record__meta">«{g.comment}»</p> : null}
              <p className="dy-record__meta">
                {t("diary.grades.by", { name: g.teacher.name })} ·{" "}
                <Link to={writeToTeacher(studentId, g.teacher.id, g.subject.name)}>{t("messaging.writeTeacher")}</Link>
              </p>
            </div>
          </li>
        ))}
      </ul>
      {grades.data.total > items.length ? (
        <p className="dy-more muted">{t("diary.grades.more", { shown: items.length, total: grades.data.total, limit: GRADES_PAGE })}</p>
      ) : null}
    </>
  );
}

function Grades({ student, students }: { student: MyStudent | undefined; students: MyStudent[] | undefined }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { studentId = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const [open, setOpen] = useState<string | null>(null);
  const ids = { subject: useId(), period: useId(), periodDates: useId() };

  const subjectId = params.get("subject") ?? "";
  const chosen = params.get("period");
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  // What is typed (ДД.ММ.ГГГГ); the address keeps ISO dates once they are whole.
  const [fromText, setFromText] = useState(from ? isoToRuDate(from) : "");
  const [toText, setToText] = useState(to ? isoToRuDate(to) : "");
  const terms = useTerms(studentId);
  // Without the school's terms (an error), one's own dates still work.
  const period = choosePeriod(terms.isError ? CUSTOM : chosen, terms.data);
  const summary = useSummary(studentId, summaryTermId(chosen, period));
  const custom = period?.kind === "custom";
  const range = period ? periodRange(period, { from, to }) : undefined;
  const filter: GradeFilter = { from: range?.from, to: range?.to, subjectId: subjectId || undefined };
  const rangeError = custom && from && to && from > to ? t("diary.grades.rangeError") : null;
  // Options stay short («1-я четверть») to fit a phone; the dates go under the select.
  const shownDates =
    period && period.kind !== "custom" && range?.from && range.to
      ? t("diary.grades.periodDates", {
          from: formatDayMonth(range.from, language),
          to: formatDayMonth(range.to, language),
        })
      : null;

  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };

  // «Свой период» starts from the dates just shown, so a parent narrows rather than retypes.
  const choose = (value: string) => {
    if (value === CUSTOM && !from && !to && range?.from && range.to) {
      setFromText(isoToRuDate(range.from));
      setToText(isoToRuDate(range.to));
      set({ period: value, from: range.from, to: range.to });
    } else {
      set({ period: value });
    }
  };

  return (
    <div className="container page diary-page">
      <PageTitle title={t("diary.grades.title")} />
      <StudentHeader title={t("diary.grades.title")} students={students} student={student} section="grades" />

      {summary.isError ? (
        <div className="dy-error">
          <ProblemAlert error={summary.error} title={t("diary.loadFailed")} />
          <Button onClick={() => void summary.refetch()}>{t("diary.retry")}</Button>
        </div>
      ) : null}

      <form className="dy-filters" aria-label={t("diary.grades.filters")} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label className="field__label" htmlFor={ids.subject}>{t("diary.grades.subject")}</label>
          <select className="input select" id={ids.subject} value={subjectId} onChange={(e) => set({ subject: e.target.value })}>
            <option value="">{t("diary.grades.allSubjects")}</option>
            {summary.data?.subjects.map((s) => (
              <option key={s.subject.id} value={s.subject.id}>
                {s.subject.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={ids.period}>{t("diary.grades.period")}</label>
          <select
            className="input select"
            id={ids.period}
            value={period ? periodValue(period) : ""}
            disabled={!period}
            aria-describedby={shownDates ? ids.periodDates : undefined}
            onChange={(e) => choose(e.target.value)}
          >
            {period ? null : <option value="">{t("diary.grades.currentTerm")}</option>}
            {terms.data?.terms.map((term) => (
              <option key={term.id} value={term.id}>
                {termLabel(term, t)}
              </option>
            ))}
            {terms.data?.academic_year ? (
              <option value={YEAR}>{t("diary.grades.wholeYear")}</option>
            ) : null}
            <option value={CUSTOM}>{t("diary.grades.customRange")}</option>
          </select>
        </div>
        {custom ? (
          <>
            <DateField
              name="from"
              label={t("diary.grades.from")}
              value={fromText}
              onChange={(value) => {
                setFromText(value);
                const iso = ruDateToIso(value);
                if (iso || !value) set({ from: iso ?? "" });
              }}
            />
            <DateField
              name="to"
              label={t("diary.grades.to")}
              value={toText}
              min={from || undefined}
              error={rangeError}
              onChange={(value) => {
                setToText(value);
                const iso = ruDateToIso(value);
                if (iso || !value) set({ to: iso ?? "" });
              }}
            />
          </>
        ) : null}
        {/* A line of its own under the fields: the selects stay aligned on a wide screen. */}
        {shownDates ? (
          <p className="field__hint dy-filters__dates" id={ids.periodDates}>
            {shownDates}
          </p>
        ) : null}
      </form>

      {summary.isPending ? (
        <div className="summary-grid" role="status" aria-busy="true">
          <span className="visually-hidden">{t("diary.loading")}</span>
          {Array.from({ length: 3 }, (_, i) => (
            <div key={i} className="card subject-card" aria-hidden="true">
              <Skeleton width="50%" height="1.25rem" />
              <Skeleton width="70%" />
            </div>
          ))}
        </div>
      ) : summary.data ? (
        <SubjectCards studentId={studentId} summary={summary.data} open={open} onOpen={setOpen} />
      ) : null}

      <section className="dy-section" aria-labelledby="grade-list-title">
        <h2 id="grade-list-title">{t("diary.grades.listTitle")}</h2>
        {rangeError ? null : !period ? (
          <Skeleton width="60%" />
        ) : (
          <GradeList studentId={studentId} filter={filter} />
        )}
      </section>
      <GradeHistory studentId={studentId} />
    </div>
  );
}

export default function GradesRoute() {
  const { studentId = "" } = useParams();
  return (
    <StudentGate studentId={studentId}>
      {(student, students) => <Grades student={student} students={students} />}
    </StudentGate>
  );
}
