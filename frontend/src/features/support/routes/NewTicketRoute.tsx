import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";

import { AttachFile, type UploadedDocument } from "@/components/ui/AttachFile";
import { Button } from "@/components/ui/Button";
import { ErrorIcon } from "@/components/ui/icons";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { TextField } from "@/components/ui/TextField";
import { useForm } from "@/lib/forms";

import { useCreateTicket, useMyApplicationNumbers } from "../api/support";

import "@/styles/records.css";
import "../support.css";

type Field = "subject" | "description" | "application_number";
const FIELDS: readonly Field[] = ["subject", "description", "application_number"];

/**
 * A new ticket: subject, what happened, the application it is about (from my
 * applications) and a screenshot — the seed: «указывайте номер заявки, описание ошибки
 * и скриншот экрана».
 */
export default function NewTicketRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const numbers = useMyApplicationNumbers();
  const create = useCreateTicket();
  const [screenshot, setScreenshot] = useState<UploadedDocument | null>(null);
  const ids = { description: useId(), descriptionHint: useId(), descriptionError: useId(), app: useId(), appHint: useId() };
  const form = useForm<Field>({
    initial: { subject: "", description: "", application_number: params.get("application") ?? "" },
    fields: FIELDS,
    validate: {
      subject: (v) => (v.trim().length >= 3 ? null : t("support.errors.subject")),
      description: (v) => (v.trim().length >= 10 ? null : t("support.errors.description")),
    },
  });
  const description = form.bind("description");
  const application = form.bind("application_number");

  const submit = form.handleSubmit(async (values) => {
    try {
      const ticket = await create.mutateAsync({
        subject: values.subject.trim(),
        description: values.description.trim(),
        application_number: values.application_number || null,
        screenshot_document_id: screenshot?.id ?? null,
      });
      navigate(`/support/${ticket.id}`, { state: { created: true } });
    } catch (problem) {
      form.applyProblem(problem, { screenshot_document_id: "description" });
    }
  });

  return (
    <div className="container page page--narrow">
      <PageTitle title={t("support.new.title")} />
      <nav aria-label={t("services.breadcrumbs")} className="crumbs">
        <ol>
          <li>
            <Link to="/support">{t("support.list.title")}</Link>
          </li>
          <li aria-current="page">{t("support.new.title")}</li>
        </ol>
      </nav>
      <h1>{t("support.new.title")}</h1>
      <p className="lead">{t("support.new.lead")}</p>
      <form ref={form.formRef} className="card form" onSubmit={submit} noValidate>
        <TextField label={t("support.new.subject")} maxLength={200} {...form.bind("subject")} />
        <div className={`field${description.error ? " field--invalid" : ""}`}>
          <label className="field__label" htmlFor={ids.description}>
            {t("support.new.description")}
          </label>
          <p id={ids.descriptionHint} className="field__hint">
            {t("support.new.descriptionHint")}
          </p>
          <textarea
            id={ids.description}
            name="description"
            className="input textarea"
            rows={6}
            maxLength={5000}
            value={description.value}
            aria-required="true"
            aria-invalid={description.error ? true : undefined}
            aria-describedby={[ids.descriptionHint, description.error ? ids.descriptionError : null].filter(Boolean).join(" ")}
            onChange={(event) => description.onChange(event.target.value)}
            onBlur={description.onBlur}
          />
          {description.error ? (
            <p id={ids.descriptionError} className="field__error">
              <ErrorIcon className="field__error-icon" width={18} height={18} />
              <span>{description.error}</span>
            </p>
          ) : null}
        </div>
        <div className={`field${application.error ? " field--invalid" : ""}`}>
          <label className="field__label" htmlFor={ids.app}>
            {t("support.new.application")} <span className="field__optional">{t("form.optional")}</span>
          </label>
          <p id={ids.appHint} className="field__hint">
            {t("support.new.applicationHint")}
          </p>
          <select
            id={ids.app}
            name="application_number"
            className="input select"
            value={application.value}
            aria-describedby={ids.appHint}
            onChange={(event) => application.onChange(event.target.value)}
          >
            <option value="">{t("support.new.noApplication")}</option>
            {(numbers.data ?? []).map((item) => (
              <option key={item.id} value={item.number!}>
                {item.number} — {item.child.first_name}, {item.school?.short_name ?? ""} ({t(`applications.status.${item.status}`)})
              </option>
            ))}
            {application.value && !(numbers.data ?? []).some((item) => item.number === application.value) ? (
              <option value={application.value}>{application.value}</option>
            ) : null}
          </select>
          {application.error ? <p className="field__error">{application.error}</p> : null}
        </div>
        <AttachFile
          name="screenshot"
          label={t("support.new.screenshot")}
          hint={t("support.new.screenshotHint")}
          value={screenshot}
          onChange={setScreenshot}
        />
        {form.general ? <ProblemAlert error={create.error} message={form.general} /> : null}
        <div className="form__actions">
          <Link to="/support" className="button button--secondary">
            {t("form.cancel")}
          </Link>
          <Button type="submit" busy={create.isPending}>
            {t("support.new.submit")}
          </Button>
        </div>
      </form>
    </div>
  );
}
