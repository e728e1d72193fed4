import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { useMe } from "@/lib/auth/hooks";

import { SessionsSection } from "../components/SessionsSection";
import { SmsSection } from "../components/SmsSection";
import { TotpSection } from "../components/TotpSection";

export default function SecurityRoute() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <div className="container page page--narrow">
      <PageTitle title={t("security.title")} />
      <h1>{t("security.title")}</h1>
      <p className="lead">{t("security.lead")}</p>
      {me.isPending ? (
        <div className="card section-card" role="status" aria-busy="true">
          <span className="visually-hidden">{t("app.loading")}</span>
          <Skeleton width="60%" />
          <Skeleton width="80%" />
        </div>
      ) : me.isError ? (
        <div className="stack">
          <ProblemAlert error={me.error} />
          <Button onClick={() => void me.refetch()}>{t("status.retry")}</Button>
        </div>
      ) : (
        <div className="stack">
          <SmsSection me={me.data} />
          <TotpSection me={me.data} />
          <SessionsSection />
        </div>
      )}
    </div>
  );
}
