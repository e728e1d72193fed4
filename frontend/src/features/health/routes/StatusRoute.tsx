import { useTranslation } from "react-i18next";

import { PageTitle } from "@/components/ui/PageTitle";

import { HealthStatus } from "../components/HealthStatus";

export default function StatusRoute() {
  const { t } = useTranslation();
  return (
    <div className="container page page--narrow">
      <PageTitle title={t("status.title")} />
      <h1>{t("status.title")}</h1>
      <p className="lead">{t("status.lead")}</p>
      <HealthStatus />
    </div>
  );
}
