import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { SignWithCode } from "@/components/ui/SignWithCode";
import { Skeleton } from "@/components/ui/Skeleton";
import { formatDate, formatDateTime } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { useAddComment, useComments, usePlan, useRefreshPlans, useTransition, type Plan, type TransitionAction } from "../api/queries";
import { PlanForm } from "../components/PlanForm";
import "../plans.css";

/** A comment-bearing step: ask for changes, decline, withdraw. */
function StepWithComment({ plan, action, required }: { plan: Plan; action: TransitionAction; required: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string | null>(null);
  const step = useTransition(plan.id);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (required && !comment.trim()) return setError(t("plans.commentRequired"));
    step.mutate({ action, comment: comment.trim() || null }, { onSuccess: () => setOpen(false) });
  };
  if (!open) {
    return (
      <Button variant={action === "decline" || action === "withdraw" ? "danger" : "secondary"} onClick={() => setOpen(true)}>
        {t(`plans.actions.${action}`)}
      </Button>
    );
  }
  return (
    <form className="card lp-step" onSubmit={submit} noValidate>
      <div className="field">
        <label className="field__label" htmlFor={id}>
          {t("plans.comment")} {required ? null : <span className="field__optional">{t("plans.optional")}</span>}
        </label>
        <textarea id={id} className="input" rows={3} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} aria-invalid={error ? true : undefined} />
        {error ? <p className="field__error" role="alert">{error}</p> : null}
      </div>
      {step.isError ? <ProblemAlert error={step.error} /> : null}
      <div className="lp-actions">
        <Button type="submit" busy={step.isPending}>{t(`plans.actions.${action}`)}</Button>
        <Button variant="secondary" onClick={() => setOpen(false)}>{t("plans.cancel")}</Button>
      </div>
    </form>
  );
}

function Actions({ plan, onSigned }: { plan: Plan; onSigned: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefreshPlans();
  const approve = useTransition(plan.id);
  const propose = useTransition(plan.id);
  const can = (action: string) => plan.allowed_actions.includes(action);
  if (plan.allowed_actions.length === 0) return null;
  return (
    <section className="lp-section lp-next" aria-labelledby="lp-next">
      <h2 id="lp-next">{t("plans.next")}</h2>
      {can("sign") ? (
        <div className="lp-sign">
          <p>{t("plans.signHint")}</p>
          <SignWithCode
            subjectType="learning_plan"
            subjectId={plan.id}
            label={t("plans.actions.sign")}
            onSigned={() => {
              onSigned();
              refresh();
            }}
          />
        </div>
      ) : null}
      {can("propose") ? (
        <>
          <p>{plan.version > 0 ? t("plans.reviseHint") : t("plans.proposeHint")}</p>
          <PlanForm
            initial={{
              title: plan.title,
              reason: plan.reason,
              starts_on: plan.starts_on ?? "",
              ends_on: plan.ends_on ?? "",
              content: plan.content ?? "",
            }}
            submitLabel={t("plans.actions.propose")}
            busy={propose.isPending}
            onSubmit={(text) => propose.mutate({ action: "propose", plan: text })}
          />
          {propose.isError ? <ProblemAlert error={propose.error} /> : null}
        </>
      ) : null}
      <div className="lp-actions">
        {can("approve") ? (
          <Button busy={approve.isPending} onClick={() => approve.mutate({ action: "approve" })}>
            {t("plans.actions.approve")}
          </Button>
        ) : null}
        {can("request_changes") ? <StepWithComment plan={plan} action="request_changes" required /> : null}
        {can("decline") ? <StepWithComment plan={plan} action="decline" required /> : null}
        {can("withdraw") ? <StepWithComment plan={plan} action="withdraw" required={false} /> : null}
      </div>
      {approve.isError ? <ProblemAlert error={approve.error} /> : null}
    </section>
  );
}

function Comments({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const id = useId();
  const comments = useComments(plan.id);
  const add = useAddComment(plan.id);
  const [body, setBody] = useState("");
  const closed = ["approved", "declined", "withdrawn"].includes(plan.status);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    add.mutate(body.trim(), { onSuccess: () => setBody("") });
  };
  return (
    <section className="lp-section" aria-labelledby="lp-comments">
      <h2 id="lp-comments">{t("plans.discussion")}</h2>
      {comments.isPending ? <Skeleton width="60%" /> : null}
      {comments.isError ? <ProblemAlert error={comments.error} /> : null}
      {comments.data ? (
        comments.data.items.length === 0 ? (
          <p className="muted">{t("plans.noComments")}</p>
        ) : (
          <ol className="lp-comments">
            {comments.data.items.map((c) => (
              <li key={c.id} className={`lp-comment${c.mine ? " lp-comment--mine" : ""}`}>
                <p className="lp-comment__who">
                  <strong>{c.author_name}</strong> · {t(`plans.roles.${c.author_role}`, { defaultValue: c.author_role })} ·{" "}
                  <time dateTime={c.created_at}>{formatDateTime(c.created_at, { locale: currentLanguage() })}</time>
                </p>
                <p className="lp-comment__body">{c.body}</p>
              </li>
            ))}
          </ol>
        )
      ) : null}
      {closed || !plan.your_role ? null : (
        <form className="lp-comment-form" onSubmit={submit}>
          <label className="field__label" htmlFor={id}>{t("plans.writeComment")}</label>
          <textarea id={id} className="input" rows={3} maxLength={2000} value={body} onChange={(e) => setBody(e.target.value)} />
          {add.isError ? <ProblemAlert error={add.error} /> : null}
          <Button type="submit" busy={add.isPending}>{t("plans.send")}</Button>
        </form>
      )}
    </section>
  );
}

export default function PlanRoute() {
  const { t } = useTranslation();
  const { planId = "" } = useParams();
  const plan = usePlan(planId);
  const locale = currentLanguage();
  // Kept here: once signed, the actions (and the signing form) are gone from the page.
  const [signed, setSigned] = useState(false);
  if (plan.isPending) {
    return (
      <div className="container page">
        <Skeleton width="40%" height="2rem" />
        <Skeleton width="80%" />
      </div>
    );
  }
  if (plan.isError) {
    return (
      <div className="container page page--narrow">
        <ProblemAlert error={plan.error} title={t("plans.loadFailed")} />
        <Link to="/plans">{t("plans.back")}</Link>
      </div>
    );
  }
  const p = plan.data;
  return (
    <div className="container page lp-page">
      <PageTitle title={p.title} />
      <p className="lp-crumbs">
        <Link to={p.your_role === "guardian" ? `/plans/${p.student.id}` : "/school/plans"}>{t("plans.back")}</Link>
      </p>
      <h1>{p.title}</h1>
      <p className="lp-who">
        {t("plans.student", { name: p.student.name, className: p.student.class_name })}
        {" · "}
        <span className={`lp-status lp-status--${p.status}`}>{p.status_label}</span>
      </p>
      {signed ? <Alert tone="success" title={t("plans.signedNow")} /> : null}
      <Actions plan={p} onSigned={() => setSigned(true)} />
      <section className="lp-section card" aria-labelledby="lp-text">
        <h2 id="lp-text">{t("plans.text")}</h2>
        <dl className="lp-facts">
          <dt>{t("plans.form.reason")}</dt>
          <dd>{p.reason}</dd>
          {p.starts_on && p.ends_on ? (
            <>
              <dt>{t("plans.periodLabel")}</dt>
              <dd>{t("plans.period", { from: formatDate(p.starts_on, { locale }), to: formatDate(p.ends_on, { locale }) })}</dd>
            </>
          ) : null}
        </dl>
        {p.content ? <p className="lp-content">{p.content}</p> : <p className="muted">{t("plans.noText")}</p>}
        {p.signature ? (
          <p className={p.signature.intact ? "lp-signature" : "lp-signature lp-signature--broken"}>
            {t("plans.signedBy", { name: p.signature.signer_name, at: formatDateTime(p.signature.signed_at, { locale }) })}{" "}
            {p.signature.intact ? t("plans.intact") : t("plans.notIntact")}
          </p>
        ) : null}
      </section>
      <Comments plan={p} />
      <section className="lp-section" aria-labelledby="lp-history">
        <h2 id="lp-history">{t("plans.history")}</h2>
        <ol className="lp-history">
          {p.history.map((h, index) => (
            <li key={index}>
              <time dateTime={h.at}>{formatDateTime(h.at, { locale })}</time> — {t(`plans.steps.${h.action}`, { defaultValue: h.action })}
              {" "}({t(`plans.roles.${h.actor_role}`, { defaultValue: h.actor_role })})
              {h.comment ? <span className="lp-history__comment">«{h.comment}»</span> : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
