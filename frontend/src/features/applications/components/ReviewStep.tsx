import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { formatDate, fullName } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";
import { formatPhone, phoneToE164 } from "@/lib/masks";

import type { Child } from "../api/applications";

export interface ReviewData {
  child: Child | null;
  schoolName: string | null;
  schoolAddress: string | null;
  className: string | null;
  phone: string;
  studentNumber: string;
  consent: boolean;
  consentVersion: number | null;
}

/**
 * Шаг 5 «Проверка»: everything on one page with «Редактировать» for each part (the seed:
 * «проверить ФИО ученика, класс, название школы, контактный телефон … внести исправления,
 * используя кнопку «Редактировать»»), then «Отправить».
 */
export function ReviewStep({
  data,
  editHref,
  allValid,
  problems,
}: {
  data: ReviewData;
  editHref: (step: number) => string;
  allValid: boolean;
  /** Per step: what is missing, in words. */
  problems: Record<number, string | undefined>;
}) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const phone = phoneToE164(data.phone);
  return (
    <div className="stack">
      <ReviewSection title={t("applications.steps.child")} href={editHref(1)} problem={problems[1]}>
        <Row label={t("applications.child.name")} value={data.child ? fullName(data.child) : null} />
        <Row
          label={t("applications.child.birthDate")}
          value={data.child ? formatDate(data.child.birth_date, { locale }) : null}
        />
      </ReviewSection>
      <ReviewSection title={t("applications.steps.school")} href={editHref(2)} problem={problems[2]}>
        <Row label={t("applications.review.school")} value={data.schoolName} />
        {data.schoolAddress ? <Row label={t("applications.review.address")} value={data.schoolAddress} /> : null}
      </ReviewSection>
      <ReviewSection title={t("applications.steps.class")} href={editHref(3)} problem={problems[3]}>
        <Row label={t("applications.review.class")} value={data.className} />
      </ReviewSection>
      <ReviewSection title={t("applications.steps.contacts")} href={editHref(4)} problem={problems[4]}>
        <Row label={t("applications.contacts.phone")} value={data.phone ? (phone ? formatPhone(phone) : data.phone) : null} />
        <Row
          label={t("applications.contacts.studentNumber")}
          value={data.studentNumber || t("applications.review.notGiven")}
        />
        <Row
          label={t("applications.review.consent")}
          value={
            data.consent
              ? data.consentVersion
                ? t("applications.review.consentGivenVersion", { version: data.consentVersion })
                : t("applications.review.consentGiven")
              : null
          }
        />
      </ReviewSection>
      {allValid ? (
        <Alert tone="success" live={false}>
          <p>{t("applications.review.allCorrect")}</p>
        </Alert>
      ) : null}
    </div>
  );
}

function ReviewSection({
  title,
  href,
  problem,
  children,
}: {
  title: string;
  href: string;
  problem?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <section className={`review-section${problem ? " review-section--invalid" : ""}`} aria-label={title}>
      <div className="review-section__head">
        <h3 className="review-section__title">{title}</h3>
        <Link to={href} className="review-section__edit">
          {t("applications.review.edit")}
          <span className="visually-hidden">: {title}</span>
        </Link>
      </div>
      <dl className="facts-list">{children}</dl>
      {problem ? <p className="field__error">{problem}</p> : null}
    </section>
  );
}

function Row({ label, value }: { label: string; value: ReactNode | null }) {
  const { t } = useTranslation();
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value ?? <span className="muted">{t("applications.review.missing")}</span>}</dd>
    </div>
  );
}
