import { useState } from "react";
import { useTranslation } from "react-i18next";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { TextField } from "@/components/ui/TextField";
import { ApiProblem } from "@/lib/api";
import type { Me } from "@/lib/auth/hooks";
import { fullName } from "@/lib/format";
import { useForm } from "@/lib/forms";
import { formatPhone } from "@/lib/masks";

import { useSetEmail } from "../api/profile-api";

const EMAIL = /^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$/;

export function PersonalData({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [editingEmail, setEditingEmail] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const setEmail = useSetEmail();
  const form = useForm<"email">({
    initial: { email: me.email ?? "" },
    fields: ["email"],
    validate: {
      email: (v) => (!v.trim() ? t("validation.emailRequired") : EMAIL.test(v.trim()) ? null : t("validation.emailInvalid")),
    },
  });

  const send = async (email: string) => {
    setSentTo(null);
    try {
      const answer = await setEmail.mutateAsync(email);
      setSentTo(answer.email);
      setEditingEmail(false);
    } catch (error) {
      form.applyProblem(error, { email: "email" });
    }
  };

  const submit = form.handleSubmit(async ({ email }) => send(email.trim()));
  const failure = setEmail.error && (!(setEmail.error instanceof ApiProblem) || form.general) ? setEmail.error : null;

  return (
    <section className="card section-card" aria-labelledby="personal-title">
      <h2 id="personal-title">{t("profile.personalTitle")}</h2>
      {sentTo ? <Alert tone="success">{t("profile.emailLinkSent", { email: sentTo })}</Alert> : null}
      {failure && !editingEmail ? <ProblemAlert error={failure} message={form.general} /> : null}
      <dl className="facts">
        <div className="facts__row">
          <dt>{t("profile.name")}</dt>
          <dd>{fullName(me)}</dd>
        </div>
        <div className="facts__row">
          <dt>{t("fields.phone")}</dt>
          <dd>
            {formatPhone(me.phone)} <span className="badge badge--ok">{t("profile.confirmed")}</span>
          </dd>
        </div>
        <div className="facts__row">
          <dt>{t("fields.email")}</dt>
          <dd>
            {me.email ? (
              <>
                {me.email}{" "}
                <span className={`badge ${me.email_confirmed ? "badge--ok" : "badge--warn"}`}>
                  {me.email_confirmed ? t("profile.confirmed") : t("profile.notConfirmed")}
                </span>
              </>
            ) : (
              <span className="muted">{t("profile.noEmail")}</span>
            )}
          </dd>
        </div>
      </dl>
      {editingEmail ? (
        <form ref={form.formRef} onSubmit={submit} noValidate className="form">
          {failure ? <ProblemAlert error={failure} message={form.general} /> : null}
          <TextField
            {...form.bind("email")}
            label={t("fields.email")}
            hint={t("profile.emailHint")}
            type="email"
            inputMode="email"
            autoComplete="email"
            spellCheck={false}
            autoCapitalize="off"
            autoFocus
          />
          <div className="form__actions">
            <Button variant="secondary" onClick={() => setEditingEmail(false)}>
              {t("form.cancel")}
            </Button>
            <Button type="submit" busy={setEmail.isPending}>
              {t("profile.emailSend")}
            </Button>
          </div>
        </form>
      ) : (
        <div className="form__actions">
          <Button variant="secondary" onClick={() => setEditingEmail(true)}>
            {me.email ? t("profile.emailChange") : t("profile.emailAdd")}
          </Button>
          {me.email && !me.email_confirmed ? (
            <Button busy={setEmail.isPending} onClick={() => void send(me.email ?? "")}>
              {t("profile.emailConfirm")}
            </Button>
          ) : null}
        </div>
      )}
    </section>
  );
}
