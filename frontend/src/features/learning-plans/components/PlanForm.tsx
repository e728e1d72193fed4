import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { DateField } from "@/components/ui/DateField";
import { isoToRuDate, ruDateToIso } from "@/lib/masks";

import type { PlanText } from "../api/queries";

const EMPTY: PlanText = { title: "", reason: "", starts_on: "", ends_on: "", content: "" };

/** The school's text of a plan: title, grounds, period, content (all required). */
export function PlanForm({
  initial,
  submitLabel,
  busy,
  onSubmit,
}: {
  initial?: Partial<PlanText>;
  submitLabel: string;
  busy?: boolean;
  onSubmit: (text: PlanText) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState<PlanText>({ ...EMPTY, ...initial });
  const [error, setError] = useState<string | null>(null);
  // Dates are typed as ДД.ММ.ГГГГ (the house date field) and sent as ISO.
  const [from, setFrom] = useState(text.starts_on ? isoToRuDate(text.starts_on) : "");
  const [to, setTo] = useState(text.ends_on ? isoToRuDate(text.ends_on) : "");
  const set = (field: keyof PlanText) => (value: string) => setText((old) => ({ ...old, [field]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const startsOn = ruDateToIso(from);
    const endsOn = ruDateToIso(to);
    if (!text.title.trim() || !text.reason.trim() || !text.content.trim() || !startsOn || !endsOn) {
      setError(t("plans.form.required"));
      return;
    }
    if (endsOn < startsOn) {
      setError(t("plans.form.order"));
      return;
    }
    setError(null);
    onSubmit({ ...text, starts_on: startsOn, ends_on: endsOn });
  };
  return (
    <form className="card lp-form" onSubmit={submit} noValidate>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-title`}>{t("plans.form.title")}</label>
        <input id={`${id}-title`} className="input" value={text.title} maxLength={200} onChange={(e) => set("title")(e.target.value)} />
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-reason`}>{t("plans.form.reason")}</label>
        <textarea id={`${id}-reason`} className="input" rows={2} value={text.reason} maxLength={2000} onChange={(e) => set("reason")(e.target.value)} />
      </div>
      <div className="lp-form__dates">
        <DateField name="starts_on" label={t("plans.form.startsOn")} value={from} onChange={setFrom} />
        <DateField name="ends_on" label={t("plans.form.endsOn")} value={to} onChange={setTo} />
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-content`}>{t("plans.form.content")}</label>
        <textarea
          id={`${id}-content`}
          className="input"
          rows={8}
          value={text.content}
          maxLength={20000}
          placeholder={t("plans.form.contentPlaceholder")}
          onChange={(e) => set("content")(e.target.value)}
        />
      </div>
      {error ? <p className="field__error" role="alert">{error}</p> : null}
      <Button type="submit" busy={busy}>{submitLabel}</Button>
    </form>
  );
}
