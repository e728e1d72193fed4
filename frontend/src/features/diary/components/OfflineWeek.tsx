import { useTranslation } from "react-i18next";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { formatDateTime } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";
import { weekDays } from "@/lib/iso-week";
import type { OfflineWeek as Kept } from "@/lib/offline-week";
import { formatDayRange } from "@/lib/school-time";

import { WeekView } from "./WeekView";
import "../diary.css";

/**
 * The kept week on the «no connection» screen: read as it was saved, nothing to tick or
 * write, and said so above it. ``onRetry`` asks the server again (the session may be
 * alive: only the network was missing).
 */
export function OfflineWeek({ kept, onRetry }: { kept: Kept; onRetry: () => void }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const { diary } = kept;
  const days = weekDays(diary.week);
  const offline = typeof navigator !== "undefined" && navigator.onLine === false;
  const student = diary.student;
  return (
    <div className="container page diary-page">
      <h1>{t("diary.title")}</h1>
      <Alert tone="warning" title={offline ? t("diary.offline.title") : t("diary.offline.serverTitle")}>
        <p>
          {t("diary.offline.text", {
            date: formatDateTime(kept.savedAt, { locale }),
          })}
        </p>
        <Button onClick={onRetry}>{t("status.retry")}</Button>
      </Alert>
      <p className="dy-offline__who">
        {student.last_name} {student.first_name} ·{" "}
        {t("diary.classAt", { className: student.school_class.name, school: student.school.name })}
      </p>
      <p className="week-nav__range">{formatDayRange(days[0]!, days[6]!, locale)}</p>
      <WeekView diary={diary} canTickHomework={false} onHomeworkDone={() => undefined} readOnly />
    </div>
  );
}
