import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";

import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { hasAnyRole, useMe } from "@/lib/auth/hooks";
import { formatDate } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { useAcademicYears, useAssignments, useJournal, useSubjects, useWorkTypes } from "../api/queries";
import { GradeSuggestions } from "../components/GradeSuggestions";
import { JournalGrid } from "../components/JournalGrid";
import { TermSignOff } from "../components/TermSignOff";
import { currentTerm, recentRange, termRange } from "../lib/periods";
import "../journal.css";

function GridSkeleton() {
  const { t } = useTranslation();
  return (
    <div className="card journal-skeleton" role="status" aria-busy="true">
      <span className="visually-hidden">{t("journal.loading")}</span>
      {Array.from({ length: 6 }, (_, i) => (
        <Skeleton key={i} height="2.5rem" />
      ))}
    </div>
  );
}

export default function JournalRoute() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const navigate = useNavigate();
  const { classId = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const ids = { assignment: useId(), term: useId() };
  const me = useMe();
  const admin = hasAnyRole(me.data, ["school_admin"]);
  const assignments = useAssignments(me.data ? (admin ? undefined : me.data.id) : undefined);
  const subjects = useSubjects();
  const workTypes = useWorkTypes();
  const years = useAcademicYears();

  const mine = assignments.data ?? [];
  const subjectId = params.get("subject") ?? mine.find((a) => a.school_class.id === classId)?.subject.id ?? "";
  const assignment = mine.find((a) => a.school_class.id === classId && a.subject.id === subjectId);
  const subject = subjects.data?.find((s) => s.id === subjectId);
  const terms = (years.data ?? []).flatMap((y) => y.terms);
  const termId = params.get("term");
  const term = (termId ? terms.find((x) => x.id === termId) : undefined) ?? currentTerm(terms);
  const range = term ? termRange(term) : recentRange();
  const ready = !!subjectId && !years.isPending;
  const journal = useJournal(ready ? { classId, subjectId, ...range } : null);

  const className = journal.data?.school_class.name ?? assignment?.school_class.name ?? "";
  const subjectName = journal.data?.subject.name ?? assignment?.subject.name ?? subject?.name ?? "";
  const title = className && subjectName ? t("journal.grid.title", { subject: subjectName, className }) : t("journal.title");
  const loadingMeta = me.isPending || assignments.isPending;

  return (
    <div className="container page journal-page">
      <PageTitle title={title} />
      <p className="breadcrumb">
        <Link to="/teach">{t("journal.teach.title")}</Link>
      </p>
      <h1>{title}</h1>

      <form className="jr-filters" onSubmit={(e) => e.preventDefault()} aria-label={t("journal.grid.choose")}>
        <div className="field">
          <label className="field__label" htmlFor={ids.assignment}>{t("journal.grid.classSubject")}</label>
          {loadingMeta ? (
            <Skeleton height="2.75rem" />
          ) : (
            <select className="input select"
              id={ids.assignment}
              value={`${classId}|${subjectId}`}
              onChange={(e) => {
                const [c, s] = e.target.value.split("|");
                navigate(`/teach/journal/${c}?subject=${s}${termId ? `&term=${termId}` : ""}`);
              }}
            >
              {assignment ? null : <option value={`${classId}|${subjectId}`}>{title}</option>}
              {mine.map((a) => (
                <option key={a.id} value={`${a.school_class.id}|${a.subject.id}`}>
                  {t("journal.grid.assignmentOption", { className: a.school_class.name, subject: a.subject.name })}
                </option>
              ))}
            </select>
          )}
        </div>
        {terms.length > 0 ? (
          <div className="field">
            <label className="field__label" htmlFor={ids.term}>{t("journal.grid.term")}</label>
            <select className="input select"
              id={ids.term}
              value={term?.id ?? ""}
              onChange={(e) => {
                const next = new URLSearchParams(params);
                next.set("term", e.target.value);
                setParams(next, { replace: true });
              }}
            >
              {terms.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <p className="field__hint journal__range">
          {t("journal.grid.range", {
            from: formatDate(range.from, { locale: language }),
            to: formatDate(range.to, { locale: language }),
          })}
        </p>
      </form>

      {!subjectId && !loadingMeta ? (
        <p className="lead">{t("journal.grid.noSubject")}</p>
      ) : journal.isError ? (
        <div className="jr-error">
          <ProblemAlert error={journal.error} title={t("journal.loadFailed")} />
          <Button onClick={() => void journal.refetch()}>{t("journal.retry")}</Button>
        </div>
      ) : journal.data && workTypes.data && subjects.data ? (
        <>
          <GradeSuggestions
            classId={classId}
            subjectId={subjectId}
            lessons={journal.data.lessons}
            assessment={subject?.assessment ?? "graded"}
            canDecide={mine.some(
              (a) => a.school_class.id === classId && a.subject.id === subjectId && a.teacher.id === me.data?.id,
            )}
          />
          <JournalGrid
            key={`${classId}|${subjectId}|${range.from}|${range.to}`}
            params={{ classId, subjectId, ...range }}
            journal={journal.data}
            assessment={subject?.assessment ?? "graded"}
            workTypes={workTypes.data}
            title={title}
          />
        </>
      ) : workTypes.isError || subjects.isError ? (
        <ProblemAlert error={workTypes.error ?? subjects.error} title={t("journal.loadFailed")} />
      ) : (
        <GridSkeleton />
      )}
      {term && subjectId && classId && journal.data ? (
        <TermSignOff
          key={`${classId}|${subjectId}|${term.id}`}
          params={{ classId, subjectId, termId: term.id }}
          className={className}
          subjectName={subjectName}
          termName={term.name}
          canSign={!!assignment && !admin}
        />
      ) : null}
    </div>
  );
}
