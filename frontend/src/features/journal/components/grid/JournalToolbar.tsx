import { useId } from "react";
import { useTranslation } from "react-i18next";

import { formatWeight } from "@/lib/grades";
import { currentLanguage } from "@/lib/i18n";

import type { WorkType } from "../../api/types";

interface JournalToolbarProps {
  workTypes: WorkType[];
  workTypeCode: string;
  onWorkType: (code: string) => void;
  canUndo: boolean;
  onUndo: () => void;
  /** Cells being saved and cells whose save failed: the grid's one save-state line. */
  saving: number;
  failed: number;
  /** Not for a finger: «Ctrl+Z» in a tooltip means nothing on a phone. */
  keyboardHints: boolean;
}

/** Above the grid: the work type new grades get, undo, and whether everything is saved. */
export function JournalToolbar({ workTypes, workTypeCode, onWorkType, canUndo, onUndo, saving, failed, keyboardHints }: JournalToolbarProps) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const workTypeId = useId();
  return (
    <div className="journal__toolbar">
      {workTypes.length > 0 ? (
        <div className="field">
          <label className="field__label" htmlFor={workTypeId}>{t("journal.grid.workType")}</label>
          <select className="input select" id={workTypeId} value={workTypeCode} onChange={(e) => onWorkType(e.target.value)}>
            {workTypes.map((w) => (
              <option key={w.code} value={w.code}>
                {t("journal.grid.workTypeOption", { name: w.name, weight: formatWeight(w.weight, language) })}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <button
        type="button"
        className="button button--secondary"
        disabled={!canUndo}
        onClick={onUndo}
        title={keyboardHints ? t("journal.grid.undoShortcut") : undefined}
      >
        {t("journal.grid.undo")}
      </button>
      <p className={`journal__save-state${failed ? " journal__save-state--error" : ""}`}>
        {saving > 0
          ? t("journal.grid.saving", { count: saving })
          : failed > 0
            ? t("journal.grid.failedCount", { count: failed })
            : t("journal.grid.allSaved")}
      </p>
    </div>
  );
}
