import type { Ref } from "react";
import { useTranslation } from "react-i18next";

import { gradeText, gradeTone, gradeWord } from "@/lib/grades";
import { currentLanguage } from "@/lib/i18n";

import type { CellStatus, Command, GradeValue } from "../../lib/grid-model";

interface CellActionsProps {
  barRef: Ref<HTMLDivElement>;
  /** «Иванов Максим, 27.11»: the cell the buttons act on. */
  cellName: string;
  values: readonly GradeValue[];
  status: CellStatus | undefined;
  onRun: (command: Command) => void;
  onRetry: () => void;
  /** A grade for a pupil marked «Н», waiting for the teacher to confirm or drop it. */
  confirmAbsent: { value: GradeValue; onConfirm: () => void; onCancel: () => void } | null;
}

/** The buttons under the grid for the cursor's cell: touch users' way to put a grade. */
export function CellActions({ barRef, cellName, values, status, onRun, onRetry, confirmAbsent }: CellActionsProps) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const cursorStatus = status;
  const actionValues = values;
  const run = onRun;
  return (
    <div className="journal__cell-bar" ref={barRef} role="group" aria-label={t("journal.grid.cellActions", { cell: cellName })}>
      <p className="journal__cell-name">{cellName}</p>
      <div className="journal__cell-buttons">
        {actionValues.map((value) => (
          <button key={value} type="button" className={`journal__put grade grade--${gradeTone(value)}`} onClick={() => run({ kind: "grade", value })}>
            <span aria-hidden="true">{gradeText(value, language)}</span>
            <span className="visually-hidden">{t("journal.grid.put", { value: gradeWord(value, language) })}</span>
          </button>
        ))}
        <button type="button" className="journal__put journal__put--absent" onClick={() => run({ kind: "absent" })}>
          <span aria-hidden="true">{t("diary.badge.attendanceShort.absent")}</span>
          <span className="visually-hidden">{t("journal.grid.toggleAbsent")}</span>
        </button>
        <button type="button" className="journal__put journal__put--clear" onClick={() => run({ kind: "clear" })}>
          {t("journal.grid.clear")}
        </button>
      </div>
      {confirmAbsent ? (
        <div
          className="journal__cell-confirm"
          role="alert"
          onKeyDown={(event) => {
            if (event.key === "Escape") confirmAbsent.onCancel();
          }}
        >
          <p>{t("journal.grid.absentWarning", { value: gradeWord(confirmAbsent.value, language) })}</p>
          <div className="journal__cell-buttons">
            {/* Focus goes here: Enter confirms, Escape (or «Отмена») leaves the cell as it was. */}
            <button type="button" className="button button--primary" autoFocus onClick={confirmAbsent.onConfirm}>
              {t("journal.grid.absentPut", { value: gradeText(confirmAbsent.value, language) })}
            </button>
            <button type="button" className="button button--secondary" onClick={confirmAbsent.onCancel}>
              {t("journal.grid.absentCancel")}
            </button>
          </div>
        </div>
      ) : null}
      {cursorStatus?.state === "error" ? (
        <div className="journal__cell-error" role="alert">
          <p>{t("journal.grid.cellError", { message: cursorStatus.message })}</p>
          <button type="button" className="button button--secondary" onClick={() => onRetry()}>
            {t("journal.grid.retry")}
          </button>
        </div>
      ) : null}
    </div>
  );
}
