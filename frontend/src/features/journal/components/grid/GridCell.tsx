import { memo } from "react";
import { useTranslation } from "react-i18next";

import { gradeText, gradeTone } from "@/lib/grades";
import { currentLanguage } from "@/lib/i18n";

import type { JournalMark } from "../../api/types";
import { cellKey, type CellRef, type CellStatus } from "../../lib/grid-model";

export interface GridCellProps {
  row: number;
  col: number;
  studentId: string;
  lessonId: string;
  /** «Иванов Максим, 27.11»: read first, so a screen reader knows where it is. */
  label: string;
  mark: JournalMark | undefined;
  status: CellStatus | undefined;
  active: boolean;
  cancelled: boolean;
  register: (id: string, element: HTMLTableCellElement | null) => void;
  onFocusCell: (cell: CellRef) => void;
}

/** One cell; re-renders only when its own mark, state or focus changes. */
export const GridCell = memo(function GridCell({
  row,
  col,
  studentId,
  lessonId,
  label,
  mark,
  status,
  active,
  cancelled,
  register,
  onFocusCell,
}: GridCellProps) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const id = cellKey({ row, col });
  const attendance = mark?.attendance && mark.attendance.status !== "present" ? mark.attendance.status : null;
  const empty = (mark?.grades.length ?? 0) === 0 && !attendance;
  return (
    <td
      role="gridcell"
      data-cell={id}
      data-student={studentId}
      data-lesson={lessonId}
      ref={(element) => register(id, element)}
      tabIndex={active ? 0 : -1}
      aria-selected={active}
      className={`journal__cell${active ? " journal__cell--active" : ""}${status ? ` journal__cell--${status.state}` : ""}${cancelled ? " journal__cell--cancelled" : ""}`}
      onClick={() => onFocusCell({ row, col })}
      onFocus={() => {
        if (!active) onFocusCell({ row, col });
      }}
    >
      <span className="visually-hidden">{label}: </span>
      <span className="journal__marks">
        {attendance ? (
          <span className={`journal__att journal__att--${attendance}`}>
            {t(`diary.badge.attendanceShort.${attendance}`)}
            <span className="visually-hidden"> ({t(`diary.badge.attendanceLong.${attendance}`)}) </span>
          </span>
        ) : null}
        {mark?.grades.map((g) => (
          <span key={g.work_type.code} className={`journal__grade grade grade--${gradeTone(g.value)}`} title={g.work_type.name}>
            {gradeText(g.value, language)}
            <span className="visually-hidden"> ({g.work_type.name}) </span>
          </span>
        ))}
        {empty ? <span className="visually-hidden">{t("journal.grid.empty")}</span> : null}
      </span>
      {status?.state === "saving" ? <span className="visually-hidden">, {t("journal.grid.cellSaving")}</span> : null}
      {status?.state === "error" ? (
        <span className="visually-hidden">, {t("journal.grid.cellError", { message: status.message })}</span>
      ) : null}
      {status ? <span className={`journal__state journal__state--${status.state}`} aria-hidden="true" /> : null}
    </td>
  );
});
