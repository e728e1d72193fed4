import { useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { GradeBadge } from "@/components/ui/GradeBadge";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { formatDate } from "@/lib/format";
import { formatAverage, formatWeight, gradeWord, type GradeValue } from "@/lib/grades";
import { currentLanguage } from "@/lib/i18n";

import { useAverage, useWhatIf, type Hypothetical } from "../api/grades";
import type { AverageOut } from "../api/types";
import { whatIf } from "../lib/what-if";

const DEFAULT_TYPE = "";

function Formula({ average }: { average: AverageOut }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  if (average.assessment === "pass_fail") {
    return <p className="explain__formula">{t("diary.explain.passFail")}</p>;
  }
  if (average.average === null) {
    return <p className="explain__formula">{t("diary.explain.none")}</p>;
  }
  const n = (x: number) => formatWeight(x, language);
  // Each term of the sum written out, so «18 / 4» can be checked by eye (a term's grades
  // rarely run past a few dozen; beyond that the line would not help).
  const counted = average.grades.filter((g) => typeof g.value === "number");
  return (
    <div className="explain__formula">
      {counted.length > 0 && counted.length <= 40 ? (
        <p>
          {t("diary.explain.sum", {
            terms: counted.map((g) => `${g.value}\u00a0×\u00a0${n(g.work_type.weight)}`).join(" + "),
            sum: n(average.weighted_sum),
            weights: counted.map((g) => n(g.work_type.weight)).join(" + "),
            total: n(average.weight_total),
          })}
        </p>
      ) : null}
      <p>
        {t("diary.explain.formula", {
          sum: n(average.weighted_sum),
          weights: n(average.weight_total),
          average: formatAverage(average.average, language),
        })}
      </p>
      <p>
        {t("diary.explain.thresholds", {
          five: formatAverage(average.thresholds.five_from, language),
          four: formatAverage(average.thresholds.four_from, language),
          three: formatAverage(average.thresholds.three_from, language),
        })}
      </p>
      {average.result !== null ? (
        <p>
          <strong>{t("diary.explain.result", { result: gradeWord(average.result, language) })}</strong>
        </p>
      ) : null}
    </div>
  );
}

/** «Что если»: hypothetical grades change the average at once; nothing is saved. */
function WhatIf({ studentId, average }: { studentId: string; average: AverageOut }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const selectId = useId();
  const passFail = average.assessment === "pass_fail";
  // Work types the family has seen in this subject; the school's default otherwise.
  const seen = new Map(average.grades.filter((g) => !g.hypothetical).map((g) => [g.work_type.code, g.work_type]));
  const types = [...seen.values()];
  const [workType, setWorkType] = useState<string>(types[0]?.code ?? DEFAULT_TYPE);
  const [added, setAdded] = useState<Hypothetical[]>([]);
  const server = useWhatIf(studentId, average.subject.id, average.term.id, added);

  const weightOf = (code: string | null) => (code ? seen.get(code)?.weight : undefined);
  const allKnown = added.every((h) => weightOf(h.workType) !== undefined);
  const local = allKnown
    ? whatIf(
        average.grades.filter((g) => !g.hypothetical).map((g) => ({ value: g.value, weight: g.work_type.weight })),
        added.map((h) => ({ value: h.value, weight: weightOf(h.workType)! })),
        average.thresholds,
        average.assessment,
      )
    : null;
  const shown = server.data && !server.isPlaceholderData
    ? { average: server.data.average, result: server.data.result }
    : local
      ? { average: local.average, result: local.result }
      : null;
  const values: GradeValue[] = passFail ? ["pass", "fail"] : [5, 4, 3, 2, 1];

  return (
    <div className="what-if">
      <h3>{t("diary.whatIf.title")}</h3>
      <p className="muted">{t("diary.whatIf.lead")}</p>
      <div className="what-if__row">
        {types.length > 0 ? (
          <div className="field">
            <label className="field__label" htmlFor={selectId}>{t("diary.whatIf.workType")}</label>
            <select className="input select" id={selectId} value={workType} onChange={(e) => setWorkType(e.target.value)}>
              {types.map((type) => (
                <option key={type.code} value={type.code}>
                  {t("diary.whatIf.typeOption", { name: type.name, weight: formatWeight(type.weight, language) })}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div role="group" aria-label={t("diary.whatIf.add")} className="what-if__values">
          {values.map((value) => (
            <button
              key={String(value)}
              type="button"
              className="what-if__value"
              onClick={() =>
                setAdded((list) => (list.length >= 30 ? list : [...list, { value, workType: workType || null }]))
              }
            >
              <span aria-hidden="true">+{passFail ? gradeWord(value, language) : value}</span>
              <span className="visually-hidden">{t("diary.whatIf.addValue", { value: gradeWord(value, language) })}</span>
            </button>
          ))}
        </div>
      </div>
      {added.length > 0 ? (
        <>
          <ul className="what-if__chips" aria-label={t("diary.whatIf.added")}>
            {added.map((h, index) => (
              <li key={index} className="what-if__chip">
                <GradeBadge value={h.value} />
                <span className="muted">{h.workType ? seen.get(h.workType)?.name : t("diary.whatIf.defaultType")}</span>
                <button
                  type="button"
                  className="what-if__remove"
                  onClick={() => setAdded((list) => list.filter((_, i) => i !== index))}
                  aria-label={t("diary.whatIf.remove", { value: gradeWord(h.value, language) })}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
          <p className="what-if__result" role="status">
            {shown === null
              ? t("diary.whatIf.counting")
              : passFail
                ? t("diary.whatIf.resultPassFail", { result: shown.result === null ? "—" : gradeWord(shown.result, language) })
                : t("diary.whatIf.result", {
                    average: shown.average === null ? "—" : formatAverage(shown.average, language),
                    result: shown.result === null ? "—" : gradeWord(shown.result, language),
                  })}
          </p>
          {server.isError ? <ProblemAlert error={server.error} /> : null}
          <Button variant="secondary" className="what-if__reset" onClick={() => setAdded([])}>
            {t("diary.whatIf.reset")}
          </Button>
        </>
      ) : null}
    </div>
  );
}

export function AverageExplain({ studentId, subjectId, termId }: { studentId: string; subjectId: string; termId?: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const average = useAverage(studentId, subjectId, termId);
  if (average.isPending) {
    return (
      <div className="explain" role="status" aria-busy="true">
        <span className="visually-hidden">{t("diary.loading")}</span>
        <Skeleton width="80%" />
        <Skeleton width="60%" />
      </div>
    );
  }
  if (average.isError) {
    return (
      <div className="explain">
        <ProblemAlert error={average.error} />
        <Button variant="secondary" onClick={() => void average.refetch()}>
          {t("diary.retry")}
        </Button>
      </div>
    );
  }
  const data = average.data;
  return (
    <div className="explain">
      <h3>{t("diary.explain.title")}</h3>
      <p>
        {t("diary.explain.term", {
          term: data.term.name,
          from: formatDate(data.term.starts_on, { locale: language }),
          to: formatDate(data.term.ends_on, { locale: language }),
        })}
      </p>
      {data.grades.length > 0 ? (
        <ul className="what-if__chips" aria-label={t("diary.explain.grades")}>
          {data.grades.map((g, index) => (
            <li key={index} className="explain__grade">
              <GradeBadge
                value={g.value}
                workType={g.work_type}
                note={g.date ? formatDate(g.date, { locale: language }) : null}
              />
              {/* The weight in sight, not only in the tip: the sum below is checked with it. */}
              <span className="explain__weight" title={t("diary.explain.weightOf", { weight: formatWeight(g.work_type.weight, language) })} aria-hidden="true">
                ×{formatWeight(g.work_type.weight, language)}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      <Formula average={data} />
      <WhatIf studentId={studentId} average={data} />
    </div>
  );
}
