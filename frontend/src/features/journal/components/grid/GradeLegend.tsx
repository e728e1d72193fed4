import { useTranslation } from "react-i18next";

import { GradeBadge } from "@/components/ui/GradeBadge";

export function GradeLegend({ values }: { values: (number | "pass" | "fail")[] }) {
  const { t } = useTranslation();
  return (
    <p className="journal__legend">
      {values.map((value) => (
        <GradeBadge key={String(value)} value={value} />
      ))}
      <span>
        {t("diary.badge.attendanceShort.absent")} — {t("diary.badge.attendanceLong.absent")}; {t("diary.badge.attendanceShort.late")} —{" "}
        {t("diary.badge.attendanceLong.late")}; {t("diary.badge.attendanceShort.excused")} — {t("diary.badge.attendanceLong.excused")}
      </span>
    </p>
  );
}
