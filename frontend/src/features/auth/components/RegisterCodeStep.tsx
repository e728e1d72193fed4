import { useState } from "react";
import { useTranslation } from "react-i18next";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { ApiProblem } from "@/lib/api";
import { useForm } from "@/lib/forms";

import { confirmPhone, resendPhoneCode } from "../api/auth-api";
import { retryAt, type DraftProps } from "../utils/register-draft";
import { codeError } from "../utils/validators";
import { CodeEntry } from "./CodeEntry";

/** Registration step 3: the SMS code. */
export function CodeStep({
  draft,
  updateDraft,
  onChangePhone,
  onConfirmed,
}: DraftProps & {
  onChangePhone: () => void;
  onConfirmed: (tokens: Awaited<ReturnType<typeof confirmPhone>>) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [resending, setResending] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const form = useForm<"code">({
    initial: { code: "" },
    fields: ["code"],
    validate: { code: (v) => codeError(t, v) },
  });
  const phone = draft.phoneE164 ?? "";

  const submit = form.handleSubmit(async ({ code }) => {
    setBusy(true);
    setFailure(null);
    setNotice(null);
    try {
      onConfirmed(await confirmPhone(phone, code));
    } catch (error) {
      setBusy(false);
      const mapped = form.applyProblem(error, { code: "code", phone: "code" });
      if (mapped.general || !(error instanceof ApiProblem)) setFailure(error);
    }
  });

  const resend = async () => {
    setResending(true);
    setFailure(null);
    try {
      const sent = await resendPhoneCode(phone);
      updateDraft({ sentTo: sent.phone, resendAt: Date.parse(sent.resend_available_at) });
      form.reset({ code: "" });
      setNotice(t("code.sentAgain", { phone: sent.phone }));
    } catch (error) {
      const wait = retryAt(error);
      if (wait) updateDraft({ resendAt: wait });
      else setFailure(error);
    } finally {
      setResending(false);
    }
  };

  return (
    <form ref={form.formRef} onSubmit={submit} noValidate className="form">
      <p>
        {t("register.codeSent", { phone: draft.sentTo ?? "" })}{" "}
        <Button variant="link" onClick={onChangePhone}>
          {t("register.changePhone")}
        </Button>
      </p>
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {failure ? <ProblemAlert error={failure} /> : null}
      <CodeEntry
        field={form.bind("code")}
        label={t("fields.smsCode")}
        hint={t("code.hint")}
        resendAt={draft.resendAt}
        onResend={() => void resend()}
        resending={resending}
      />
      <div className="form__actions">
        <Button type="submit" busy={busy}>
          {t("register.confirm")}
        </Button>
      </div>
    </form>
  );
}
