import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from "react-router";

import type { components } from "@/api/generated/schema";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { ApiProblem } from "@/lib/api";

import {
  applicationKeys,
  applicationQuery,
  patchApplication,
  submitApplication,
  useSchool,
  type Application,
  type ApplicationPatch,
  type Child,
} from "../api/applications";
import { useDraftSaver } from "../lib/autosave";
import { valuesFrom } from "../lib/values";
import {
  STEP_COUNT,
  STEP_FIELDS,
  firstInvalidStep,
  phoneProblem,
  placeServerErrors,
  studentNumberProblem,
  validateStep,
  type StepErrors,
  type WizardField,
  type WizardValues,
} from "../lib/wizard";
import { ChildStep } from "./ChildStep";
import { ClassStep } from "./ClassStep";
import { ContactsStep } from "./ContactsStep";
import { ReviewStep } from "./ReviewStep";
import { SaveIndicator } from "./SaveIndicator";
import { SchoolStep } from "./SchoolStep";
import { WizardFrame } from "./WizardFrame";

type Me = components["schemas"]["MeOut"];

const FOCUS_TARGET: Record<WizardField, string> = {
  child_id: 'input[name="child_id"]',
  school_id: 'input[name="school_id"]',
  class_id: 'select[name="grade"]',
  contact_phone: 'input[name="contact_phone"]',
  student_number: 'input[name="student_number"]',
  consent: 'input[name="consent"]',
};

const permanent = (error: unknown) =>
  error instanceof ApiProblem && error.status >= 400 && error.status < 500 && ![401, 408, 429].includes(error.status);

/** The errors on show, checked again against new values: corrected ones go, the rest stay. */
function recheck(shown: StepErrors, values: WizardValues): StepErrors {
  const fields = Object.keys(shown) as WizardField[];
  if (!fields.length) return shown;
  const fresh: StepErrors = {};
  for (let step = 1; step < STEP_COUNT; step++) Object.assign(fresh, validateStep(step, values));
  const kept: StepErrors = {};
  for (const field of fields) if (fresh[field]) kept[field] = fresh[field];
  return kept;
}

/** The wizard over a draft the server holds: each change is saved as the typing pauses. */
export function DraftWizard({ application, me, kids }: { application: Application; me: Me; kids: Child[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const id = application.id;

  const [values, setValues] = useState<WizardValues>(() => valuesFrom(application, me.phone));
  const [names, setNames] = useState({
    school: application.school?.short_name ?? null,
    className: application.class?.name ?? null,
  });
  const [consentVersion, setConsentVersion] = useState<number | null>(application.consent?.version ?? null);
  const [clientErrors, setClientErrors] = useState<StepErrors>({});
  const [serverErrors, setServerErrors] = useState<Partial<Record<WizardField, string>>>({});
  const [submitting, setSubmitting] = useState(false);
  const [submitProblem, setSubmitProblem] = useState<unknown>(null);
  // A field to focus once its step is on screen (navigations render after other updates).
  const focusNext = useRef<{ field: WizardField; step: number } | null>(null);
  const school = useSchool(values.school_id);

  const { saver, state, savedAt, error: saveError } = useDraftSaver<ApplicationPatch>(
    async (patch) => {
      const saved = await patchApplication(id, patch);
      queryClient.setQueryData(applicationKeys.one(id), saved);
      void queryClient.invalidateQueries({ queryKey: ["applications", "list"] });
    },
    { shouldRetry: (error) => !permanent(error) },
  );

  // A save the server refused with field errors (a school the child already has an
  // application at): the message goes under the field.
  useEffect(() => {
    if (state === "error" && saveError instanceof ApiProblem && saveError.problem?.errors.length) {
      const placed = placeServerErrors(saveError.problem.errors);
      setServerErrors((current) => ({ ...current, ...placed.fields }));
    }
  }, [state, saveError]);

  const maxStep = firstInvalidStep(values) ?? STEP_COUNT;
  const requested = Number(params.get("step") ?? "1");
  const step = Number.isInteger(requested) && requested >= 1 ? requested : 1;

  useEffect(() => {
    const target = focusNext.current;
    if (!target || target.step !== step) return;
    focusNext.current = null;
    document.querySelector<HTMLElement>(FOCUS_TARGET[target.field])?.focus();
  });

  if (step > maxStep) return <Navigate to={`/applications/${id}/edit?step=${maxStep}`} replace />;

  const goTo = (next: number) => {
    setSubmitProblem(null);
    setParams(next === 1 ? {} : { step: String(next) }, { state: location.state });
  };

  const errorOf = (field: WizardField): string | null => {
    const server = serverErrors[field];
    if (server) return server;
    const code = clientErrors[field];
    return code ? t(`applications.errors.${code}`) : null;
  };

  /** One change: kept here at once, sent to the server when the typing pauses. */
  const change = (patch: Partial<WizardValues>, apiPatch: ApplicationPatch) => {
    const next = { ...values, ...patch };
    setValues(next);
    const touched = Object.keys(patch) as (keyof WizardValues)[];
    setServerErrors((current) => {
      const copy = { ...current };
      for (const key of touched) delete copy[key as WizardField];
      if ("school_connected" in patch) delete copy.school_id;
      return copy;
    });
    // Errors already shown are checked again as they are corrected.
    setClientErrors((current) => recheck(current, next));
    saver.queue(apiPatch);
  };

  const showErrors = (errors: StepErrors) => {
    setClientErrors(errors);
    const first = STEP_FIELDS[step]?.find((field) => errors[field]);
    if (first) {
      // Same step: focus once the messages are in the page (read with the field).
      focusNext.current = { field: first, step };
    }
  };

  const nextStep = () => {
    const errors = validateStep(step, values);
    if (Object.keys(errors).length) {
      showErrors(errors);
      return;
    }
    setClientErrors({});
    void saver.flush();
    goTo(step + 1);
  };

  const submit = async () => {
    const bad = firstInvalidStep(values);
    if (bad) {
      const errors = validateStep(bad, values);
      setClientErrors(errors);
      const field = STEP_FIELDS[bad]?.find((f) => errors[f]);
      focusNext.current = field ? { field, step: bad } : null;
      goTo(bad);
      return;
    }
    setSubmitting(true);
    setSubmitProblem(null);
    const saved = await saver.flush();
    if (!saved) {
      setSubmitting(false);
      setSubmitProblem(saver.snapshot().error);
      return;
    }
    try {
      const answer = await submitApplication(id);
      // The success page puts the answer in the cache: done here, this route would see a
      // submitted application while the next page loads and redirect to its detail page.
      navigate(`/applications/${id}/sent`, { replace: true, state: { answer } });
    } catch (problem) {
      setSubmitting(false);
      if (problem instanceof ApiProblem && problem.problem?.errors.length) {
        const placed = placeServerErrors(problem.problem.errors);
        setServerErrors(placed.fields);
        // The server judged what it holds (another tab or device may have changed it):
        // show those values under their errors.
        const fresh = await queryClient.fetchQuery({ ...applicationQuery(id), staleTime: 0 }).catch(() => null);
        if (fresh) {
          const server = valuesFrom(fresh);
          setValues((current) => {
            const next = { ...current };
            for (const field of Object.keys(placed.fields) as WizardField[]) {
              if (field === "school_id") {
                next.school_id = server.school_id;
                next.school_connected = server.school_connected;
              } else {
                (next as Record<string, unknown>)[field] = server[field];
              }
            }
            return next;
          });
        }
        if (placed.unplaced.length) setSubmitProblem(problem);
        if (placed.step !== null) {
          const field = STEP_FIELDS[placed.step]?.find((f) => placed.fields[f]);
          focusNext.current = field ? { field, step: placed.step } : null;
          goTo(placed.step);
        }
      } else {
        setSubmitProblem(problem);
      }
    }
  };

  const saveState = (
    <SaveIndicator state={state} savedAt={savedAt} error={saveError} onRetry={() => void saver.flush()} />
  );
  const child = kids.find((c) => c.id === values.child_id) ?? null;
  const continued = (location.state as { notice?: string } | null)?.notice === "continued";

  const actions = (
    // The main action last: on phones the stack is reversed, so it comes first under the thumb.
    <div className="form__actions wizard__actions">
      {step > 1 ? (
        <Button variant="secondary" onClick={() => goTo(step - 1)}>
          {t("form.back")}
        </Button>
      ) : null}
      {step < STEP_COUNT ? (
        <Button onClick={nextStep}>{t("form.next")}</Button>
      ) : (
        <Button onClick={() => void submit()} busy={submitting}>
          {t("applications.wizard.submit")}
        </Button>
      )}
    </div>
  );

  let body;
  switch (step) {
    case 1:
      body = <ChildStep children={kids} selected={values.child_id} onSelect={() => undefined} locked />;
      break;
    case 2:
      body = (
        <SchoolStep
          schoolId={values.school_id}
          schoolName={names.school}
          applicationId={id}
          error={errorOf("school_id")}
          onSelect={(picked) => {
            if (picked.id === values.school_id) return;
            setNames({ school: picked.short_name, className: null });
            change(
              { school_id: picked.id, school_connected: picked.connected, class_id: null },
              { school_id: picked.id, class_id: null },
            );
          }}
        />
      );
      break;
    case 3:
      body = (
        <ClassStep
          schoolId={values.school_id!}
          classId={values.class_id}
          className={names.className}
          error={errorOf("class_id")}
          onChange={(picked) => {
            if ((picked?.id ?? null) === values.class_id) return;
            setNames((current) => ({ ...current, className: picked?.name ?? null }));
            change({ class_id: picked?.id ?? null }, { class_id: picked?.id ?? null });
          }}
        />
      );
      break;
    case 4:
      body = (
        <ContactsStep
          phone={values.contact_phone}
          studentNumber={values.student_number}
          consent={values.consent}
          onPhone={(value) => change({ contact_phone: value }, { contact_phone: value || null })}
          onStudentNumber={(value) => change({ student_number: value }, { student_number: value || null })}
          onConsent={(given, version) => {
            if (given && version) setConsentVersion(version);
            change(
              { consent: given },
              given && version ? { consent: true, consent_version: version } : { consent: given },
            );
          }}
          onBlurField={(field) => {
            const value = values[field];
            if (!value) return;
            const code = field === "contact_phone" ? phoneProblem(value) : studentNumberProblem(value);
            setClientErrors((current) => {
              const copy = { ...current };
              if (code) copy[field] = code;
              else delete copy[field];
              return copy;
            });
          }}
          errors={{
            contact_phone: errorOf("contact_phone"),
            student_number: errorOf("student_number"),
            consent: errorOf("consent"),
          }}
        />
      );
      break;
    default: {
      const problems: Record<number, string | undefined> = {};
      for (let s = 1; s < STEP_COUNT; s++) {
        const errors = validateStep(s, values);
        const first = STEP_FIELDS[s]?.find((field) => errors[field]);
        if (first) problems[s] = t(`applications.errors.${errors[first]!}`);
      }
      body = (
        <ReviewStep
          data={{
            child,
            schoolName: school.data?.short_name ?? names.school,
            schoolAddress: school.data?.address ?? null,
            className: names.className,
            phone: values.contact_phone,
            studentNumber: values.student_number,
            consent: values.consent,
            consentVersion,
          }}
          editHref={(s) => `/applications/${id}/edit${s === 1 ? "" : `?step=${s}`}`}
          allValid={firstInvalidStep(values) === null}
          problems={problems}
        />
      );
    }
  }

  return (
    <WizardFrame step={step} saveState={saveState}>
      {continued && step <= 2 ? (
        <Alert tone="info" live={false}>
          <p>{t("applications.wizard.continued")}</p>
        </Alert>
      ) : null}
      {body}
      {submitProblem ? <ProblemAlert error={submitProblem} /> : null}
      {actions}
      <p className="wizard__later muted">
        {t("applications.wizard.later")} <Link to="/applications">{t("applications.list.title")}</Link>
      </p>
    </WizardFrame>
  );
}
