import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { TextField } from "@/components/ui/TextField";

import { SCOPE_LABELS, SCOPES, type Scope } from "../api/integrations";

export interface ClientFormValues {
  name: string;
  legal_basis: string;
  scopes: Scope[];
  rate_limit_per_minute: number;
}

/** New client (with its legal basis) or an existing one's name, scopes and limit. */
export function ClientForm({
  initial,
  editing,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  initial: ClientFormValues;
  editing: boolean;
  busy: boolean;
  error: unknown;
  onSubmit: (values: ClientFormValues) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState(initial);
  // Each problem under its own field (tied to it for screen readers), not in one line
  // under the whole form where a phone user would not connect it to the field.
  const [problem, setProblem] = useState<{ field: "name" | "legal_basis" | "scopes"; text: string } | null>(null);
  const set = <K extends keyof ClientFormValues>(key: K, value: ClientFormValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!values.name.trim()) return setProblem({ field: "name", text: t("integrations.form.nameRequired") });
    if (!editing && values.legal_basis.trim().length < 5)
      return setProblem({ field: "legal_basis", text: t("integrations.form.basisRequired") });
    if (values.scopes.length === 0) return setProblem({ field: "scopes", text: t("integrations.form.scopesRequired") });
    setProblem(null);
    onSubmit(values);
  };

  return (
    <form className="card form integrations__form" onSubmit={submit} noValidate>
      <TextField
        label={t("integrations.fields.name")}
        name="name"
        value={values.name}
        maxLength={100}
        error={problem?.field === "name" ? problem.text : null}
        onChange={(v) => set("name", v)}
      />
      {editing ? null : (
        <TextField
          label={t("integrations.fields.legalBasis")}
          hint={t("integrations.form.basisHint")}
          name="legal_basis"
          value={values.legal_basis}
          maxLength={300}
          error={problem?.field === "legal_basis" ? problem.text : null}
          onChange={(v) => set("legal_basis", v)}
        />
      )}
      <fieldset aria-describedby={problem?.field === "scopes" ? "integration-scopes-error" : undefined}>
        <legend>{t("integrations.fields.scopes")}</legend>
        {SCOPES.map((scope) => (
          <label key={scope} className="checkbox">
            <input
              type="checkbox"
              checked={values.scopes.includes(scope)}
              onChange={(event) =>
                set("scopes", event.target.checked ? [...values.scopes, scope] : values.scopes.filter((s) => s !== scope))
              }
            />{" "}
            {t(SCOPE_LABELS[scope])}
          </label>
        ))}
        {problem?.field === "scopes" ? (
          <p id="integration-scopes-error" role="alert" className="field__error">
            {problem.text}
          </p>
        ) : null}
      </fieldset>
      <label className="field">
        <span className="field__label">{t("integrations.fields.rateLimit")}</span>
        <input
          className="input"
          type="number"
          name="rate_limit_per_minute"
          min={1}
          max={6000}
          value={values.rate_limit_per_minute}
          onChange={(event) => set("rate_limit_per_minute", Number(event.target.value))}
        />
      </label>
      {error ? <ProblemAlert error={error} /> : null}
      <div className="form__actions">
        <Button variant="secondary" onClick={onCancel}>
          {t("form.cancel")}
        </Button>
        <Button type="submit" busy={busy}>
          {editing ? t("integrations.form.save") : t("integrations.form.create")}
        </Button>
      </div>
    </form>
  );
}
