import type { TFunction } from "i18next";
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { formatDateTime } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { useComparison, useSaveReport, useSavedReports } from "../api/queries";
import type { ReportPeriod } from "../api/types";
import { ReportAck } from "./ReportAck";
import { TableScroll } from "./TableScroll";
import { formatDelta, formatNumber, formatPercent } from "../lib/numbers";

function deltaWords(delta: number | null | undefined, t: TFunction): string {
  if (delta === null || delta === undefined) return "";
  if (delta > 0) return t("reports.compare.up");
  if (delta < 0) return t("reports.compare.down");
  return t("reports.compare.same");
}

function Compare({ studentId, a, b }: { studentId: string; a: string; b: string }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const comparison = useComparison(studentId, a, b);
  if (comparison.isPending) return <Skeleton width="60%" />;
  if (comparison.isError) return <ProblemAlert error={comparison.error} title={t("reports.loadFailed")} />;
  const c = comparison.data;
  return (
    <TableScroll label={t("reports.compare.title")}>
      <table className="rp-table">
        <caption>{t("reports.compare.caption", { a: c.a.title, b: c.b.title })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("reports.subject")}</th>
            <th scope="col" aria-label={t("reports.compare.a")}>A</th>
            <th scope="col" aria-label={t("reports.compare.b")}>B</th>
            <th scope="col">{t("reports.compare.delta")}</th>
          </tr>
        </thead>
        <tbody>
          {c.subjects.map((s) => (
            <tr key={s.subject_id}>
              <th scope="row">{s.name}</th>
              <td>
                {formatNumber(s.a_average, locale)}
                {s.a_term_grade ? <span className="rp-muted"> ({t("reports.termGradeShort", { grade: gradeText(s.a_term_grade, t) })})</span> : null}
              </td>
              <td>
                {formatNumber(s.b_average, locale)}
                {s.b_term_grade ? <span className="rp-muted"> ({t("reports.termGradeShort", { grade: gradeText(s.b_term_grade, t) })})</span> : null}
              </td>
              <td className={s.delta && s.delta < 0 ? "rp-down" : s.delta && s.delta > 0 ? "rp-up" : undefined}>
                {formatDelta(s.delta, locale)} <span className="rp-delta-words">{deltaWords(s.delta, t)}</span>
              </td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t("reports.attendance.rate")}</th>
            <td>{formatPercent(c.attendance.a_rate, locale)}</td>
            <td>{formatPercent(c.attendance.b_rate, locale)}</td>
            <td className={c.attendance.delta && c.attendance.delta < 0 ? "rp-down" : undefined}>
              {formatDelta(c.attendance.delta, locale, 1)} <span className="rp-delta-words">{deltaWords(c.attendance.delta, t)}</span>
            </td>
          </tr>
        </tbody>
      </table>
    </TableScroll>
  );
}

export function gradeText(grade: string, t: TFunction): string {
  if (grade === "pass") return t("reports.pass");
  if (grade === "fail") return t("reports.fail");
  return grade;
}

/** Save the report as it is now; pick two saved ones and see them side by side. */
export function SavedReports({ studentId, period }: { studentId: string; period: ReportPeriod | null }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const ids = { title: useId(), a: useId(), b: useId() };
  const saved = useSavedReports(studentId);
  const save = useSaveReport(studentId);
  const [title, setTitle] = useState("");
  const [a, setA] = useState("");
  const [b, setB] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ period, title }, { onSuccess: () => setTitle("") });
  };
  const items = saved.data ?? [];
  return (
    <section className="rp-section" aria-labelledby="saved-title">
      <h2 id="saved-title">{t("reports.saved.title")}</h2>
      <p className="rp-muted">{t("reports.saved.hint")}</p>
      <form className="card rp-save" onSubmit={submit}>
        <div className="field">
          <label className="field__label" htmlFor={ids.title}>
            {t("reports.saved.name")} <span className="field__optional">{t("reports.saved.optional")}</span>
          </label>
          <input
            id={ids.title}
            className="input"
            value={title}
            maxLength={200}
            placeholder={t("reports.saved.placeholder")}
            onChange={(e) => setTitle(e.target.value)}
          />
        </div>
        <Button type="submit" busy={save.isPending}>
          {t("reports.saved.save")}
        </Button>
      </form>
      {save.isSuccess ? (
        <Alert tone="success" title={t("reports.saved.done")}>
          <p>{t("reports.saved.doneText", { title: save.data.title })}</p>
        </Alert>
      ) : null}
      {save.isError ? <ProblemAlert error={save.error} title={t("reports.saved.failed")} /> : null}
      {saved.isPending ? (
        <Skeleton width="50%" />
      ) : saved.isError ? (
        <ProblemAlert error={saved.error} title={t("reports.loadFailed")} />
      ) : items.length === 0 ? (
        <p className="rp-muted">{t("reports.saved.empty")}</p>
      ) : (
        <>
          <ul className="rp-saved-list">
            {items.map((r) => (
              <li key={r.id}>
                <strong>{r.title}</strong>{" "}
                <span className="rp-muted">
                  {t("reports.saved.savedAt", { date: formatDateTime(r.created_at, { locale }) })}
                </span>
                <ReportAck reportId={r.id} />
              </li>
            ))}
          </ul>
          {items.length >= 2 ? (
            <div className="card rp-compare">
              <h3>{t("reports.compare.title")}</h3>
              <div className="rp-compare__pick">
                {(
                  [
                    ["a", ids.a, a, setA],
                    ["b", ids.b, b, setB],
                  ] as const
                ).map(([key, id, value, set]) => (
                  <div className="field" key={key}>
                    <label className="field__label" htmlFor={id}>
                      {t(`reports.compare.${key}`)}
                    </label>
                    <select id={id} className="input" value={value} onChange={(e) => set(e.target.value)}>
                      <option value="">{t("reports.compare.choose")}</option>
                      {items.map((r) => (
                        <option key={r.id} value={r.id}>
                          {r.title} — {formatDateTime(r.created_at, { locale })}
                        </option>
                      ))}
                    </select>
                  </div>
                ))}
              </div>
              {a && b ? <Compare studentId={studentId} a={a} b={b} /> : <p className="rp-muted">{t("reports.compare.pickTwo")}</p>}
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}
