import { useId, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { DateField } from "@/components/ui/DateField";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { hasAnyRole, useMe } from "@/lib/auth/hooks";
import { currentLanguage } from "@/lib/i18n";
import { todayIn } from "@/lib/iso-week";
import { isoToRuDate, ruDateToIso } from "@/lib/masks";

import { useClassAnalytics, useJournalCompleteness, useMyClasses, useSchoolAnalytics } from "../api/queries";
import type { ClassAnalytics, SubjectIndicators } from "../api/types";
import { Bars } from "../components/Bars";
import { ExportButtons } from "../components/ExportButtons";
import { TableScroll } from "../components/TableScroll";
import { formatNumber, formatPercent } from "../lib/numbers";
import "../reports.css";

const GRADES = ["5", "4", "3", "2", "1"] as const;

function Distribution({ subject }: { subject: SubjectIndicators }) {
  const { t } = useTranslation();
  const d = subject.distribution;
  const max = Math.max(1, ...GRADES.map((g) => d[g]));
  return (
    <Bars
      tone="grades"
      title={t("reports.class.distributionOf", { subject: subject.name })}
      max={max}
      bars={GRADES.slice(0, 4)
        .concat(d["1"] ? ["1"] : [])
        .map((g) => ({ key: g, label: t("reports.class.gradeLabel", { grade: g }), value: d[g], text: t("reports.class.students", { count: d[g] }) }))}
    />
  );
}

function ClassView({ analytics, files }: { analytics: ClassAnalytics; files: ReactNode }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const graded = analytics.subjects.filter((s) => s.assessment === "graded" && s.students_graded > 0);
  return (
    <>
      <p className="rp-period-title">
        {t("reports.class.summary", {
          className: analytics.class_name,
          term: analytics.term_title,
          count: analytics.students_count,
          rate: formatPercent(analytics.attendance_rate, locale),
        })}
      </p>
      {analytics.subjects.length === 0 ? (
        <p className="card rp-empty">{t("reports.class.noSubjects")}</p>
      ) : (
        <TableScroll label={t("reports.class.caption", { className: analytics.class_name })}>
          <table className="rp-table">
            <caption>{t("reports.class.caption", { className: analytics.class_name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("reports.subject")}</th>
                <th scope="col">{t("reports.class.teacher")}</th>
                <th scope="col">{t("reports.class.graded")}</th>
                <th scope="col">{t("reports.class.success")}</th>
                <th scope="col">{t("reports.class.quality")}</th>
                <th scope="col">{t("reports.class.sou")}</th>
                <th scope="col">{t("reports.class.average")}</th>
              </tr>
            </thead>
            <tbody>
              {analytics.subjects.map((s) => (
                <tr key={s.subject_id}>
                  <th scope="row">
                    {s.name}
                    {s.assessment === "pass_fail" ? <span className="rp-muted"> ({t("reports.passFailShort")})</span> : null}
                  </th>
                  <td>{s.teacher_name ?? "—"}</td>
                  <td>{s.students_graded}</td>
                  <td>{formatPercent(s.success_rate, locale)}</td>
                  <td>{formatPercent(s.quality_rate, locale)}</td>
                  <td>{formatPercent(s.sou, locale)}</td>
                  <td>{formatNumber(s.average, locale, 1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {files}
      {graded.length > 0 ? (
        <div className="rp-distributions">
          {graded.map((s) => (
            <div className="card" key={s.subject_id}>
              <Distribution subject={s} />
            </div>
          ))}
        </div>
      ) : null}
    </>
  );
}

/** The class's files: its analytics, the «сводная ведомость», attendance by student. */
function ClassExports({ classId, termId }: { classId: string; termId: string }) {
  const { t } = useTranslation();
  const target = { class_id: classId, term_id: termId };
  return (
    <div className="rp-exports">
      <ExportButtons title={t("reports.export.classSummary")} request={{ kind: "class_summary", ...target }} />
      <ExportButtons title={t("reports.export.classAnalytics")} request={{ kind: "class_analytics", ...target }} />
      <ExportButtons title={t("reports.export.classAttendance")} request={{ kind: "attendance", ...target }} />
    </div>
  );
}

/** `suggested`: the first class with students (the administration's school analytics know it). */
function ClassSection({ suggested }: { suggested: string | null }) {
  const { t } = useTranslation();
  const id = useId();
  const classes = useMyClasses();
  const [chosen, setChosen] = useState<string | null>(null);
  const classId = chosen ?? suggested ?? classes.data?.[0]?.id ?? null;
  const analytics = useClassAnalytics(classId);
  return (
    <section className="rp-section" aria-labelledby="class-title">
      <h2 id="class-title">{t("reports.class.title")}</h2>
      {classes.isPending ? (
        <Skeleton width="40%" />
      ) : classes.isError ? (
        <ProblemAlert error={classes.error} title={t("reports.loadFailed")} />
      ) : classes.data.length === 0 ? (
        <p className="card rp-empty">{t("reports.class.noClasses")}</p>
      ) : (
        <>
          <div className="field rp-narrow">
            <label className="field__label" htmlFor={id}>
              {t("reports.class.pick")}
            </label>
            <select id={id} className="input" value={classId ?? ""} onChange={(e) => setChosen(e.target.value)}>
              {classes.data.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          {analytics.isPending ? (
            <Skeleton width="70%" />
          ) : analytics.isError ? (
            <ProblemAlert error={analytics.error} title={t("reports.loadFailed")} />
          ) : (
            <ClassView
              analytics={analytics.data}
              files={<ClassExports classId={analytics.data.class_id} termId={analytics.data.term_id} />}
            />
          )}
        </>
      )}
    </section>
  );
}

function SchoolSection({ schoolId }: { schoolId: string }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const analytics = useSchoolAnalytics(schoolId);
  if (analytics.isPending) return <Skeleton width="60%" />;
  if (analytics.isError) return <ProblemAlert error={analytics.error} title={t("reports.loadFailed")} />;
  const { school, classes } = analytics.data;
  const average = (c: ClassAnalytics, key: "success_rate" | "quality_rate") => {
    const values = c.subjects.map((s) => s[key]).filter((v): v is number => v !== null && v !== undefined);
    return values.length ? values.reduce((x, y) => x + y, 0) / values.length : null;
  };
  return (
    <section className="rp-section" aria-labelledby="school-title">
      <h2 id="school-title">{t("reports.school.title", { term: analytics.data.term_title })}</h2>
      <dl className="card rp-facts">
        <div>
          <dt>{t("reports.class.success")}</dt>
          <dd>{formatPercent(school.success_rate, locale)}</dd>
        </div>
        <div>
          <dt>{t("reports.class.quality")}</dt>
          <dd>{formatPercent(school.quality_rate, locale)}</dd>
        </div>
        <div>
          <dt>{t("reports.class.sou")}</dt>
          <dd>{formatPercent(school.sou, locale)}</dd>
        </div>
        <div>
          <dt>{t("reports.class.average")}</dt>
          <dd>{formatNumber(school.average, locale, 1)}</dd>
        </div>
        <div>
          <dt>{t("reports.attendance.rate")}</dt>
          <dd>{formatPercent(school.attendance_rate, locale)}</dd>
        </div>
        <div>
          <dt>{t("reports.school.students")}</dt>
          <dd>{school.students_count}</dd>
        </div>
      </dl>
      <ExportButtons
        title={t("reports.export.schoolAnalytics")}
        request={{ kind: "school_analytics", school_id: schoolId, term_id: analytics.data.term_id }}
      />
      <Bars
        title={t("reports.school.qualityByClass")}
        max={100}
        bars={classes.filter((c) => c.students_count > 0).map((c) => {
          const quality = average(c, "quality_rate");
          return { key: c.class_id, label: c.class_name, value: quality ?? 0, text: formatPercent(quality === null ? null : Math.round(quality * 10) / 10, locale) };
        })}
      />
    </section>
  );
}

function CompletenessSection({ schoolId }: { schoolId: string }) {
  const { t } = useTranslation();
  const today = todayIn();
  const [from, setFrom] = useState(isoToRuDate(`${today.slice(0, 8)}01`));
  const [to, setTo] = useState(isoToRuDate(today));
  const fromIso = ruDateToIso(from) ?? `${today.slice(0, 8)}01`;
  const toIso = ruDateToIso(to) ?? today;
  const completeness = useJournalCompleteness(schoolId, fromIso, toIso);
  return (
    <section className="rp-section" aria-labelledby="completeness-title">
      <h2 id="completeness-title">{t("reports.completeness.title")}</h2>
      <p className="rp-muted">{t("reports.completeness.hint")}</p>
      <div className="rp-period__dates">
        <DateField name="completeness-from" label={t("reports.period.from")} value={from} onChange={setFrom} />
        <DateField name="completeness-to" label={t("reports.period.to")} value={to} onChange={setTo} />
      </div>
      {completeness.isPending ? (
        <Skeleton width="60%" />
      ) : completeness.isError ? (
        <ProblemAlert error={completeness.error} title={t("reports.loadFailed")} />
      ) : completeness.data.items.length === 0 ? (
        <p className="card rp-empty">{t("reports.completeness.empty")}</p>
      ) : (
        <TableScroll label={t("reports.completeness.caption")}>
          <table className="rp-table">
            <caption>{t("reports.completeness.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("reports.completeness.teacher")}</th>
                <th scope="col">{t("reports.completeness.held")}</th>
                <th scope="col">{t("reports.completeness.withoutTopic")}</th>
                <th scope="col">{t("reports.completeness.withoutAttendance")}</th>
                <th scope="col">{t("reports.completeness.lateGrades")}</th>
              </tr>
            </thead>
            <tbody>
              {completeness.data.items.map((item) => (
                <tr key={item.teacher_id}>
                  <th scope="row">{item.name}</th>
                  <td>{item.lessons_held}</td>
                  <td>{item.without_topic}</td>
                  <td>{item.without_attendance}</td>
                  <td>{item.late_grades}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

export default function SchoolReportsRoute() {
  const { t } = useTranslation();
  const me = useMe();
  const admin = me.data && hasAnyRole(me.data, ["school_admin"]) && me.data.school_id ? me.data.school_id : null;
  const school = useSchoolAnalytics(admin);
  const suggested = school.data?.classes.find((c) => c.students_count > 0)?.class_id ?? null;
  return (
    <div className="container page rp-page">
      <PageTitle title={t("reports.staffTitle")} />
      <h1>{t("reports.staffTitle")}</h1>
      {admin && school.isPending ? <Skeleton width="40%" /> : <ClassSection suggested={suggested} />}
      {admin ? (
        <>
          <SchoolSection schoolId={admin} />
          <CompletenessSection schoolId={admin} />
        </>
      ) : null}
    </div>
  );
}
