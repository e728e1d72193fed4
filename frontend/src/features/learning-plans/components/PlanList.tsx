import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { formatDate } from "@/lib/format";

import type { PlanSummary } from "../api/queries";

/** Plans as cards: title, status in words, the child, the period. */
export function PlanList({ plans, showStudent }: { plans: PlanSummary[]; showStudent?: boolean }) {
  const { t } = useTranslation();
  if (plans.length === 0) return <p className="muted">{t("plans.empty")}</p>;
  return (
    <ul className="lp-list">
      {plans.map((plan) => (
        <li key={plan.id} className="card lp-list__item">
          <Link to={`/learning-plans/${plan.id}`} className="lp-list__title">
            {plan.title}
          </Link>
          <span className={`lp-status lp-status--${plan.status}`}>{plan.status_label}</span>
          {showStudent ? (
            <span className="muted">
              {plan.student.name}, {plan.student.class_name}
            </span>
          ) : null}
          {plan.starts_on && plan.ends_on ? (
            <span className="muted">
              {t("plans.period", { from: formatDate(plan.starts_on), to: formatDate(plan.ends_on) })}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
