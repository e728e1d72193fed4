import { useState } from "react";
import { useTranslation } from "react-i18next";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { DateField } from "@/components/ui/DateField";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { TextField } from "@/components/ui/TextField";
import { ApiProblem } from "@/lib/api";
import { useForm } from "@/lib/forms";
import { issuerCodeMask, passportMask, ruDateToIso, snilsMask, splitPassport } from "@/lib/masks";

import { useEnterConfirmationCode, useSetPassport, useSetSnils, type Verification } from "../api/profile-api";

const digits = (value: string) => value.replace(/\D/g, "");
const today = () => new Date().toISOString().slice(0, 10);

function SavedValue({ label, value, onEdit, editLabel }: { label: string; value: string; onEdit: () => void; editLabel: string }) {
  return (
    <div className="saved-value">
      <dl className="facts">
        <div className="facts__row">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      </dl>
      <Button variant="secondary" onClick={onEdit}>
        {editLabel}
      </Button>
    </div>
  );
}

export function SnilsSection({ verification }: { verification: Verification }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(!verification.snils);
  const [saved, setSaved] = useState(false);
  const setSnils = useSetSnils();
  const form = useForm<"snils">({
    initial: { snils: "" },
    fields: ["snils"],
    validate: {
      snils: (v) => (!v ? t("validation.snilsRequired") : digits(v).length !== 11 ? t("validation.snilsFormat") : null),
    },
  });

  const submit = form.handleSubmit(async ({ snils }) => {
    setSaved(false);
    try {
      await setSnils.mutateAsync(snils);
      setSaved(true);
      setEditing(false);
      form.reset({ snils: "" });
    } catch (error) {
      form.applyProblem(error, { snils: "snils" });
    }
  });

  const failure = setSnils.error && (!(setSnils.error instanceof ApiProblem) || form.general) ? setSnils.error : null;

  return (
    <section className="card section-card" aria-labelledby="snils-title">
      <h2 id="snils-title">{t("profile.snilsTitle")}</h2>
      {saved ? <Alert tone="success">{t("profile.snilsSaved")}</Alert> : null}
      {!editing && verification.snils ? (
        <SavedValue label={t("fields.snils")} value={verification.snils} onEdit={() => setEditing(true)} editLabel={t("form.change")} />
      ) : (
        <form ref={form.formRef} onSubmit={submit} noValidate className="form">
          {failure ? <ProblemAlert error={failure} message={form.general} /> : null}
          <TextField
            {...form.bind("snils")}
            label={t("fields.snils")}
            hint={t("profile.snilsHint")}
            inputMode="numeric"
            mask={snilsMask}
            autoComplete="off"
          />
          <div className="form__actions">
            {verification.snils ? (
              <Button variant="secondary" onClick={() => setEditing(false)}>
                {t("form.cancel")}
              </Button>
            ) : null}
            <Button type="submit" busy={setSnils.isPending}>
              {t("profile.snilsSave")}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}

type PassportField = "passport" | "issuedAt" | "issuerCode" | "issuerName" | "birthDate";

export function PassportSection({ verification }: { verification: Verification }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(!verification.passport);
  const [saved, setSaved] = useState(false);
  const setPassport = useSetPassport();
  const dateRule = (optional: boolean) => (v: string) =>
    !v ? (optional ? null : t("validation.dateRequired")) : ruDateToIso(v) ? null : t("validation.dateFormat");
  const form = useForm<PassportField>({
    initial: { passport: "", issuedAt: "", issuerCode: "", issuerName: "", birthDate: "" },
    fields: ["passport", "issuedAt", "issuerCode", "issuerName", "birthDate"],
    validate: {
      passport: (v) => (!v ? t("validation.passportRequired") : splitPassport(v) ? null : t("validation.passportFormat")),
      issuedAt: dateRule(false),
      issuerCode: (v) => (!v ? t("validation.issuerCodeRequired") : digits(v).length === 6 ? null : t("validation.issuerCodeFormat")),
      issuerName: (v) =>
        !v.trim() ? t("validation.issuerNameRequired") : /[А-ЯЁа-яё]/.test(v) ? null : t("validation.issuerNameCyrillic"),
      birthDate: dateRule(true),
    },
  });

  const submit = form.handleSubmit(async (values) => {
    const passport = splitPassport(values.passport);
    const issuedAt = ruDateToIso(values.issuedAt);
    if (!passport || !issuedAt) return;
    setSaved(false);
    try {
      await setPassport.mutateAsync({
        series: passport.series,
        number: passport.number,
        issued_at: issuedAt,
        issuer_code: values.issuerCode,
        issuer_name: values.issuerName.trim(),
        birth_date: ruDateToIso(values.birthDate),
      });
      setSaved(true);
      setEditing(false);
    } catch (error) {
      form.applyProblem(error, {
        series: "passport",
        number: "passport",
        passport: "passport",
        issued_at: "issuedAt",
        issuer_code: "issuerCode",
        issuer_name: "issuerName",
        birth_date: "birthDate",
      });
    }
  });

  const failure = setPassport.error && (!(setPassport.error instanceof ApiProblem) || form.general) ? setPassport.error : null;

  return (
    <section className="card section-card" aria-labelledby="passport-title">
      <h2 id="passport-title">{t("profile.passportTitle")}</h2>
      {saved ? <Alert tone="success">{t("profile.passportSaved")}</Alert> : null}
      {!editing && verification.passport ? (
        <SavedValue
          label={t("fields.passport")}
          value={verification.passport}
          onEdit={() => setEditing(true)}
          editLabel={t("form.change")}
        />
      ) : (
        <form ref={form.formRef} onSubmit={submit} noValidate className="form">
          {failure ? <ProblemAlert error={failure} message={form.general} /> : null}
          <TextField
            {...form.bind("passport")}
            label={t("fields.passport")}
            hint={t("profile.passportHint")}
            inputMode="numeric"
            mask={passportMask}
            autoComplete="off"
          />
          <DateField {...form.bind("issuedAt")} label={t("fields.issuedAt")} min="1997-10-01" max={today()} />
          <TextField
            {...form.bind("issuerCode")}
            label={t("fields.issuerCode")}
            hint={t("profile.issuerCodeHint")}
            inputMode="numeric"
            mask={issuerCodeMask}
            autoComplete="off"
          />
          <TextField {...form.bind("issuerName")} label={t("fields.issuerName")} hint={t("profile.issuerNameHint")} autoComplete="off" />
          <DateField
            {...form.bind("birthDate")}
            label={t("fields.birthDate")}
            optional
            hint={t("profile.birthDateHint")}
            max={today()}
          />
          <div className="form__actions">
            {verification.passport ? (
              <Button variant="secondary" onClick={() => setEditing(false)}>
                {t("form.cancel")}
              </Button>
            ) : null}
            <Button type="submit" busy={setPassport.isPending}>
              {t("profile.passportSave")}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}

export function ConfirmationCodeSection() {
  const { t } = useTranslation();
  const enter = useEnterConfirmationCode();
  const form = useForm<"code">({
    initial: { code: "" },
    fields: ["code"],
    validate: { code: (v) => (v.replace(/[^0-9A-Za-zА-Яа-я]/g, "").length >= 8 ? null : t("validation.confirmationCode")) },
  });
  const submit = form.handleSubmit(async ({ code }) => {
    try {
      await enter.mutateAsync(code.trim());
    } catch (error) {
      form.applyProblem(error, { code: "code" });
    }
  });
  const failure = enter.error && (!(enter.error instanceof ApiProblem) || form.general) ? enter.error : null;
  return (
    <section className="card section-card" aria-labelledby="confirmation-code-title">
      <h2 id="confirmation-code-title">{t("profile.codeTitle")}</h2>
      <p>{t("profile.codeLead")}</p>
      <form ref={form.formRef} onSubmit={submit} noValidate className="form">
        {failure ? <ProblemAlert error={failure} message={form.general} /> : null}
        <TextField
          {...form.bind("code")}
          label={t("fields.confirmationCode")}
          hint={t("profile.codeHint")}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          transform={(raw) => raw.toUpperCase().slice(0, 20)}
        />
        <div className="form__actions">
          <Button type="submit" busy={enter.isPending}>
            {t("profile.codeSubmit")}
          </Button>
        </div>
      </form>
    </section>
  );
}
