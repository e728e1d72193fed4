import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";

import { PageTitle } from "@/components/ui/PageTitle";

import { CategoryIcon } from "../components/CategoryIcon";
import { isCategory, servicesIn } from "../lib/catalog";

import "@/styles/records.css";
import "../services.css";

/** One category of the catalogue: «Образование» with «Электронный дневник». */
export default function CategoryRoute() {
  const { t } = useTranslation();
  const { category } = useParams();
  if (!isCategory(category)) {
    return (
      <div className="container page page--narrow">
        <PageTitle title={t("services.notFound")} />
        <h1>{t("services.notFound")}</h1>
        <Link to="/services">{t("services.backToCatalog")}</Link>
      </div>
    );
  }
  const title = t(`services.categories.${category}.title`);
  return (
    <div className="container page">
      <PageTitle title={title} />
      <nav aria-label={t("services.breadcrumbs")} className="crumbs">
        <ol>
          <li>
            <Link to="/services">{t("services.catalog.title")}</Link>
          </li>
          <li aria-current="page">{title}</li>
        </ol>
      </nav>
      <div className="category-heading">
        <CategoryIcon category={category} />
        <h1>{title}</h1>
      </div>
      <p className="lead">{t(`services.categories.${category}.summary`)}</p>
      <ul className="service-list">
        {servicesIn(category).map((service) => (
          <li key={service.id} className="card service-card">
            <Link to={service.path} className="service-card__link">
              {t(`services.items.${service.id}.title`)}
            </Link>
            <p className="muted">{t(`services.items.${service.id}.summary`)}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
