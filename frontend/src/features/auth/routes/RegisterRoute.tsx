import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { PasswordField } from "@/components/ui/PasswordField";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { TextField } from "@/components/ui/TextField";
import { WizardProgress } from "@/components/ui/WizardProgress";
import { ApiProblem } from "@/lib/api";
import { session } from "@/lib/auth";
import { useSession } from "@/lib/auth/hooks";
import { useSessionDraft } from "@/lib/draft";
import { mapProblem, useForm } from "@/lib/forms";
import { phoneMask, phoneToE164 } from "@/lib/masks";

import { checkPhone, confirmPhone, register, resendPhoneCode } from "../api/auth-api";
import { CodeEntry } from "../components/CodeEntry";
import { PasswordChecklist } from "../components/PasswordChecklist";
import { codeError, emailError, nameError, passwordError, phoneError } from "../utils/validators";

export const REGISTER_DRAFT_KEY = "edudiary.draft.register";

export interface RegisterDraft {
  lastName: string;
  firstName: string;
  middleName: string;
  phone: string;
  email: string;
  /** Step 1 passed its checks. */
  namesDone: boolean;
  /** The number the code went to (E.164) and how the server showed it (masked). */
  phoneE164: string | null;
  sentTo: string | null;
  resendAt: number | null;
}

const EMPTY_DRAFT: RegisterDraft = {
  lastName: "",
  firstName: "",
  middleName: "",
  phone: "",
  email: "",
  namesDone: false,
  phoneE164: null,
  sentTo: null,
  resendAt: null,
};

type NamesField = "lastName" | "firstName" | "middleName" | "phone";
type NamesErrors = Partial<Record<NamesField, string>>;

// Server field → the wizard's field (and so its step).
const SERVER_FIELDS = {
  last_name: "lastName",
  first_name: "firstName",
  middle_name: "middleName",
  phone: "phone",
  password: "password",
  email: "email",
} as const;

const retryAt = (error: unknown) =>
  error instanceof ApiProblem && error.retryAfter !== null ? Date.now() + error.retryAfter * 1000 : null;

export default function RegisterRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { status } = useSession();
  const [params, setParams] = useSearchParams();
  const [draft, updateDraft, clearDraft] = useSessionDraft(REGISTER_DRAFT_KEY, EMPTY_DRAFT);
  const [password, setPassword] = useState(""); // never stored
  const [namesErrors, setNamesErrors] = useState<NamesErrors | null>(null);
  const [finished, setFinished] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const maxStep = draft.sentTo && draft.phoneE164 ? 3 : draft.namesDone ? 2 : 1;
  const requested = Number(params.get("step") ?? "1");
  const step = Number.isInteger(requested) && requested >= 1 && requested <= maxStep ? requested : null;

  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [step]);

  // Registered and signed in: the navigation to the profile is under way.
  if (finished) return null;

  if (status === "signed-in") {
    return (
      <div className="container page page--narrow">
        <PageTitle title={t("register.title")} />
        <h1>{t("register.title")}</h1>
        <Alert tone="info" live={false}>
          <p>{t("register.alreadySignedIn")}</p>
          <Link to="/profile">{t("auth.toProfile")}</Link>
        </Alert>
      </div>
    );
  }

  if (step === null) {
    return <Navigate to={maxStep === 1 ? "/register" : `/register?step=${maxStep}`} replace />;
  }

  const goTo = (next: number) => setParams(next === 1 ? {} : { step: String(next) });
  const steps = [t("register.steps.names"), t("register.steps.password"), t("register.steps.code")];

  return (
    <div className="container page page--narrow">
      <PageTitle title={`${steps[step - 1]} — ${t("register.title")}`} />
      <h1>{t("register.title")}</h1>
      <p className="lead">{t("register.lead")}</p>
      <div className="card wizard">
        <WizardProgress steps={steps} current={step - 1} />
        <h2 className="wizard__title" tabIndex={-1} ref={headingRef}>
          {steps[step - 1]}
        </h2>
        {step === 1 ? (
          <NamesStep
            draft={draft}
            updateDraft={updateDraft}
            serverErrors={namesErrors}
            onDone={() => {
              setNamesErrors(null);
              updateDraft({ namesDone: true });
              goTo(2);
            }}
          />
        ) : step === 2 ? (
          <PasswordStep
            draft={draft}
            updateDraft={updateDraft}
            password={password}
            setPassword={setPassword}
            onBack={() => goTo(1)}
            onNamesErrors={(errors) => {
              setNamesErrors(errors);
              goTo(1);
            }}
            onSent={() => goTo(3)}
          />
        ) : (
          <CodeStep
            draft={draft}
            updateDraft={updateDraft}
            onChangePhone={() => goTo(1)}
            onConfirmed={(tokens) => {
              setFinished(true);
              session.signIn(tokens);
              clearDraft();
              navigate("/profile", { replace: true, state: { notice: "registered" } });
            }}
          />
        )}
      </div>
      <p className="after-card">
        {t("register.haveAccount")} <Link to="/login">{t("register.toLogin")}</Link>
      </p>
    </div>
  );
}

type DraftProps = {
  draft: RegisterDraft;
  updateDraft: (patch: Partial<RegisterDraft>) => void;
};

function NamesStep({ draft, updateDraft, serverErrors, onDone }: DraftProps & { serverErrors: NamesErrors | null; onDone: () => void }) {
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

type PasswordStepField = "password" | "email";

function PasswordStep({
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

function CodeStep({
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
