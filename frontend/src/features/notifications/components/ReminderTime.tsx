import { useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { ProblemAlert } from "@/components/ui/ProblemAlert";

import { useReminderTime, useSetReminderTime } from "../api/notifications";

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** «Напоминать накануне в 18:00»: the family's time for reminders of events and meetings. */
export function ReminderTime() {
  const { t } = useTranslation();
  const id = useId();
  const current = useReminderTime(true);
  const save = useSetReminderTime();
  const [typed, setTyped] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!current.data) return current.isError ? <ProblemAlert error={current.error} /> : null;
  const value = typed ?? current.data.time;
  return (
    <form
      className="card reminder-time"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!TIME.test(value.trim())) {
          setError(t("diary.notifications.reminder.invalid"));
          document.getElementById(id)?.focus();
          return;
        }
        setError(null);
        save.mutate(value.trim(), { onSuccess: () => setTyped(null) });
      }}
    >
      <h2 className="reminder-time__title">{t("diary.notifications.reminder.title")}</h2>
      <div className={`field${error ? " field--invalid" : ""}`}>
        <label className="field__label" htmlFor={id}>
          {t("diary.notifications.reminder.label")}
        </label>
        <p className="field__hint">{t("diary.notifications.reminder.hint")}</p>
        <input
          id={id}
          name="reminder-time"
          className="input reminder-time__input"
          inputMode="numeric"
          maxLength={5}
          value={value}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setTyped(e.target.value)}
        />
        {error ? <p className="field__error">{error}</p> : null}
      </div>
      {save.isError ? <ProblemAlert error={save.error} /> : null}
      <div className="section-actions">
        <Button type="submit" variant="secondary" busy={save.isPending}>
          {t("diary.notifications.reminder.save")}
        </Button>
        {save.isSuccess && typed === null ? (
          <p className="saved-note" role="status">
            {t("diary.notifications.reminder.saved", { time: current.data.time })}
          </p>
        ) : null}
      </div>
    </form>
  );
}
