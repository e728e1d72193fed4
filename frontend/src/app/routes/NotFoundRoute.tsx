import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { PageTitle } from "@/components/ui/PageTitle";

export default function NotFoundRoute() {
  const { t } = useTranslation();
  return (
    <div className="container page page--narrow">
      <PageTitle title={t("notFound.title")} />
      <h1>{t("notFound.title")}</h1>
      <p className="lead">{t("notFound.text")}</p>
      <Link to="/" className="button button--primary">
        {t("notFound.home")}
      </Link>
    </div>
  );
}
