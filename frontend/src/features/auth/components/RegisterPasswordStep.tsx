import { useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { PasswordField } from "@/components/ui/PasswordField";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { TextField } from "@/components/ui/TextField";
import { ApiProblem } from "@/lib/api";
import { mapProblem, useForm } from "@/lib/forms";
import { phoneToE164 } from "@/lib/masks";

import { register } from "../api/auth-api";
import { SERVER_FIELDS, type DraftProps, type NamesErrors } from "../utils/register-draft";
import { emailError, passwordError } from "../utils/validators";
import { PasswordChecklist } from "./PasswordChecklist";

type PasswordStepField = "password" | "email";

/** Registration step 2: password and e-mail; sending it registers and sends the code. */
export function PasswordStep({
  draft,
  updateDraft,
  password,
  setPassword,
  onBack,
  onNamesErrors,
  onSent,
}: DraftProps & {
  password: string;
  setPassword: (value: string) => void;
  onBack: () => void;
  onNamesErrors: (errors: NamesErrors) => void;
  onSent: () => void;
}) {
  const { t } = useTranslation();
  const checklistId = useId();
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const form = useForm<PasswordStepField>({
    initial: { password, email: draft.email },
    fields: ["password", "email"],
    validate: {
      password: (v) => passwordError(t, v),
      email: (v) => emailError(t, v),
    },
    onChange: (values) => {
      setPassword(values.password);
      updateDraft({ email: values.email });
    },
  });

  const submit = form.handleSubmit(async (values) => {
    const phone = phoneToE164(draft.phone);
    if (!phone) {
      onNamesErrors({ phone: t("validation.phoneIncomplete") });
      return;
    }
    setSending(true);
    setFailure(null);
    try {
      const sent = await register({
        last_name: draft.lastName.trim(),
        first_name: draft.firstName.trim(),
        middle_name: draft.middleName.trim() || null,
        phone,
        password: values.password,
        email: values.email.trim() || null,
      });
      updateDraft({ phoneE164: phone, sentTo: sent.phone, resendAt: Date.parse(sent.resend_available_at) });
      onSent();
    } catch (error) {
      setSending(false);
      const all = mapProblem(error, ["lastName", "firstName", "middleName", "phone", "password", "email"] as const, SERVER_FIELDS);
      const names: NamesErrors = {};
      for (const key of ["lastName", "firstName", "middleName", "phone"] as const) {
        if (all.fields[key]) names[key] = all.fields[key];
      }
      if (Object.keys(names).length) {
        onNamesErrors(names);
        return;
      }
      const mapped = form.applyProblem(error, { password: "password", email: "email" });
      if (mapped.general || !(error instanceof ApiProblem)) setFailure(error);
    }
  });

  return (
    <form ref={form.formRef} onSubmit={submit} noValidate className="form">
      {failure ? <ProblemAlert error={failure} /> : null}
      <PasswordField
        {...form.bind("password")}
        label={t("fields.password")}
        autoComplete="new-password"
        describedBy={checklistId}
      />
      <PasswordChecklist id={checklistId} password={form.values.password} />
      <TextField
        {...form.bind("email")}
        label={t("fields.email")}
        optional
        hint={t("register.emailHint")}
        type="email"
        inputMode="email"
        autoComplete="email"
        spellCheck={false}
        autoCapitalize="off"
      />
      <div className="form__actions">
        <Button variant="secondary" onClick={onBack}>
          {t("form.back")}
        </Button>
        <Button type="submit" busy={sending}>
          {t("register.submit")}
        </Button>
      </div>
    </form>
  );
}
