import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { PageTitle } from "@/components/ui/PageTitle";
import { WizardProgress } from "@/components/ui/WizardProgress";
import { session } from "@/lib/auth";
import { useSession } from "@/lib/auth/hooks";
import { useSessionDraft } from "@/lib/draft";

import { CodeStep } from "../components/RegisterCodeStep";
import { NamesStep } from "../components/RegisterNamesStep";
import { PasswordStep } from "../components/RegisterPasswordStep";
import { EMPTY_DRAFT, REGISTER_DRAFT_KEY, type NamesErrors } from "../utils/register-draft";

export { REGISTER_DRAFT_KEY, type RegisterDraft } from "../utils/register-draft";

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
