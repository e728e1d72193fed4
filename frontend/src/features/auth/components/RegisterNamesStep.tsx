import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { TextField } from "@/components/ui/TextField";
import { useForm } from "@/lib/forms";
import { phoneMask, phoneToE164 } from "@/lib/masks";

import { checkPhone } from "../api/auth-api";
import type { DraftProps, NamesErrors, NamesField } from "../utils/register-draft";
import { nameError, phoneError } from "../utils/validators";

/** Registration step 1: names and the phone number. */
export function NamesStep({ draft, updateDraft, serverErrors, onDone }: DraftProps & { serverErrors: NamesErrors | null; onDone: () => void }) {
  const { t } = useTranslation();
  const [checking, setChecking] = useState(false);
  const form = useForm<NamesField>({
    initial: { lastName: draft.lastName, firstName: draft.firstName, middleName: draft.middleName, phone: draft.phone },
    fields: ["lastName", "firstName", "middleName", "phone"],
    validate: {
      lastName: (v) => nameError(t, "lastName", v),
      firstName: (v) => nameError(t, "firstName", v),
      middleName: (v) => nameError(t, "middleName", v, true),
      phone: (v) => phoneError(t, v),
    },
    onChange: (values) => {
      const phoneChanged = phoneToE164(values.phone) !== draft.phoneE164;
      updateDraft({ ...values, ...(phoneChanged ? { phoneE164: null, sentTo: null, resendAt: null } : {}) });
    },
  });

  // Errors the server found in this step's fields after the last step was sent: shown
  // (and the first one focused) once, when the step opens with them.
  const { setErrors } = form;
  const shownServerErrors = useRef<NamesErrors | null>(null);
  useEffect(() => {
    if (serverErrors && shownServerErrors.current !== serverErrors) {
      shownServerErrors.current = serverErrors;
      setErrors(serverErrors);
    }
  }, [serverErrors, setErrors]);

  const submit = form.handleSubmit(async (values) => {
    setChecking(true);
    try {
      // The server's own check, so «Некорректный номер телефона: …» comes in its words now,
      // not after the password step.
      const verdict = await checkPhone(phoneToE164(values.phone) ?? values.phone);
      const problem = verdict.errors[0];
      if (!verdict.valid && problem) {
        setChecking(false);
        form.setErrors({ phone: problem.message });
        return;
      }
    } catch {
      // The check is a courtesy: the registration checks the number again.
    }
    setChecking(false);
    onDone();
  });

  return (
    <form ref={form.formRef} onSubmit={submit} noValidate className="form">
      <p className="muted">{t("register.namesHint")}</p>
      <TextField {...form.bind("lastName")} label={t("fields.lastName")} autoComplete="family-name" autoCapitalize="words" />
      <TextField {...form.bind("firstName")} label={t("fields.firstName")} autoComplete="given-name" autoCapitalize="words" />
      <TextField
        {...form.bind("middleName")}
        label={t("fields.middleName")}
        optional
        hint={t("register.middleNameHint")}
        autoComplete="additional-name"
        autoCapitalize="words"
      />
      <TextField
        {...form.bind("phone")}
        label={t("fields.phone")}
        hint={t("register.phoneHint")}
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        placeholder="+7 (999) 123-45-67"
        mask={phoneMask}
      />
      <div className="form__actions">
        <Button type="submit" busy={checking}>
          {t("form.next")}
        </Button>
      </div>
    </form>
  );
}
