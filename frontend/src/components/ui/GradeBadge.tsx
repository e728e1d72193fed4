import { useTranslation } from "react-i18next";

import { formatWeight, gradeText, gradeTone, gradeWord, type GradeValue } from "@/lib/grades";
import { currentLanguage } from "@/lib/i18n";

import "./grade-badge.css";

export interface GradeBadgeProps {
  value: GradeValue;
  workType?: { name: string; weight: number } | null;
  comment?: string | null;
  /** Extra line in the details, e.g. the date. */
  note?: string | null;
  size?: "normal" | "large";
  /** At the right edge of its box: the details open leftwards. */
  align?: "start" | "end";
}

/**
 * A grade: its digit (or «зач» / «н/з») on its colour, the work type and weight on hover
 * (title) and on tap or Enter (a disclosure). Screen readers hear «5, Контрольная
 * работа, вес 2».
 */
export function GradeBadge({ value, workType, comment, note, size = "normal", align = "start" }: GradeBadgeProps) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const tone = gradeTone(value);
  const details = [
    workType ? workType.name : null,
    workType ? t("diary.badge.weight", { weight: formatWeight(workType.weight, language) }) : null,
    comment || null,
    note || null,
  ].filter((part): part is string => !!part);
  const className = `grade grade--${tone}${size === "large" ? " grade--large" : ""}`;
  if (details.length === 0) {
    return (
      <span className={className}>
        <span aria-hidden="true">{gradeText(value, language)}</span>
        <span className="visually-hidden">{t("diary.badge.grade", { value: gradeWord(value, language) })}</span>
      </span>
    );
  }
  return (
    <details className={`grade-tip${align === "end" ? " grade-tip--end" : ""}`}>
      <summary className={className} title={details.join(" · ")}>
        <span aria-hidden="true">{gradeText(value, language)}</span>
        <span className="visually-hidden">
          {t("diary.badge.grade", { value: gradeWord(value, language) })}, {details.join(", ")}
        </span>
      </summary>
      <div className="grade-tip__panel" aria-hidden="true">
        <strong>{gradeWord(value, language)}</strong>
        {details.map((line) => (
          <span key={line}>{line}</span>
        ))}
      </div>
    </details>
  );
}

export type AttendanceStatus = "present" | "absent" | "late" | "excused";

/** «Н» absent, «ОП» late (with minutes), «УП» excused; nothing for present. */
export function AttendanceBadge({
  status,
  minutesLate,
  reason,
}: {
  status: AttendanceStatus;
  minutesLate?: number | null;
  reason?: string | null;
}) {
  const { t } = useTranslation();
  if (status === "present") return null;
  const short = t(`diary.badge.attendanceShort.${status}`);
  const long =
    status === "late" && minutesLate
      ? t("diary.badge.lateMinutes", { minutes: minutesLate })
      : t(`diary.badge.attendanceLong.${status}`);
  const full = reason ? `${long}: ${reason}` : long;
  return (
    <span className={`attendance attendance--${status}`} title={full}>
      <span aria-hidden="true">
        {short}
        {status === "late" && minutesLate ? ` ${t("diary.badge.minutesShort", { minutes: minutesLate })}` : null}
      </span>
      <span className="visually-hidden">{full}</span>
    </span>
  );
}
