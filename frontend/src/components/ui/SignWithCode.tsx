import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import type { components } from "@/api/generated/schema";
import { api, ApiProblem, unwrap } from "@/lib/api";
import { formatSeconds, useCountdown } from "@/lib/use-countdown";

import { Button } from "./Button";
import { ProblemAlert } from "./ProblemAlert";
import { TextField } from "./TextField";
import "./sign.css";

type Challenge = components["schemas"]["ChallengeOut"];
export type Signature = components["schemas"]["SignatureOut"];
export type SignatureSubject = components["schemas"]["SignatureSubject"];

/**
 * «Подписать» with a one-time SMS code (простая электронная подпись): the button asks for
 * a code, then the same field as the log-in's SMS step (autocomplete="one-time-code"),
 * «Отправить код ещё раз» behind a countdown, and the server's words for a wrong or
 * expired code under the field.
 */
export function SignWithCode({
  subjectType,
  subjectId,
  label,
  onSigned,
}: {
  subjectType: SignatureSubject;
  subjectId: string;
  label?: string;
  onSigned: (signature: Signature) => void;
}) {
  const { t } = useTranslation();
  const formId = useId();
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const [code, setCode] = useState("");
  const [codeError, setCodeError] = useState<string | null>(null);
  const seconds = useCountdown(challenge ? Date.parse(challenge.resend_available_at) : null);
  const start = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST("/api/v1/signatures", { body: { subject_type: subjectType, subject_id: subjectId } })),
    onSuccess: (data) => {
      setChallenge(data);
      setCode("");
      setCodeError(null);
    },
  });
  const resend = useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.POST("/api/v1/signatures/{challenge_id}/resend", { params: { path: { challenge_id: id } } })),
    onSuccess: (data) => setChallenge(data),
  });
  const confirm = useMutation({
    mutationFn: async (id: string) =>
      unwrap(
        await api.POST("/api/v1/signatures/{challenge_id}/confirm", {
          params: { path: { challenge_id: id } },
          body: { code },
        }),
      ),
    onSuccess: (signature) => {
      setChallenge(null);
      onSigned(signature);
    },
    onError: (error) => {
      const onField = error instanceof ApiProblem ? error.problem?.errors.find((e) => e.field === "code") : undefined;
      setCodeError(onField?.message ?? null);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!challenge) return;
    if (!/^\d{6}$/.test(code)) {
      setCodeError(t("signature.codeFormat"));
      return;
    }
    confirm.mutate(challenge.challenge_id);
  };
  if (!challenge) {
    return (
      <div className="sign">
        <Button onClick={() => start.mutate()} busy={start.isPending}>
          {label ?? t("signature.sign")}
        </Button>
        {start.isError ? <ProblemAlert error={start.error} title={t("signature.startFailed")} /> : null}
      </div>
    );
  }
  return (
    <form className="sign card" id={formId} onSubmit={submit} noValidate>
      <p className="sign__sent" role="status">
        {/* The masked number never breaks across lines. */}
        {t("signature.sent", { phone: challenge.sms_sent_to.replace(/ /g, "\u00a0").replace(/-/g, "\u2011") })}
      </p>
      <TextField
        name="code"
        label={t("signature.code")}
        hint={t("signature.codeHint")}
        value={code}
        onChange={(value) => {
          setCode(value);
          setCodeError(null);
        }}
        error={codeError}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        inputClassName="input--code"
        transform={(raw) => raw.replace(/\D/g, "").slice(0, 6)}
        autoFocus
      />
      {confirm.isError && !codeError ? <ProblemAlert error={confirm.error} /> : null}
      {resend.isError ? <ProblemAlert error={resend.error} /> : null}
      <div className="sign__actions">
        <Button type="submit" busy={confirm.isPending}>
          {t("signature.confirm")}
        </Button>
        <Button variant="secondary" onClick={() => setChallenge(null)}>
          {t("signature.cancel")}
        </Button>
      </div>
      <div className="code-entry__resend">
        {seconds > 0 ? (
          <p className="muted">{t("code.resendIn", { time: formatSeconds(seconds) })}</p>
        ) : (
          <Button variant="link" onClick={() => resend.mutate(challenge.challenge_id)} busy={resend.isPending}>
            {t("code.resend")}
          </Button>
        )}
      </div>
      <p className="muted sign__legal">{t("signature.legal")}</p>
    </form>
  );
}
