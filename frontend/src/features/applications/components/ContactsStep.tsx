import { useId } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { ErrorIcon } from "@/components/ui/icons";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { TextField } from "@/components/ui/TextField";
import { phoneMask } from "@/lib/masks";

import { useConsent } from "../api/applications";

/**
 * Шаг 4 «Контакты и согласие»: the contact phone (mask `+7 (999) 123-45-67`, a pasted
 * `89161234567` works), the optional student number (digits only), and the consent as a
 * document of its own (152-ФЗ ст. 9 ч. 4.1) in a scrollable box, with its own checkbox.
 */
export function ContactsStep({
  phone,
  studentNumber,
  consent,
  onPhone,
  onStudentNumber,
  onConsent,
  onBlurField,
  errors,
}: {
  phone: string;
  studentNumber: string;
  consent: boolean;
  onPhone: (value: string) => void;
  onStudentNumber: (value: string) => void;
  onConsent: (given: boolean, version: number | null) => void;
  onBlurField: (field: "contact_phone" | "student_number") => void;
  errors: { contact_phone?: string | null; student_number?: string | null; consent?: string | null };
}) {
  const { t } = useTranslation();
  const consentText = useConsent();
  const ids = { title: useId(), box: useId(), check: useId(), error: useId() };
  const version = consentText.data?.version ?? null;

  return (
    <div className="stack">
      <TextField
        label={t("applications.contacts.phone")}
        name="contact_phone"
        type="tel"
        autoComplete="tel"
        inputMode="tel"
        mask={phoneMask}
        placeholder="+7 (999) 123-45-67"
        hint={t("applications.contacts.phoneHint")}
        value={phone}
        onChange={onPhone}
        onBlur={() => onBlurField("contact_phone")}
        error={errors.contact_phone}
      />
      <TextField
        label={t("applications.contacts.studentNumber")}
        name="student_number"
        optional
        inputMode="numeric"
        autoComplete="off"
        maxLength={20}
        hint={t("applications.contacts.studentNumberHint")}
        value={studentNumber}
        onChange={onStudentNumber}
        onBlur={() => onBlurField("student_number")}
        error={errors.student_number}
      />
      <div className="consent">
        <h3 id={ids.title} className="consent__title">
          {consentText.data?.title ?? t("applications.contacts.consentTitle")}
        </h3>
        {consentText.isPending ? (
          <div className="consent__text" aria-busy="true">
            <p className="visually-hidden">{t("applications.contacts.consentLoading")}</p>
            <Skeleton height="1rem" />
            <Skeleton height="1rem" width="90%" />
            <Skeleton height="1rem" width="70%" />
          </div>
        ) : consentText.isError ? (
          <div className="stack">
            <ProblemAlert error={consentText.error} title={t("applications.contacts.consentFailed")} />
            <Button variant="secondary" onClick={() => void consentText.refetch()}>
              {t("applications.retry")}
            </Button>
          </div>
        ) : (
          // Scrollable, so it must be reachable and readable with the keyboard too.
          <div id={ids.box} className="consent__text" tabIndex={0} role="region" aria-labelledby={ids.title}>
            {consentText.data.text.split(/\n{2,}/).map((paragraph, index) => (
              <p key={index}>{paragraph}</p>
            ))}
          </div>
        )}
        {version !== null ? (
          <p className="muted consent__version">{t("applications.contacts.consentVersion", { version })}</p>
        ) : null}
        <div className={`consent__check${errors.consent ? " consent__check--invalid" : ""}`}>
          <input
            id={ids.check}
            type="checkbox"
            name="consent"
            checked={consent}
            disabled={version === null}
            aria-invalid={errors.consent ? true : undefined}
            aria-describedby={errors.consent ? ids.error : undefined}
            onChange={(event) => onConsent(event.target.checked, version)}
          />
          <label htmlFor={ids.check}>{t("applications.contacts.consentCheckbox")}</label>
        </div>
        {errors.consent ? (
          <p id={ids.error} className="field__error">
            <ErrorIcon className="field__error-icon" width={18} height={18} />
            <span>{errors.consent}</span>
          </p>
        ) : null}
      </div>
    </div>
  );
}
