import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";

import { PageTitle } from "@/components/ui/PageTitle";
import { useSession } from "@/lib/auth/hooks";

import { CategoryIcon } from "../components/CategoryIcon";
import { ServiceSearch, useSearchableServices } from "../components/ServiceSearch";
import { CATEGORIES, servicesIn } from "../lib/catalog";
import { searchServices } from "../lib/search";

import "@/styles/records.css";
import "../services.css";

/** «Каталог услуг»: the search, the categories with their services, and «Мои заявления». */
export default function ServicesRoute() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const query = (params.get("q") ?? "").trim();
  const services = useSearchableServices();
  const results = useMemo(() => (query ? searchServices(query, services) : []), [query, services]);
  const { status } = useSession();

  return (
    <div className="container page">
      <PageTitle title={query ? t("services.results.title", { query }) : t("services.catalog.title")} />
      <h1>{t("services.catalog.title")}</h1>
      <p className="lead">{t("services.catalog.lead")}</p>

      <ServiceSearch key={query} initialQuery={query} className="service-search--page" />

      {query ? (
        <section className="section" aria-labelledby="service-results">
          <h2 id="service-results">{t("services.results.title", { query })}</h2>
          {results.length ? (
            <ul className="service-list">
              {results.map((service) => (
                <li key={service.id} className="card service-card">
                  <Link to={service.path} className="service-card__link">
                    {service.title}
                  </Link>
                  <p className="muted">{service.summary}</p>
                </li>
              ))}
            </ul>
          ) : (
            <p className="empty-state">{t("services.results.nothing")}</p>
          )}
        </section>
      ) : null}

      <section className="section" aria-labelledby="service-categories">
        <h2 id="service-categories">{t("services.catalog.categories")}</h2>
        <ul className="category-grid">
          {CATEGORIES.map((category) => (
            <li key={category} className="card category-card">
              <div className="category-card__head">
                <CategoryIcon category={category} />
                <h3 className="category-card__title">
                  <Link to={`/services/${category}`}>{t(`services.categories.${category}.title`)}</Link>
                </h3>
              </div>
              <p className="muted">{t(`services.categories.${category}.summary`)}</p>
              <ul className="plain-list category-card__services">
                {servicesIn(category).map((service) => (
                  <li key={service.id}>
                    <Link to={service.path}>{t(`services.items.${service.id}.title`)}</Link>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>

      {status === "signed-in" ? (
        <section className="section" aria-labelledby="my-requests">
          <h2 id="my-requests">{t("services.mine.title")}</h2>
          <ul className="quick-links">
            <li>
              <Link to="/applications" className="quick-link">
                {t("services.mine.applications")}
              </Link>
            </li>
            <li>
              <Link to="/connection-requests" className="quick-link">
                {t("services.mine.connectionRequests")}
              </Link>
            </li>
            <li>
              <Link to="/support" className="quick-link">
                {t("services.mine.support")}
              </Link>
            </li>
          </ul>
        </section>
      ) : null}
    </div>
  );
}
