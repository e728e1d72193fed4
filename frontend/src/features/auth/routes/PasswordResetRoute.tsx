import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { PasswordField } from "@/components/ui/PasswordField";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { TextField } from "@/components/ui/TextField";
import { ApiProblem } from "@/lib/api";
import { useForm } from "@/lib/forms";

import { confirmPasswordReset, requestPasswordReset } from "../api/auth-api";
import { CodeEntry } from "../components/CodeEntry";
import { PasswordChecklist } from "../components/PasswordChecklist";
import { codeError, passwordError } from "../utils/validators";

/**
 * «Забыли пароль?»: the log-in (phone or e-mail) → a code by SMS or a link by e-mail → a new
 * password. The e-mail link opens /password/reset/confirm?link=…&code=…: the code and the
 * link's id are enough, the user only chooses the new password (older links, with no id,
 * still ask for the e-mail).
 */
export default function PasswordResetRoute() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const linkCode = params.get("code");
  const linkId = linkCode ? params.get("link") : null;
  const [login, setLogin] = useState("");
  const [stage, setStage] = useState<"request" | "confirm">(linkCode ? "confirm" : "request");
  const [resendAt, setResendAt] = useState<number | null>(null);

  return (
    <div className="container page page--narrow page--auth">
      <PageTitle title={t("reset.title")} />
      <h1>{t("reset.title")}</h1>
      <div className="card">
        {stage === "request" ? (
          <RequestStage
            login={login}
            setLogin={setLogin}
            onSent={() => {
              setResendAt(Date.now() + 60_000);
              setStage("confirm");
            }}
          />
        ) : (
          <ConfirmStage
            login={login}
            linkCode={linkCode}
            linkId={linkId}
            resendAt={resendAt}
            onResend={async () => {
              await requestPasswordReset(login).catch(() => undefined);
              setResendAt(Date.now() + 60_000);
            }}
            onChangeLogin={() => setStage("request")}
          />
        )}
      </div>
      <p className="after-card">
        <Link to="/login">{t("reset.backToLogin")}</Link>
      </p>
    </div>
  );
}

function RequestStage({ login, setLogin, onSent }: { login: string; setLogin: (v: string) => void; onSent: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const form = useForm<"login">({
    initial: { login },
    fields: ["login"],
    validate: { login: (v) => (v.trim() ? null : t("validation.resetLoginRequired")) },
    onChange: (values) => setLogin(values.login),
  });
  const submit = form.handleSubmit(async (values) => {
    setBusy(true);
    setFailure(null);
    try {
      await requestPasswordReset(values.login.trim());
      onSent();
    } catch (error) {
      setBusy(false);
      const mapped = form.applyProblem(error, { login: "login" });
      if (mapped.general || !(error instanceof ApiProblem)) setFailure(error);
    }
  });
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate className="form">
      <p>{t("reset.lead")}</p>
      {failure ? <ProblemAlert error={failure} /> : null}
      <TextField
        {...form.bind("login")}
        label={t("fields.resetLogin")}
        hint={t("reset.loginHint")}
        autoComplete="username"
        spellCheck={false}
        autoCapitalize="off"
      />
      <div className="form__actions">
        <Button type="submit" busy={busy}>
          {t("reset.send")}
        </Button>
      </div>
    </form>
  );
}

type ConfirmField = "login" | "code" | "password";

function ConfirmStage({
  login,
  linkCode,
  linkId,
  resendAt,
  onResend,
  onChangeLogin,
}: {
  login: string;
  linkCode: string | null;
  linkId: string | null;
  resendAt: number | null;
  onResend: () => Promise<void>;
  onChangeLogin: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const checklistId = useId();
  const [busy, setBusy] = useState(false);
  const [resending, setResending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const form = useForm<ConfirmField>({
    initial: { login, code: linkCode ?? "", password: "" },
    fields: ["login", "code", "password"],
    validate: {
      login: (v) => (linkId || v.trim() ? null : t("validation.resetLoginRequired")),
      code: (v) => (linkCode ? null : codeError(t, v)),
      password: (v) => passwordError(t, v),
    },
  });

  const submit = form.handleSubmit(async (values) => {
    setBusy(true);
    setFailure(null);
    try {
      await confirmPasswordReset(linkId ? { link: linkId } : { login: values.login.trim() }, values.code, values.password);
      navigate("/login", { replace: true, state: { notice: "passwordChanged" } });
    } catch (error) {
      setBusy(false);
      const mapped = form.applyProblem(error, { login: "login", code: "code", new_password: "password" });
      if (mapped.general || !(error instanceof ApiProblem)) setFailure(error);
    }
  });

  return (
    <form ref={form.formRef} onSubmit={submit} noValidate className="form">
      {linkCode ? (
        <p>{linkId ? t("reset.fromLinkReady") : t("reset.fromLink")}</p>
      ) : (
        <Alert tone="info" live>
          <p>{t("reset.sent")}</p>
        </Alert>
      )}
      {failure ? <ProblemAlert error={failure} /> : null}
      {linkId ? null : linkCode ? (
        <TextField
          {...form.bind("login")}
          label={t("fields.resetEmail")}
          type="email"
          autoComplete="username"
          spellCheck={false}
          autoCapitalize="off"
        />
      ) : (
        <>
          <p>
            <span className="muted">{t("fields.resetLogin")}: </span>
            <strong>{login}</strong>{" "}
            <Button variant="link" onClick={onChangeLogin}>
              {t("form.change")}
            </Button>
          </p>
          <CodeEntry
            field={form.bind("code")}
            label={t("fields.smsCode")}
            hint={t("reset.codeHint")}
            resendAt={resendAt}
            resending={resending}
            onResend={() => {
              setResending(true);
              void onResend().finally(() => setResending(false));
            }}
          />
        </>
      )}
      <PasswordField
        {...form.bind("password")}
        label={t("fields.newPassword")}
        autoComplete="new-password"
        describedBy={checklistId}
      />
      <PasswordChecklist id={checklistId} password={form.values.password} />
      <div className="form__actions">
        <Button type="submit" busy={busy}>
          {t("reset.submit")}
        </Button>
      </div>
    </form>
  );
}
