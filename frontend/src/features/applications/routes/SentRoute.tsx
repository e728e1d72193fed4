import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams } from "react-router";

import { CheckCircleIcon } from "@/components/ui/icons";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { formatDate, fullName } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { applicationKeys, useApplication, type SubmitAnswer } from "../api/applications";

import "@/styles/records.css";
import "../applications.css";

/**
 * What happened and what comes next (UX.md): «Заявление успешно отправлено. Номер
 * ЭД-2026-000123. Решение — до 4 декабря». Read from the server, so a reload shows it too.
 */
export default function SentRoute() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const location = useLocation();
  const fromSubmit = (location.state as { answer?: SubmitAnswer } | null)?.answer;
  const queryClient = useQueryClient();
  const query = useApplication(id);
  useEffect(() => {
    if (!fromSubmit) return;
    queryClient.setQueryData(applicationKeys.one(id), fromSubmit);
    void queryClient.invalidateQueries({ queryKey: ["applications", "list"] });
  }, [fromSubmit, id, queryClient]);
  const application = query.data && query.data.status !== "draft" ? query.data : (fromSubmit ?? query.data);
  const locale = currentLanguage();

  if (!application) {
    return (
      <div className="container page page--narrow">
        {query.isError ? <ProblemAlert error={query.error} /> : <Skeleton height="10rem" />}
      </div>
    );
  }

  const dueDate = application.due_date ? formatDate(application.due_date, { locale }) : null;
  return (
    <div className="container page page--narrow">
      <PageTitle title={t("applications.sent.title")} />
      <div className="card success-card">
        <CheckCircleIcon className="success-card__icon" width={56} height={56} />
        <h1 className="success-card__title">{t("applications.sent.title")}</h1>
        <p className="success-card__number">
          {t("applications.sent.number")} <strong data-testid="application-number">{application.number}</strong>
        </p>
        {dueDate ? <p className="success-card__due">{t("applications.sent.decisionBy", { date: dueDate })}</p> : null}
        <p className="muted">
          {t("applications.sent.what", {
            child: fullName(application.child),
            school: application.school?.short_name ?? "",
            class: application.class?.name ?? "",
          })}
        </p>
      </div>
      <section className="card section-card after-card" aria-labelledby="what-next">
        <h2 id="what-next">{t("applications.sent.nextTitle")}</h2>
        <ol className="next-steps">
          <li>{t("applications.sent.next1", { date: dueDate ?? "" })}</li>
          <li>{t("applications.sent.next2")}</li>
          <li>{t("applications.sent.next3")}</li>
          <li>{t("applications.sent.next4")}</li>
        </ol>
      </section>
      <p className="form__actions after-card">
        <Link to={`/applications/${application.id}`} className="button button--secondary">
          {t("applications.sent.open")}
        </Link>
        <Link to="/applications" className="button button--primary">
          {t("applications.list.title")}
        </Link>
      </p>
    </div>
  );
}
