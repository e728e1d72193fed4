import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { DateField } from "@/components/ui/DateField";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { api, ApiProblem, unwrap } from "@/lib/api";
import type { components } from "@/api/generated/schema";
import { formatDate } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";
import { ruDateToIso } from "@/lib/masks";

import type { SchoolClass } from "../api/types";

type Holiday = components["schemas"]["SchoolHolidayOut"];

const HOLIDAYS_KEY = ["journal", "school-holidays"] as const;

/**
 * The school's own days without lessons (vacations, a quarantined class), entered before
 * lessons are created: generation skips them, as it skips the calendar's days off.
 */
export function SchoolHolidays({ classes }: { classes: SchoolClass[] }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const queryClient = useQueryClient();
  const ids = { title: useId(), name: useId(), cls: useId() };
  const [name, setName] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [classId, setClassId] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const holidays = useQuery({
    queryKey: HOLIDAYS_KEY,
    queryFn: async ({ signal }): Promise<Holiday[]> => unwrap(await api.GET("/api/v1/school-holidays", { signal })),
  });
  const add = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/api/v1/school-holidays", {
          body: { name: name.trim(), starts_on: ruDateToIso(from) ?? "", ends_on: ruDateToIso(to) ?? "", class_id: classId || null },
        }),
      ),
    onSuccess: () => {
      setName("");
      setFrom("");
      setTo("");
      setClassId("");
      void queryClient.invalidateQueries({ queryKey: HOLIDAYS_KEY });
    },
    onError: (error) => {
      if (error instanceof ApiProblem) setErrors(error.fieldErrors());
    },
  });
  const remove = useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.DELETE("/api/v1/school-holidays/{holiday_id}", { params: { path: { holiday_id: id } } })),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: HOLIDAYS_KEY }),
  });
  const period = (h: Holiday) =>
    h.starts_on === h.ends_on
      ? formatDate(h.starts_on, { locale })
      : t("journal.holidays.period", { from: formatDate(h.starts_on, { locale }), to: formatDate(h.ends_on, { locale }) });

  return (
    <section className="card jr-card jr-holidays-card" aria-labelledby={ids.title}>
      <h2 id={ids.title}>{t("journal.holidays.title")}</h2>
      <p className="field__hint">{t("journal.holidays.lead")}</p>
      {holidays.isError ? <ProblemAlert error={holidays.error} title={t("journal.loadFailed")} /> : null}
      {holidays.data && holidays.data.length > 0 ? (
        <ul className="jr-holidays">
          {holidays.data.map((h) => (
            <li key={h.id}>
              <span>
                <strong>{h.name}</strong> — {period(h)}
                {h.school_class ? ` · ${h.school_class.name}` : ` · ${t("journal.holidays.wholeSchool")}`}
              </span>
              <Button variant="secondary" busy={remove.isPending && remove.variables === h.id} onClick={() => remove.mutate(h.id)}>
                {t("journal.holidays.remove")}
                <span className="visually-hidden">: {h.name}</span>
              </Button>
            </li>
          ))}
        </ul>
      ) : holidays.data ? (
        <p className="muted">{t("journal.holidays.none")}</p>
      ) : null}
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const found: Record<string, string> = {};
          if (!name.trim()) found.name = t("journal.holidays.required");
          if (!ruDateToIso(from)) found.starts_on = from.trim() ? t("diary.notes.dateInvalid") : t("journal.holidays.required");
          if (!ruDateToIso(to)) found.ends_on = to.trim() ? t("diary.notes.dateInvalid") : t("journal.holidays.required");
          setErrors(found);
          if (Object.keys(found).length === 0) add.mutate();
        }}
      >
        <div className="jr-row">
          <div className={`field${errors.name ? " field--invalid" : ""}`}>
            <label className="field__label" htmlFor={ids.name}>
              {t("journal.holidays.name")}
            </label>
            <input
              className="input"
              id={ids.name}
              value={name}
              maxLength={200}
              placeholder={t("journal.holidays.namePlaceholder")}
              aria-invalid={!!errors.name || undefined}
              onChange={(e) => setName(e.target.value)}
            />
            {errors.name ? <p className="field__error">{errors.name}</p> : null}
          </div>
          <DateField name="starts_on" label={t("journal.holidays.from")} value={from} onChange={setFrom} error={errors.starts_on} />
          <DateField name="ends_on" label={t("journal.holidays.to")} value={to} onChange={setTo} error={errors.ends_on} />
          <div className="field">
            <label className="field__label" htmlFor={ids.cls}>
              {t("journal.holidays.class")}
            </label>
            <select className="input select" id={ids.cls} value={classId} onChange={(e) => setClassId(e.target.value)}>
              <option value="">{t("journal.holidays.wholeSchool")}</option>
              {classes.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        {add.isError && !(add.error instanceof ApiProblem && add.error.problem?.errors.length) ? (
          <ProblemAlert error={add.error} title={t("journal.holidays.failed")} />
        ) : null}
        {add.isSuccess ? <Alert tone="success" title={t("journal.holidays.added")} /> : null}
        <div className="section-actions">
          <Button type="submit" busy={add.isPending}>
            {t("journal.holidays.add")}
          </Button>
        </div>
      </form>
    </section>
  );
}
