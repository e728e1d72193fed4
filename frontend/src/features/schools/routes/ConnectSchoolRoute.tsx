import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { AttachFile, type UploadedDocument } from "@/components/ui/AttachFile";
import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { SchoolConnectedBadge } from "@/components/ui/SchoolCombobox";
import { Skeleton } from "@/components/ui/Skeleton";
import { TextField } from "@/components/ui/TextField";
import { ErrorIcon } from "@/components/ui/icons";
import { useMe } from "@/lib/auth/hooks";
import { formatDate, fullName } from "@/lib/format";
import { useForm } from "@/lib/forms";
import { currentLanguage } from "@/lib/i18n";
import { formatPhone, phoneMask, phoneNational, phoneToE164 } from "@/lib/masks";

import { useCreateConnectionRequest, useSchool, type ConnectionRequest } from "../api/connection";
import { ConnectionStatusBadge } from "../components/ConnectionStatusBadge";

import "@/styles/records.css";

type Field = "contact_name" | "contact_phone" | "contact_email" | "message";
const FIELDS: readonly Field[] = ["contact_name", "contact_phone", "contact_email", "message"];

/**
 * A request to connect a school that does not use the diary yet (the seed's «Что делать,
 * если школа не подключена»): who to contact, a message, optionally the school's letter.
 */
export default function ConnectSchoolRoute() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const [params] = useSearchParams();
  const applicationId = params.get("application");
  const school = useSchool(id);
  const me = useMe();
  const [sent, setSent] = useState<ConnectionRequest | null>(null);

  const back = applicationId ? (
    <Link to={`/applications/${applicationId}/edit?step=2`}>{t("schools.connect.backToApplication")}</Link>
  ) : null;

  return (
    <div className="container page page--narrow">
      <PageTitle title={t("schools.connect.title")} />
      <h1>{t("schools.connect.title")}</h1>
      {school.isPending || me.isPending ? (
        <Skeleton height="8rem" />
      ) : school.isError ? (
        <ProblemAlert error={school.error} />
      ) : (
        <>
          <section className="card section-card" aria-labelledby="school-card">
            <h2 id="school-card">{school.data.short_name}</h2>
            <p className="muted">{school.data.full_name}</p>
            <p className="muted">
              {school.data.address} · {school.data.region_name}
            </p>
            <p>
              <SchoolConnectedBadge connected={school.data.connected} />
            </p>
          </section>
          {sent ? (
            <Sent request={sent} back={back} />
          ) : school.data.connected ? (
            <Alert tone="success" live={false} title={t("schools.connect.alreadyTitle")}>
              <p>{t("schools.connect.already")}</p>
              {back ?? <Link to="/applications/new">{t("services.diary.action")}</Link>}
            </Alert>
          ) : (
            <ConnectForm
              schoolId={school.data.id}
              defaults={{
                contact_name: me.data ? fullName(me.data) : "",
                contact_phone: me.data?.phone ? formatPhone(me.data.phone) : "",
                contact_email: me.data?.email ?? "",
                message: t("schools.connect.messageDefault", { school: school.data.short_name }),
              }}
              onSent={setSent}
            />
          )}
          {!sent && back ? <p className="after-card">{back}</p> : null}
        </>
      )}
    </div>
  );
}

function Sent({ request, back }: { request: ConnectionRequest; back: ReactNode }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  return (
    <div className="stack after-card">
      <Alert tone="success" title={t("schools.connect.sentTitle")}>
        <p>{t("schools.connect.sentText", { addressee: request.addressee })}</p>
        <p>
          <ConnectionStatusBadge status={request.status} />{" "}
          {t("schools.connect.sentOn", { date: formatDate(request.created_at, { locale }) })}
        </p>
        <p>{t("schools.connect.sentNext")}</p>
      </Alert>
      <p className="form__actions">
        {back}
        <Link to="/connection-requests" className="button button--primary">
          {t("services.mine.connectionRequests")}
        </Link>
      </p>
    </div>
  );
}

function ConnectForm({
  schoolId,
  defaults,
  onSent,
}: {
  schoolId: string;
  defaults: Record<Field, string>;
  onSent: (request: ConnectionRequest) => void;
}) {
  const { t } = useTranslation();
  const create = useCreateConnectionRequest();
  const [letter, setLetter] = useState<UploadedDocument | null>(null);
  const form = useForm<Field>({
    initial: defaults,
    fields: FIELDS,
    validate: {
      contact_name: (v) => (v.trim().length >= 2 ? null : t("schools.connect.errors.name")),
      contact_phone: (v) =>
        !v.trim()
          ? t("schools.connect.errors.phoneRequired")
          : phoneNational(v).length !== 10
            ? t("applications.errors.phone_format")
            : null,
      contact_email: (v) => (!v.trim() || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? null : t("schools.connect.errors.email")),
      message: (v) => (v.trim().length >= 10 ? null : t("schools.connect.errors.message")),
    },
  });
  const message = form.bind("message");

  const submit = form.handleSubmit(async (values) => {
    try {
      const request = await create.mutateAsync({
        school_id: schoolId,
        contact_name: values.contact_name.trim(),
        contact_phone: phoneToE164(values.contact_phone) ?? values.contact_phone,
        contact_email: values.contact_email.trim() || null,
        message: values.message.trim(),
        letter_document_id: letter?.id ?? null,
      });
      onSent(request);
    } catch (problem) {
      form.applyProblem(problem, { letter_document_id: "message" as Field });
    }
  });

  return (
    <form ref={form.formRef} className="card form after-card" onSubmit={submit} noValidate>
      <h2 className="form__title">{t("schools.connect.formTitle")}</h2>
      <p className="muted">{t("schools.connect.formLead")}</p>
      <TextField label={t("schools.connect.contactName")} autoComplete="name" {...form.bind("contact_name")} />
      <TextField
        label={t("schools.connect.contactPhone")}
        type="tel"
        autoComplete="tel"
        inputMode="tel"
        mask={phoneMask}
        placeholder="+7 (999) 123-45-67"
        {...form.bind("contact_phone")}
      />
      <TextField
        label={t("schools.connect.contactEmail")}
        type="email"
        autoComplete="email"
        optional
        {...form.bind("contact_email")}
      />
      <div className={`field${message.error ? " field--invalid" : ""}`}>
        <label className="field__label" htmlFor="connect-message">
          {t("schools.connect.message")}
        </label>
        <p className="field__hint" id="connect-message-hint">
          {t("schools.connect.messageHint")}
        </p>
        <textarea
          id="connect-message"
          name="message"
          className="input textarea"
          rows={5}
          maxLength={4000}
          value={message.value}
          aria-required="true"
          aria-invalid={message.error ? true : undefined}
          aria-describedby={["connect-message-hint", message.error ? "connect-message-error" : null].filter(Boolean).join(" ")}
          onChange={(event) => message.onChange(event.target.value)}
          onBlur={message.onBlur}
        />
        {message.error ? (
          <p id="connect-message-error" className="field__error">
            <ErrorIcon className="field__error-icon" width={18} height={18} />
            <span>{message.error}</span>
          </p>
        ) : null}
      </div>
      <AttachFile
        name="letter"
        label={t("schools.connect.letter")}
        hint={t("schools.connect.letterHint")}
        value={letter}
        onChange={setLetter}
      />
      {form.general ? <ProblemAlert error={create.error} message={form.general} /> : null}
      <div className="form__actions">
        <Button type="submit" busy={create.isPending}>
          {t("schools.connect.submit")}
        </Button>
      </div>
    </form>
  );
}
