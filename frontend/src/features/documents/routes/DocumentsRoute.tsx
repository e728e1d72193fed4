import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { PageTitle } from "@/components/ui/PageTitle";

import { DocumentList } from "../components/DocumentList";
import { UploadForm } from "../components/UploadForm";

export default function DocumentsRoute() {
  const { t } = useTranslation();
  return (
    <div className="container page page--narrow">
      <PageTitle title={t("documents.title")} />
      <p className="breadcrumb">
        <Link to="/profile">{t("profile.title")}</Link>
      </p>
      <h1>{t("documents.title")}</h1>
      <p className="lead">{t("documents.lead")}</p>
      <div className="stack">
        <UploadForm />
        <DocumentList />
      </div>
    </div>
  );
}
