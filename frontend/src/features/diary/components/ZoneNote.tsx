import { useTranslation } from "react-i18next";

import { Alert } from "@/components/ui/Alert";
import { currentLanguage } from "@/lib/i18n";
import { formatOffset, zoneCity, zoneDifference } from "@/lib/school-time";

/** Says so when lesson times (the school's clock) differ from the viewer's clock. */
export function ZoneNote({ timeZone, at }: { timeZone: string; at?: Date }) {
  const { t } = useTranslation();
  const difference = zoneDifference(timeZone, at);
  if (!difference) return null;
  return (
    <Alert tone="info" live={false} className="zone-note">
      <p>
        {t("diary.zoneNote", {
          city: zoneCity(timeZone, currentLanguage()),
          school: formatOffset(difference.schoolOffset),
          viewer: formatOffset(difference.viewerOffset),
        })}
      </p>
    </Alert>
  );
}
