import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useParams } from "react-router";

import { Button } from "@/components/ui/Button";
import { DateField } from "@/components/ui/DateField";
import { GradeBadge } from "@/components/ui/GradeBadge";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { formatDate, fullName } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";
import { ruDateToIso } from "@/lib/masks";

import { periodQuery, useMyStudents, useStudentReport, useStudentTerms } from "../api/queries";
import type { MyStudent, ReportPeriod, StudentReport } from "../api/types";
import { Bars } from "../components/Bars";
import { ExportButtons } from "../components/ExportButtons";
import { SavedReports, gradeText } from "../components/SavedReports";
import { TrendChart } from "../components/TrendChart";
import { formatNumber, formatPercent } from "../lib/numbers";
import "../reports.css";

const CUSTOM = "custom";

function PeriodPicker({ studentId, onPick }: { studentId: string; onPick: (period: ReportPeriod | null) => void }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const id = useId();
  const terms = useStudentTerms(studentId);
  const [choice, setChoice] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const fromIso = ruDateToIso(from);
    const toIso = ruDateToIso(to);
    if (!fromIso || !toIso) return setError(t("reports.period.datesRequired"));
    if (toIso < fromIso) return setError(t("reports.period.order"));
    setError(null);
    onPick({ from: fromIso, to: toIso });
  };
  return (
    <form className="card rp-period" onSubmit={submit} aria-label={t("reports.period.title")}>
      <div className="field">
        <label className="field__label" htmlFor={id}>
          {t("reports.period.title")}
        </label>
        <select
          id={id}
          className="input"
          value={choice}
          onChange={(e) => {
            setChoice(e.target.value);
            if (e.target.value !== CUSTOM) onPick(e.target.value ? { termId: e.target.value } : null);
          }}
        >
          <option value="">{t("reports.period.current")}</option>
          {(terms.data ?? []).map((term) => (
            <option key={term.id} value={term.id}>
              {term.name} ({formatDate(term.starts_on, { locale })} — {formatDate(term.ends_on, { locale })})
            </option>
          ))}
          <option value={CUSTOM}>{t("reports.period.custom")}</option>
        </select>
      </div>
      {choice === CUSTOM ? (
        <div className="rp-period__dates">
          <DateField name="from" label={t("reports.period.from")} value={from} onChange={setFrom} error={error} />
          <DateField name="to" label={t("reports.period.to")} value={to} onChange={setTo} />
          <Button type="submit">{t("reports.period.show")}</Button>
        </div>
      ) : null}
    </form>
  );
}

/** The «пробелы» in words: each fallen average by itself, overdue homework in one line. */
function Gaps({ report }: { report: StudentReport }) {
  const { t } = useTranslation();
  const fell = report.gaps.filter((g) => g.kind === "average_fell");
  const overdue = report.subjects.filter((s) => s.overdue_homework > 0);
  return (
    <section className="rp-section" aria-labelledby="gaps-title">
      <h2 id="gaps-title">{t("reports.gaps.title")}</h2>
      {fell.length === 0 && overdue.length === 0 ? (
        <p className="card rp-gaps rp-gaps--none">{t("reports.gaps.none")}</p>
      ) : (
        <ul className="card rp-gaps">
          {fell.map((gap) => (
            <li key={gap.subject_id}>{gap.text}</li>
          ))}
          {overdue.length > 0 ? (
            <li>
              {t("reports.gaps.homeworkList", {
                list: overdue.map((s) => `${s.name} — ${s.overdue_homework}`).join(", "),
              })}
            </li>
          ) : null}
        </ul>
      )}
    </section>
  );
}

function Subjects({ report }: { report: StudentReport }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  if (report.subjects.length === 0) {
    return <p className="card rp-empty">{t("reports.noSubjects")}</p>;
  }
  return (
    <section className="rp-section" aria-labelledby="subjects-title">
      <h2 id="subjects-title">{t("reports.subjects")}</h2>
      <div className="rp-subjects">
        {report.subjects.map((s) => (
          <article key={s.subject_id} className="card rp-subject" aria-labelledby={`subject-${s.subject_id}`}>
            <header className="rp-subject__head">
              <h3 id={`subject-${s.subject_id}`}>{s.name}</h3>
              <p className="rp-subject__numbers">
                {s.assessment === "graded" ? (
                  <span>
                    {t("reports.average")}: <strong>{formatNumber(s.average, locale)}</strong>
                  </span>
                ) : (
                  <span>{t("reports.passFailSubject")}</span>
                )}
                <span>
                  {t("reports.termGrade")}: <strong>{s.term_grade ? gradeText(s.term_grade, t) : t("reports.notYet")}</strong>
                </span>
              </p>
            </header>
            {s.grades.length === 0 ? (
              <p className="rp-muted">{t("reports.noGrades")}</p>
            ) : s.assessment === "graded" && s.trend.length > 0 ? (
              <TrendChart subject={s} from={report.period.from} to={report.period.to} />
            ) : null}
            {s.grades.length > 0 ? (
              <ul className="rp-grades" aria-label={t("reports.gradesOf", { subject: s.name })}>
                {s.grades.map((g, i) => (
                  <li key={`${g.date}-${i}`}>
                    <GradeBadge value={g.value} workType={{ name: g.work_type, weight: g.weight }} />
                    <span className="rp-grades__date">{formatDate(g.date, { locale }).replace(/\s\d{4}.*$/u, "")}</span>
                  </li>
                ))}
              </ul>
            ) : null}
            {s.overdue_homework > 0 ? (
              <p className="rp-warn">{t("reports.overdue", { count: s.overdue_homework })}</p>
            ) : null}
          </article>
        ))}
      </div>
    </section>
  );
}

function Attendance({ report }: { report: StudentReport }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const a = report.attendance;
  const monthName = (month: string) =>
    new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${month}-01T00:00:00Z`));
  return (
    <section className="rp-section" aria-labelledby="attendance-title">
      <h2 id="attendance-title">{t("reports.attendance.title")}</h2>
      <div className="card">
        <p>
          {t("reports.attendance.summary", {
            rate: formatPercent(a.attendance_rate, locale),
            held: a.lessons_held,
            absent: a.absent,
            excused: a.absent_excused,
            late: a.late,
          })}
        </p>
        {a.months.length > 0 ? (
          <Bars
            title={t("reports.attendance.byMonth")}
            max={100}
            bars={a.months.map((m) => ({
              key: m.month,
              label: monthName(m.month),
              value: m.attendance_rate ?? 0,
              text: t("reports.attendance.monthText", {
                rate: formatPercent(m.attendance_rate, locale),
                missed: m.absent + m.absent_excused,
              }),
            }))}
          />
        ) : null}
      </div>
    </section>
  );
}

function Report({ student, students }: { student: MyStudent; students: MyStudent[] }) {
  const { t } = useTranslation();
  const [period, setPeriod] = useState<ReportPeriod | null>(null);
  const report = useStudentReport(student.id, period);
  return (
    <div className="container page rp-page">
      <PageTitle title={t("reports.title")} />
      <div className="rp-head">
        <h1>{t("reports.title")}</h1>
        <p className="rp-head__who">
          {fullName(student)} · {t("reports.classAt", { className: student.school_class.name, school: student.school.name })}
        </p>
        {students.length > 1 ? (
          <nav aria-label={t("reports.switchChild")} className="rp-children">
            {students.map((s) => (
              <Link key={s.id} to={`/reports/${s.id}`} aria-current={s.id === student.id ? "page" : undefined} className="rp-children__link">
                {s.first_name} <span className="rp-muted">{s.school_class.name}</span>
              </Link>
            ))}
          </nav>
        ) : null}
      </div>
      <PeriodPicker studentId={student.id} onPick={setPeriod} />
      {report.isPending ? (
        <div className="card">
          <Skeleton width="40%" />
          <Skeleton width="80%" />
          <Skeleton width="70%" />
        </div>
      ) : report.isError ? (
        <div className="rp-section">
          <ProblemAlert error={report.error} title={t("reports.loadFailed")} />
          <Button onClick={() => void report.refetch()}>{t("reports.retry")}</Button>
        </div>
      ) : (
        <div aria-busy={report.isFetching || undefined}>
          <p className="rp-period-title">
            {t("reports.periodIs", { title: report.data.period.title })}
          </p>
          <ExportButtons
            title={t("reports.export.studentReport")}
            request={{ kind: "student_report", student_id: student.id, ...periodQuery(period) }}
          />
          <Gaps report={report.data} />
          <Subjects report={report.data} />
          <Attendance report={report.data} />
        </div>
      )}
      <SavedReports studentId={student.id} period={period} />
    </div>
  );
}

export default function StudentReportRoute() {
  const { t } = useTranslation();
  const { studentId } = useParams();
  const students = useMyStudents();
  if (students.isPending) {
    return (
      <div className="container page">
        <Skeleton width="30%" height="2rem" />
      </div>
    );
  }
  if (students.isError) {
    return (
      <div className="container page">
        <ProblemAlert error={students.error} title={t("reports.loadFailed")} />
      </div>
    );
  }
  const first = students.data[0];
  if (!studentId) {
    if (first) return <Navigate to={`/reports/${first.id}`} replace />;
    return (
      <div className="container page page--narrow">
        <h1>{t("reports.title")}</h1>
        <p className="lead">{t("reports.noChildren")}</p>
        <Link to="/children" className="button button--primary">
          {t("reports.toChildren")}
        </Link>
      </div>
    );
  }
  const student = students.data.find((s) => s.id === studentId);
  if (!student) {
    return (
      <div className="container page page--narrow">
        <h1>{t("reports.notFoundTitle")}</h1>
        <p className="lead">{t("reports.notFoundText")}</p>
        <Link to="/reports" className="button button--primary">
          {t("reports.toReports")}
        </Link>
      </div>
    );
  }
  return <Report key={student.id} student={student} students={students.data} />;
}
