import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { useMe } from "@/lib/auth/hooks";

import { useCandidates, useCreatePlan, useSchoolPlans, type Candidate, type PlanStatus } from "../api/queries";
import { PlanForm } from "../components/PlanForm";
import { PlanList } from "../components/PlanList";
import "../plans.css";

const STATUSES: PlanStatus[] = ["requested", "changes_requested", "signed", "proposed", "approved", "declined", "withdrawn"];

function Propose({ schoolId }: { schoolId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const navigate = useNavigate();
  const [q, setQ] = useState("");
  const [student, setStudent] = useState<Candidate | null>(null);
  const candidates = useCandidates(schoolId, q);
  const create = useCreatePlan(student?.id ?? "");
  return (
    <section className="lp-section" aria-labelledby="lp-propose">
      <h2 id="lp-propose">{t("plans.school.propose")}</h2>
      {student ? (
        <>
          <p>
            {t("plans.student", { name: student.name, className: student.class_name })}{" "}
            <button type="button" className="button button--link" onClick={() => setStudent(null)}>{t("plans.school.otherStudent")}</button>
          </p>
          <PlanForm
            submitLabel={t("plans.actions.propose")}
            busy={create.isPending}
            onSubmit={(text) => create.mutate(text, { onSuccess: (plan) => navigate(`/learning-plans/${plan.id}`) })}
          />
          {create.isError ? <ProblemAlert error={create.error} /> : null}
        </>
      ) : (
        <div className="card">
          <div className="field">
            <label className="field__label" htmlFor={id}>{t("plans.school.search")}</label>
            <input id={id} className="input" value={q} maxLength={60} onChange={(e) => setQ(e.target.value)} placeholder={t("plans.school.searchPlaceholder")} />
          </div>
          {candidates.isError ? <ProblemAlert error={candidates.error} /> : null}
          <ul className="lp-candidates">
            {(candidates.data?.items ?? []).slice(0, 12).map((c) => (
              <li key={c.id}>
                <button type="button" className="button button--secondary lp-candidate" onClick={() => setStudent(c)}>
                  {c.name} <span className="muted">{c.class_name}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

export default function SchoolPlansRoute() {
  const { t } = useTranslation();
  const id = useId();
  const me = useMe();
  const schoolId = me.data?.school_id ?? "";
  const [status, setStatus] = useState<PlanStatus | "">("");
  const plans = useSchoolPlans(schoolId, status);
  return (
    <div className="container page lp-page">
      <PageTitle title={t("plans.school.title")} />
      <h1>{t("plans.school.title")}</h1>
      <p className="lead">{t("plans.school.lead")}</p>
      <div className="field lp-filter">
        <label className="field__label" htmlFor={id}>{t("plans.school.status")}</label>
        <select id={id} className="input" value={status} onChange={(e) => setStatus(e.target.value as PlanStatus | "")}>
          <option value="">{t("plans.school.all")}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>{t(`plans.statuses.${s}`)}</option>
          ))}
        </select>
      </div>
      {plans.isPending ? <Skeleton width="60%" /> : null}
      {plans.isError ? <ProblemAlert error={plans.error} title={t("plans.loadFailed")} /> : null}
      {plans.data ? <PlanList plans={plans.data.items} showStudent /> : null}
      {schoolId ? <Propose schoolId={schoolId} /> : null}
    </div>
  );
}
