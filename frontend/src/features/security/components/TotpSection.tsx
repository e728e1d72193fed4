import { useState } from "react";
import { useTranslation } from "react-i18next";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { TextField } from "@/components/ui/TextField";
import { ApiProblem } from "@/lib/api";
import type { Me } from "@/lib/auth/hooks";
import { useForm } from "@/lib/forms";

import { useTotpConfirm, useTotpDisable, useTotpSetup } from "../api/security-api";

const digitsOnly = (raw: string) => raw.replace(/\D/g, "").slice(0, 6);

/** The server's QR code (a standalone SVG with xmlns and viewBox) as an image source:
 * shown as an <img>, it scales and cannot run anything. */
export function qrImageSource(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg.trim())}`;
}

function CodeForm({
  label,
  submitLabel,
  busy,
  onSubmit,
  onCancel,
}: {
  label: string;
  submitLabel: string;
  busy: boolean;
  onSubmit: (code: string) => Promise<void>;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const [failure, setFailure] = useState<unknown>(null);
  const form = useForm<"code">({
    initial: { code: "" },
    fields: ["code"],
    validate: { code: (v) => (/^\d{6}$/.test(v) ? null : t("validation.codeSixDigits")) },
  });
  const submit = form.handleSubmit(async ({ code }) => {
    setFailure(null);
    try {
      await onSubmit(code);
    } catch (error) {
      const mapped = form.applyProblem(error, { code: "code" });
      if (mapped.general || !(error instanceof ApiProblem)) setFailure(error);
    }
  });
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate className="form">
      {failure ? <ProblemAlert error={failure} /> : null}
      <TextField
        {...form.bind("code")}
        label={label}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        inputClassName="input--code"
        transform={digitsOnly}
      />
      <div className="form__actions">
        {onCancel ? (
          <Button variant="secondary" onClick={onCancel}>
            {t("form.cancel")}
          </Button>
        ) : null}
        <Button type="submit" busy={busy}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}

export function TotpSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const setup = useTotpSetup();
  const confirm = useTotpConfirm();
  const disable = useTotpDisable();
  const [message, setMessage] = useState<string | null>(null);
  const [disabling, setDisabling] = useState(false);

  const secret = setup.data?.secret.replace(/(.{4})/g, "$1 ").trim();

  return (
    <section className="card section-card" aria-labelledby="totp-title">
      <h2 id="totp-title">{t("security.totpTitle")}</h2>
      {message ? <Alert tone="success">{message}</Alert> : null}
      {me.mfa.totp ? (
        <>
          <p>
            <span className="badge badge--ok">{t("security.totpOn")}</span>
          </p>
          <p>{t("security.totpOnText")}</p>
          {disabling ? (
            <CodeForm
              label={t("security.totpCodeToDisable")}
              submitLabel={t("security.totpDisable")}
              busy={disable.isPending}
              onCancel={() => setDisabling(false)}
              onSubmit={async (code) => {
                await disable.mutateAsync(code);
                setDisabling(false);
                setup.reset();
                setMessage(t("security.totpDisabled"));
              }}
            />
          ) : (
            <Button variant="secondary" onClick={() => setDisabling(true)}>
              {t("security.totpDisable")}
            </Button>
          )}
        </>
      ) : setup.data ? (
        <div className="totp-setup">
          <ol className="totp-steps">
            <li>{t("security.totpStep1")}</li>
            <li>
              {t("security.totpStep2")}
              <img
                className="totp-qr"
                src={qrImageSource(setup.data.qr_svg)}
                alt={t("security.totpQrAlt")}
                width={200}
                height={200}
              />
              <p>{t("security.totpSecretLabel")}</p>
              <p className="totp-secret">
                <code>{secret}</code>
              </p>
            </li>
            <li>{t("security.totpStep3")}</li>
          </ol>
          <CodeForm
            label={t("fields.totpCode")}
            submitLabel={t("security.totpConfirm")}
            busy={confirm.isPending}
            onCancel={() => setup.reset()}
            onSubmit={async (code) => {
              await confirm.mutateAsync(code);
              setMessage(t("security.totpEnabled"));
            }}
          />
        </div>
      ) : (
        <>
          <p>{t("security.totpLead")}</p>
          {setup.error ? <ProblemAlert error={setup.error} /> : null}
          <Button busy={setup.isPending} onClick={() => setup.mutate()}>
            {t("security.totpStart")}
          </Button>
        </>
      )}
    </section>
  );
}
