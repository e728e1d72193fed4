import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { PageTitle } from "@/components/ui/PageTitle";
import { SchoolCombobox, SchoolConnectedBadge, type SchoolListItem } from "@/components/ui/SchoolCombobox";

import { findService, type Service } from "../lib/catalog";

import "@/styles/records.css";
import "../services.css";

/** A service's page: what it gives, who may ask, what is needed, how long, and the button. */
export default function ServiceRoute() {
  const { t } = useTranslation();
  const { category, service: serviceId } = useParams();
  const service = findService(category, serviceId);
  if (!service) {
    return (
      <div className="container page page--narrow">
        <PageTitle title={t("services.notFound")} />
        <h1>{t("services.notFound")}</h1>
        <Link to="/services">{t("services.backToCatalog")}</Link>
      </div>
    );
  }
  const title = t(`services.items.${service.id}.title`);
  return (
    <div className="container page page--narrow">
      <PageTitle title={title} />
      <nav aria-label={t("services.breadcrumbs")} className="crumbs">
        <ol>
          <li>
            <Link to="/services">{t("services.catalog.title")}</Link>
          </li>
          <li>
            <Link to={`/services/${service.category}`}>{t(`services.categories.${service.category}.title`)}</Link>
          </li>
          <li aria-current="page">{title}</li>
        </ol>
      </nav>
      <h1>{title}</h1>
      <p className="lead">{t(`services.items.${service.id}.lead`)}</p>
      {service.id === "electronic-diary" ? (
        <DiaryService service={service} />
      ) : service.id === "school-connection" ? (
        <SchoolConnectionService />
      ) : (
        <SupportService service={service} />
      )}
    </div>
  );
}

function DiaryService({ service }: { service: Service }) {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <p>
        <Link to={service.actionPath} className="button button--primary service-action">
          {t("services.diary.action")}
        </Link>
      </p>
      <section className="card section-card" aria-labelledby="diary-who">
        <h2 id="diary-who">{t("services.diary.whoTitle")}</h2>
        <p>{t("services.diary.who")}</p>
      </section>
      <section className="card section-card" aria-labelledby="diary-need">
        <h2 id="diary-need">{t("services.diary.needTitle")}</h2>
        <ul className="next-steps">
          <li>
            {t("services.diary.needChild")} <Link to="/children">{t("services.diary.needChildLink")}</Link>
          </li>
          <li>{t("services.diary.needSchool")}</li>
          <li>{t("services.diary.needPhone")}</li>
          <li>{t("services.diary.needConsent")}</li>
          <li>{t("services.diary.needNumber")}</li>
        </ul>
      </section>
      <section className="card section-card" aria-labelledby="diary-terms">
        <h2 id="diary-terms">{t("services.diary.termsTitle")}</h2>
        <ul className="next-steps">
          <li>{t("services.diary.termReview")}</li>
          <li>{t("services.diary.termReply")}</li>
          <li>{t("services.diary.termAppeal")}</li>
        </ul>
      </section>
      <section className="card section-card" aria-labelledby="diary-result">
        <h2 id="diary-result">{t("services.diary.resultTitle")}</h2>
        <p>{t("services.diary.result")}</p>
      </section>
      <Alert tone="info" live={false} title={t("services.diary.notConnectedTitle")}>
        <p>{t("services.diary.notConnected")}</p>
        <Link to="/services/education/school-connection">{t("services.diary.notConnectedLink")}</Link>
      </Alert>
      <p>
        <Link to={service.actionPath} className="button button--primary service-action">
          {t("services.diary.action")}
        </Link>{" "}
        <Link to="/applications" className="button button--secondary service-action">
          {t("services.mine.applications")}
        </Link>
      </p>
    </div>
  );
}

function SchoolConnectionService() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [school, setSchool] = useState<SchoolListItem | null>(null);
  return (
    <div className="stack">
      <section className="card section-card" aria-labelledby="connect-steps">
        <h2 id="connect-steps">{t("services.connection.stepsTitle")}</h2>
        <ol className="next-steps">
          <li>{t("services.connection.step1")}</li>
          <li>{t("services.connection.step2")}</li>
          <li>{t("services.connection.step3")}</li>
          <li>{t("services.connection.step4")}</li>
        </ol>
      </section>
      <section className="card section-card" aria-labelledby="find-school-title" id="find-school">
        <h2 id="find-school-title">{t("services.connection.findTitle")}</h2>
        <SchoolCombobox onSelect={setSchool} />
        {school ? (
          school.connected ? (
            <Alert tone="success" title={t("services.connection.alreadyTitle", { name: school.short_name })}>
              <p>{t("services.connection.already")}</p>
              <Link to="/applications/new">{t("services.diary.action")}</Link>
            </Alert>
          ) : (
            <Alert tone="warning" title={school.short_name}>
              <p>
                <SchoolConnectedBadge connected={false} />
              </p>
              <p>{t("services.connection.notYet")}</p>
              <button type="button" className="button button--primary" onClick={() => navigate(`/schools/${school.id}/connect`)}>
                {t("services.connection.action")}
              </button>
            </Alert>
          )
        ) : null}
      </section>
      <p>
        <Link to="/connection-requests">{t("services.mine.connectionRequests")}</Link>
      </p>
    </div>
  );
}

function SupportService({ service }: { service: Service }) {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <section className="card section-card" aria-labelledby="support-first">
        <h2 id="support-first">{t("services.support.firstTitle")}</h2>
        <ul className="next-steps">
          <li>{t("services.support.tipLogin")}</li>
          <li>{t("services.support.tipClasses")}</li>
          <li>{t("services.support.tipUpload")}</li>
          <li>{t("services.support.tipSchool")}</li>
        </ul>
      </section>
      <section className="card section-card" aria-labelledby="support-how">
        <h2 id="support-how">{t("services.support.howTitle")}</h2>
        <p>{t("services.support.how")}</p>
      </section>
      <p>
        <Link to={service.actionPath} className="button button--primary service-action">
          {t("services.support.action")}
        </Link>{" "}
        <Link to="/support" className="button button--secondary service-action">
          {t("services.mine.support")}
        </Link>
      </p>
    </div>
  );
}
