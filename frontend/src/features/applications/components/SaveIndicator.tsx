import { useTranslation } from "react-i18next";

import { ApiProblem } from "@/lib/api";
import { formatTime } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import type { SaveState } from "../lib/autosave";

/** «Черновик сохранён · 21:47», «Сохраняем черновик…», or what went wrong and «Сохранить сейчас». */
export function SaveIndicator({
  state,
  savedAt,
  error,
  onRetry,
}: {
  state: SaveState;
  savedAt: Date | null;
  error: unknown;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  let text: string;
  let tone = "save-indicator";
  if (state === "error") {
    tone += " save-indicator--error";
    const refused = error instanceof ApiProblem && error.status >= 400 && error.status < 500;
    text = refused ? (error.problem?.detail ?? t("applications.save.refused")) : t("applications.save.failed");
  } else if (state === "pending" || state === "saving") {
    text = t("applications.save.saving");
  } else if (savedAt) {
    tone += " save-indicator--saved";
    text = t("applications.save.saved", { time: formatTime(savedAt, { locale: currentLanguage() }) });
  } else {
    text = t("applications.save.auto");
  }
  return (
    <div className={tone}>
      <p role="status" aria-live="polite" className="save-indicator__text">
        {text}
      </p>
      {state === "error" ? (
        <button type="button" className="button button--link" onClick={onRetry}>
          {t("applications.save.retry")}
        </button>
      ) : null}
    </div>
  );
}
