import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { PageTitle } from "@/components/ui/PageTitle";

import { ConsentsSection } from "../components/ConsentsSection";
import { DataExportSection } from "../components/DataExportSection";
import { ErasureSection } from "../components/ErasureSection";

import "./privacy.css";

/** «Мои данные»: the rights 152-ФЗ gives a person over what the diary holds about them. */
export default function PrivacyRoute() {
  const { t } = useTranslation();
  return (
    <div className="container page page--narrow">
      <PageTitle title={t("privacy.title")} />
      <p>
        <Link to="/profile">{t("privacy.back")}</Link>
      </p>
      <h1>{t("privacy.title")}</h1>
      <p>{t("privacy.lead")}</p>
      <div className="stack">
        <DataExportSection />
        <ConsentsSection />
        <ErasureSection />
      </div>
    </div>
  );
}
