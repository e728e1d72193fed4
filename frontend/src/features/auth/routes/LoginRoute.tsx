import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { PasswordField } from "@/components/ui/PasswordField";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { TextField } from "@/components/ui/TextField";
import { ApiProblem } from "@/lib/api";
import { session } from "@/lib/auth";
import { meQueryOptions, useMe, useSession } from "@/lib/auth/hooks";
import { landingPath } from "@/lib/auth/landing";
import { useForm } from "@/lib/forms";
import { formatSeconds, useCountdown } from "@/lib/use-countdown";

import { logIn, resendLoginCode, verifyLogin, type MfaChallenge, type MfaMethod, type Tokens } from "../api/auth-api";
import { CodeEntry } from "../components/CodeEntry";
import { codeError, safeNext } from "../utils/validators";

type Challenge = MfaChallenge & { login: string };

const waitUntil = (error: unknown) =>
  error instanceof ApiProblem && error.retryAfter !== null ? Date.now() + error.retryAfter * 1000 : null;

export default function LoginRoute() {
  const { t } = useTranslation();
  const { status, endedReason } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const [login, setLogin] = useState("");
  const [restartReason, setRestartReason] = useState<string | null>(null);
  const done = useRef(false);
  const notice = (location.state as { notice?: string } | null)?.notice;

  const queryClient = useQueryClient();
  const me = useMe();

  const finish = async (tokens: Tokens) => {
    done.current = true;
    session.signIn(tokens);
    // No page asked for: the role's main job (diary, journal, review queue, operator desk).
    const target = next ?? landingPath(await queryClient.fetchQuery(meQueryOptions()).catch(() => ({ roles: [], school_id: null })));
    navigate(target, { replace: true });
  };

  if (status === "signed-in" && !done.current) {
    if (next) return <Navigate to={next} replace />;
    if (me.isError) return <Navigate to="/profile" replace />;
    return me.data ? <Navigate to={landingPath(me.data)} replace /> : null;
  }

  return (
    <div className="container page page--narrow page--auth">
      <PageTitle title={t("login.title")} />
      <h1>{t("login.title")}</h1>
      {notice === "loggedOut" && !challenge ? <Alert tone="success">{t("login.loggedOut")}</Alert> : null}
      {notice === "passwordChanged" && !challenge ? <Alert tone="success">{t("reset.done")}</Alert> : null}
      {endedReason && !challenge ? (
        <Alert tone="warning" title={t("login.sessionEnded")}>
          <p>{endedReason}</p>
        </Alert>
      ) : null}
      {restartReason ? <Alert tone="warning">{restartReason}</Alert> : null}
      <div className="card">
        {challenge ? (
          <SecondFactor
            challenge={challenge}
            onDone={(tokens) => void finish(tokens)}
            onRestart={(reason) => {
              setRestartReason(reason);
              setChallenge(null);
            }}
          />
        ) : (
          <Credentials
            login={login}
            setLogin={setLogin}
            onTokens={(tokens) => void finish(tokens)}
            onChallenge={(c) => {
              setRestartReason(null);
              setChallenge(c);
            }}
          />
        )}
      </div>
      {!challenge ? (
        <p className="after-card">
          {t("login.noAccount")} <Link to="/register">{t("login.toRegister")}</Link>
        </p>
      ) : null}
    </div>
  );
}

function Credentials({
  login,
  setLogin,
  onTokens,
  onChallenge,
}: {
  login: string;
  setLogin: (value: string) => void;
  onTokens: (tokens: Tokens) => void;
  onChallenge: (challenge: Challenge) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [lockedUntil, setLockedUntil] = useState<number | null>(null);
  const lockSeconds = useCountdown(lockedUntil);
  const form = useForm<"login" | "password">({
    initial: { login, password: "" },
    fields: ["login", "password"],
    validate: {
      login: (v) => (v.trim() ? null : t("validation.loginRequired")),
      password: (v) => (v ? null : t("validation.passwordRequired")),
    },
    onChange: (values) => setLogin(values.login),
  });

  const submit = form.handleSubmit(async (values) => {
    if (lockSeconds > 0) return;
    setBusy(true);
    setFailure(null);
    try {
      const answer = await logIn(values.login.trim(), values.password);
      if (answer.mfa_required) {
        onChallenge({ ...answer, login: values.login.trim() });
      } else {
        onTokens(answer);
      }
    } catch (error) {
      setBusy(false);
      form.setValue("password", "");
      if (error instanceof ApiProblem && (error.status === 423 || error.status === 429)) {
        setLockedUntil(waitUntil(error));
      }
      const mapped = form.applyProblem(error, { login: "login", password: "password" });
      if (mapped.general || !(error instanceof ApiProblem)) setFailure(error);
      if (error instanceof ApiProblem && error.status === 401) form.focusField("password");
    }
  });

  return (
    <form ref={form.formRef} onSubmit={submit} noValidate className="form">
      {failure ? (
        <div>
          <ProblemAlert error={failure} />
          {lockSeconds > 0 ? (
            <p className="lock-timer">{t("login.lockedFor", { time: formatSeconds(lockSeconds) })}</p>
          ) : null}
        </div>
      ) : null}
      <TextField
        {...form.bind("login")}
        label={t("fields.login")}
        hint={t("login.loginHint")}
        autoComplete="username"
        spellCheck={false}
        autoCapitalize="off"
      />
      <PasswordField {...form.bind("password")} label={t("fields.password")} autoComplete="current-password" />
      <p className="form__aside">
        <Link to="/password/reset">{t("login.forgot")}</Link>
      </p>
      <div className="form__actions">
        <Button type="submit" busy={busy || lockSeconds > 0}>
          {t("login.submit")}
        </Button>
      </div>
    </form>
  );
}

function SecondFactor({
  challenge,
  onDone,
  onRestart,
}: {
  challenge: Challenge;
  onDone: (tokens: Tokens) => void;
  onRestart: (reason: string | null) => void;
}) {
  const { t } = useTranslation();
  const [method, setMethod] = useState<MfaMethod>(challenge.methods.includes("totp") ? "totp" : "sms");
  const [sentTo, setSentTo] = useState<string | null>(challenge.sms_sent_to ?? null);
  // The server allows one SMS a minute per number and says when the next may go.
  const [resendAt, setResendAt] = useState<number | null>(
    challenge.resend_available_at ? Date.parse(challenge.resend_available_at) : sentTo ? Date.now() + 60_000 : null,
  );
  // A log-in within that minute (a second one, or right after the registration's code): no
  // SMS went now, the one sent earlier still counts; a new one on «Отправить снова».
  const cooldown = !sentTo && challenge.resend_available_at != null;
  const [busy, setBusy] = useState(false);
  const [resending, setResending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const form = useForm<"code">({
    initial: { code: "" },
    fields: ["code"],
    validate: { code: (v) => codeError(t, v) },
  });

  useEffect(() => headingRef.current?.focus(), []);

  const requestSms = async () => {
    setResending(true);
    setFailure(null);
    try {
      const sent = await resendLoginCode(challenge.challenge_id);
      setSentTo(sent.phone);
      setResendAt(Date.parse(sent.resend_available_at));
    } catch (error) {
      const wait = waitUntil(error);
      if (wait) setResendAt(wait);
      else handleChallengeError(error);
    } finally {
      setResending(false);
    }
  };

  // SMS is the method but no code went out and none is waiting (the app was the default):
  // ask now; a 429 starts the countdown, and the code is asked for again when it ends.
  const asked = useRef(false);
  const waitLeft = useCountdown(method === "sms" && !sentTo && !cooldown ? resendAt : null);
  useEffect(() => {
    if (method === "sms" && !sentTo && !cooldown && !asked.current) {
      asked.current = true;
      void requestSms();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [method]);
  const autoAsked = useRef<number | null>(null);
  useEffect(() => {
    if (method === "sms" && !sentTo && !cooldown && resendAt !== null && Date.now() >= resendAt && autoAsked.current !== resendAt) {
      autoAsked.current = resendAt;
      void requestSms();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [method, sentTo, resendAt, waitLeft]);

  function handleChallengeError(error: unknown) {
    const field = error instanceof ApiProblem ? error.problem?.errors.find((e) => e.field === "challenge_id") : undefined;
    if (field) {
      onRestart(field.message);
      return true;
    }
    const mapped = form.applyProblem(error, { code: "code" });
    if (mapped.general || !(error instanceof ApiProblem)) setFailure(error);
    return false;
  }

  const submit = form.handleSubmit(async ({ code }) => {
    setBusy(true);
    setFailure(null);
    try {
      onDone(await verifyLogin(challenge.challenge_id, code, method));
    } catch (error) {
      setBusy(false);
      handleChallengeError(error);
    }
  });

  const other: MfaMethod | null = challenge.methods.find((m) => m !== method) ?? null;

  return (
    <form ref={form.formRef} onSubmit={submit} noValidate className="form">
      <h2 tabIndex={-1} ref={headingRef} className="form__title">
        {t("login.mfaTitle")}
      </h2>
      {failure ? <ProblemAlert error={failure} /> : null}
      {method === "sms" ? (
        cooldown ? (
          <Alert tone="info" title={t("login.smsAlreadySent")} live={false}>
            <p>{t("login.smsAlreadySentText")}</p>
          </Alert>
        ) : (
          <p>{sentTo ? t("login.smsSent", { phone: sentTo }) : resendAt ? t("login.smsWaiting") : t("login.smsSending")}</p>
        )
      ) : (
        <p>{t("login.totpPrompt")}</p>
      )}
      <CodeEntry
        field={form.bind("code")}
        label={method === "sms" ? t("fields.smsCode") : t("fields.totpCode")}
        hint={method === "sms" ? t("code.hint") : t("login.totpHint")}
        resendAt={method === "sms" ? resendAt : undefined}
        onResend={method === "sms" ? () => void requestSms() : undefined}
        resending={resending}
        waitingLabel={sentTo ? undefined : cooldown ? (time) => t("login.resendIn", { time }) : (time) => t("login.smsIn", { time })}
        resendLabel={cooldown ? t("login.resendNow") : undefined}
      />
      <div className="form__actions">
        <Button type="submit" busy={busy}>
          {t("login.verify")}
        </Button>
      </div>
      <div className="form__links">
        {other ? (
          <Button
            variant="link"
            onClick={() => {
              setMethod(other);
              form.reset({ code: "" });
              setFailure(null);
            }}
          >
            {other === "sms" ? t("login.useSms") : t("login.useTotp")}
          </Button>
        ) : null}
        <Button variant="link" onClick={() => onRestart(null)}>
          {t("login.otherAccount")}
        </Button>
      </div>
    </form>
  );
}
