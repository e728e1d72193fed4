import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

import { SignWithCode } from "@/components/ui/SignWithCode";
import { api, unwrap } from "@/lib/api";
import { hasAnyRole, useMe } from "@/lib/auth/hooks";
import { formatDateTime } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

const acksKey = ["signatures", "report_ack"] as const;

/** «Подписать» under a saved report (a guardian acknowledges it by SMS code), or when it was signed. */
export function ReportAck({ reportId }: { reportId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const client = useQueryClient();
  const guardian = me.data ? hasAnyRole(me.data, ["parent"]) : false;
  const acks = useQuery({
    queryKey: acksKey,
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/signatures", { params: { query: { subject_type: "report_ack", limit: 200 } }, signal })),
    enabled: guardian,
  });
  if (!guardian || !acks.data) return null;
  const signed = acks.data.items.find((s) => s.subject_id === reportId);
  if (signed) {
    return (
      <span className="rp-ack rp-ack--done">
        {t("signature.signed", { date: formatDateTime(signed.signed_at, { locale: currentLanguage() }) })}
      </span>
    );
  }
  return (
    <div className="rp-ack">
      <SignWithCode
        subjectType="report_ack"
        subjectId={reportId}
        label={t("signature.sign")}
        onSigned={() => void client.invalidateQueries({ queryKey: acksKey })}
      />
    </div>
  );
}
