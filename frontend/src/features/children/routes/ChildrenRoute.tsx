import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { LevelBadge } from "@/components/ui/LevelBadge";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { useMe } from "@/lib/auth/hooks";
import { formatDate, fullName } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { useChildren, useDeleteChild, type Child } from "../api/children-api";
import { ChildForm } from "../components/ChildForm";

function ChildCard({ child, canEdit, onEdit }: { child: Child; canEdit: boolean; onEdit: () => void }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const remove = useDeleteChild();
  const [confirming, setConfirming] = useState(false);
  const name = fullName(child);
  return (
    <li className="card child-card">
      <h3 className="child-card__name">{name}</h3>
      <dl className="facts">
        <div className="facts__row">
          <dt>{t("fields.childBirthDate")}</dt>
          <dd>{formatDate(child.birth_date, { locale })}</dd>
        </div>
        <div className="facts__row">
          <dt>{t("fields.childSnils")}</dt>
          <dd>{child.snils}</dd>
        </div>
        <div className="facts__row">
          <dt>{t("fields.certificate")}</dt>
          <dd>
            {child.birth_certificate}, {t("children.issuedOn", { date: formatDate(child.birth_certificate_issued_at, { locale }) })}
          </dd>
        </div>
        <div className="facts__row">
          <dt>{t("children.diary")}</dt>
          <dd>{child.student_id ? t("children.enrolled") : t("children.notEnrolled")}</dd>
        </div>
      </dl>
      {remove.error ? <ProblemAlert error={remove.error} /> : null}
      {canEdit ? (
        confirming ? (
          <div className="confirm-box">
            <p>{t("children.deleteQuestion", { name })}</p>
            <div className="form__actions">
              <Button variant="secondary" onClick={() => setConfirming(false)}>
                {t("form.cancel")}
              </Button>
              <Button variant="danger" busy={remove.isPending} onClick={() => remove.mutate(child.id, { onSettled: () => setConfirming(false) })}>
                {t("children.deleteYes")}
              </Button>
            </div>
          </div>
        ) : (
          <div className="doc-row__actions">
            <Button aria-label={`${t("children.edit")}: ${name}`} variant="secondary" onClick={onEdit}>
              {t("children.edit")}
            </Button>
            <Button aria-label={`${t("children.delete")}: ${name}`} variant="secondary" className="button--danger-outline" onClick={() => setConfirming(true)}>
              {t("children.delete")}
            </Button>
          </div>
        )
      ) : null}
    </li>
  );
}

export default function ChildrenRoute() {
  const { t } = useTranslation();
  const me = useMe();
  const children = useChildren();
  const [editing, setEditing] = useState<Child | "new" | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const formHeading = useRef<HTMLHeadingElement>(null);

  const confirmed = me.data?.level === "confirmed";
  const open = (target: Child | "new") => {
    setMessage(null);
    setEditing(target);
    requestAnimationFrame(() => formHeading.current?.focus());
  };

  return (
    <div className="container page page--narrow">
      <PageTitle title={t("children.title")} />
      <h1>{t("children.title")}</h1>
      <p className="lead">{t("children.lead")}</p>

      {me.isPending || children.isPending ? (
        <div className="card section-card" role="status" aria-busy="true">
          <span className="visually-hidden">{t("children.loading")}</span>
          <Skeleton width="60%" height="1.25rem" />
          <Skeleton width="80%" />
        </div>
      ) : me.isError || children.isError ? (
        <div className="stack">
          <ProblemAlert error={me.error ?? children.error} title={t("children.loadFailed")} />
          <Button
            onClick={() => {
              void me.refetch();
              void children.refetch();
            }}
          >
            {t("status.retry")}
          </Button>
        </div>
      ) : (
        <div className="stack">
          {!confirmed ? (
            <Alert tone="warning" live={false} title={t("children.notConfirmedTitle")}>
              <p>{t("children.seedRule")}</p>
              <p>
                {t("children.yourLevel")} <LevelBadge level={me.data.level} />
              </p>
              <p>{me.data.level === "standard" ? t("children.whatToDoStandard") : t("children.whatToDoSimplified")}</p>
              <p>
                <Link to="/profile" className="button button--primary">
                  {t("children.toProfile")}
                </Link>
              </p>
            </Alert>
          ) : null}

          {message ? <Alert tone="success">{message}</Alert> : null}

          {editing ? (
            <section className="card section-card" aria-labelledby="child-form-title">
              <h2 id="child-form-title" tabIndex={-1} ref={formHeading}>
                {editing === "new" ? t("children.addTitle") : t("children.editTitle", { name: fullName(editing) })}
              </h2>
              <ChildForm
                child={editing === "new" ? null : editing}
                onCancel={() => setEditing(null)}
                onDone={(text) => {
                  setEditing(null);
                  setMessage(text);
                }}
              />
            </section>
          ) : confirmed ? (
            <div>
              <Button onClick={() => open("new")}>{t("children.addButton")}</Button>
            </div>
          ) : null}

          {children.data.items.length === 0 ? (
            <p className="empty-state">{t("children.empty")}</p>
          ) : (
            <ul className="child-list">
              {children.data.items.map((child) => (
                <ChildCard key={child.id} child={child} canEdit={confirmed && editing === null} onEdit={() => open(child)} />
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
