import { useEffect, useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { ApiProblem } from "@/lib/api";

import {
  useEmailDigest,
  useQuietHours,
  useSaveEmailDigest,
  useSaveQuietHours,
  type QuietHours,
} from "../api/delivery-settings";
import { currentPushState, disablePush, enablePush, type PushState } from "../lib/web-push";
import "../notifications.css";

function BrowserPush() {
  const { t } = useTranslation();
  const [state, setState] = useState<PushState | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    void currentPushState().then((s) => live && setState(s), () => live && setState("unsupported"));
    return () => {
      live = false;
    };
  }, []);
  const run = async (action: () => Promise<PushState>) => {
    setBusy(true);
    setError(null);
    try {
      setState(await action());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card section-card" aria-labelledby="push-title">
      <h2 id="push-title">{t("push.browserTitle")}</h2>
      <p>{t("push.browserLead")}</p>
      {state === null ? (
        <Skeleton width="50%" />
      ) : state === "unsupported" ? (
        <Alert tone="info" live={false}>
          <p>{t("push.unsupported")}</p>
        </Alert>
      ) : state === "denied" ? (
        <Alert tone="warning" live={false}>
          <p>{t("push.denied")}</p>
        </Alert>
      ) : (
        <>
          <p className="push-state" aria-live="polite">
            {state === "on" ? t("push.stateOn") : t("push.stateOff")}
          </p>
          {state === "on" ? (
            <Button variant="secondary" busy={busy} onClick={() => void run(disablePush)}>
              {t("push.disable")}
            </Button>
          ) : (
            <Button busy={busy} onClick={() => void run(enablePush)}>
              {t("push.enable")}
            </Button>
          )}
        </>
      )}
      {error ? (
        error instanceof ApiProblem ? (
          <ProblemAlert error={error} />
        ) : (
          <Alert tone="error">
            <p>{t("push.failed")}</p>
          </Alert>
        )
      ) : null}
    </section>
  );
}

function QuietHoursForm({ saved }: { saved: QuietHours }) {
  const { t } = useTranslation();
  const id = useId();
  const save = useSaveQuietHours();
  const [form, setForm] = useState<QuietHours>(saved);
  const [done, setDone] = useState(false);
  const fieldErrors = save.error instanceof ApiProblem ? save.error.fieldErrors() : {};
  const formError = fieldErrors["body"] ?? null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    save.mutate(form, { onSuccess: () => setDone(true) });
  };
  const change = (patch: Partial<QuietHours>) => {
    setDone(false);
    setForm((f) => ({ ...f, ...patch }));
  };
  return (
    <section className="card section-card" aria-labelledby="quiet-title">
      <h2 id="quiet-title">{t("push.quietTitle")}</h2>
      <p>{t("push.quietLead")}</p>
      <form className="stack quiet-form" onSubmit={submit} noValidate>
        <div className="switch-row">
          <input
            id={`${id}-on`}
            type="checkbox"
            role="switch"
            className="switch"
            checked={form.enabled}
            onChange={(event) => change({ enabled: event.target.checked })}
          />
          <label htmlFor={`${id}-on`}>{t("push.quietToggle")}</label>
        </div>
        <div className="quiet-times">
          {(["start", "end"] as const).map((name) => (
            <div key={name} className={`field${fieldErrors[name] ? " field--invalid" : ""}`}>
              <label className="field__label" htmlFor={`${id}-${name}`}>
                {t(name === "start" ? "push.quietStart" : "push.quietEnd")}
              </label>
              <input
                id={`${id}-${name}`}
                className="input"
                // Text, not type="time": that one follows the browser's own locale and
                // showed «09:00 PM»; the diary writes 24-hour times everywhere.
                type="text"
                inputMode="numeric"
                autoComplete="off"
                placeholder={t("push.timePlaceholder")}
                maxLength={5}
                required
                value={form[name]}
                disabled={!form.enabled}
                aria-invalid={fieldErrors[name] ? true : undefined}
                aria-describedby={fieldErrors[name] ? `${id}-${name}-error` : undefined}
                onChange={(event) => change({ [name]: event.target.value.trim() })}
              />
              {fieldErrors[name] ? (
                <p id={`${id}-${name}-error`} className="field__error">
                  {fieldErrors[name]}
                </p>
              ) : null}
            </div>
          ))}
        </div>
        {formError ? (
          <Alert tone="error">
            <p>{formError}</p>
          </Alert>
        ) : save.error && !Object.keys(fieldErrors).length ? (
          <ProblemAlert error={save.error} />
        ) : null}
        <p className="muted">{t("push.quietNote")}</p>
        <div>
          <Button type="submit" busy={save.isPending}>
            {t("push.save")}
          </Button>
          {done ? (
            <span className="push-saved" role="status">
              {t("push.saved")}
            </span>
          ) : null}
        </div>
      </form>
    </section>
  );
}

function DigestSection() {
  const { t } = useTranslation();
  const id = useId();
  const digest = useEmailDigest();
  const save = useSaveEmailDigest();
  return (
    <section className="card section-card" aria-labelledby="digest-title">
      <h2 id="digest-title">{t("push.digestTitle")}</h2>
      {digest.isPending ? (
        <Skeleton width="60%" />
      ) : digest.isError ? (
        <ProblemAlert error={digest.error} />
      ) : (
        <>
          <div className="switch-row">
            <input
              id={id}
              type="checkbox"
              role="switch"
              className="switch"
              checked={save.isPending ? (save.variables ?? digest.data.enabled) : digest.data.enabled}
              disabled={save.isPending}
              aria-describedby={`${id}-note`}
              onChange={(event) => save.mutate(event.target.checked)}
            />
            <label htmlFor={id}>{t("push.digestToggle")}</label>
          </div>
          <p id={`${id}-note`} className="muted">
            {t("push.digestNote")}
          </p>
          {save.error ? <ProblemAlert error={save.error} /> : null}
        </>
      )}
    </section>
  );
}

export default function NotificationSettingsRoute() {
  const { t } = useTranslation();
  const quiet = useQuietHours();
  return (
    <div className="container page page--narrow">
      <PageTitle title={t("push.title")} />
      <h1>{t("push.title")}</h1>
      <p className="lead">{t("push.lead")}</p>
      <div className="stack">
        <BrowserPush />
        {quiet.isPending ? (
          <div className="card section-card" role="status" aria-busy="true">
            <span className="visually-hidden">{t("app.loading")}</span>
            <Skeleton width="70%" />
          </div>
        ) : quiet.isError ? (
          <ProblemAlert error={quiet.error} />
        ) : (
          <QuietHoursForm saved={quiet.data} />
        )}
        <DigestSection />
      </div>
    </div>
  );
}
