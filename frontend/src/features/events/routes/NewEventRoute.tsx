import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { DateField } from "@/components/ui/DateField";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { TextField } from "@/components/ui/TextField";
import { hasAnyRole, useMe } from "@/lib/auth/hooks";
import { mapProblem } from "@/lib/forms";
import { currentLanguage } from "@/lib/i18n";
import { todayIn } from "@/lib/iso-week";
import { zoneCity } from "@/lib/school-time";

import { useCreateEvent, useMyClasses, useSchool, type EventKind } from "../api/events";
import { checkEvent, eventBody, isAllDay, type EventField, type EventValues } from "../lib/event-form";

import "@/styles/records.css";
import "../events.css";

const KINDS: EventKind[] = ["parent_meeting", "event", "test", "holiday"];
const FIELD_ORDER: EventField[] = ["title", "startDay", "startTime", "endDay", "endTime"];
/** The server's field paths on the form's fields. */
const SERVER_FIELDS: Record<string, EventField | "classes"> = {
  title: "title",
  starts_at: "startTime",
  ends_at: "endTime",
  class_ids: "classes",
};

const EMPTY: EventValues = {
  kind: "parent_meeting",
  title: "",
  classIds: [],
  startDay: "",
  startTime: "18:00",
  endDay: "",
  endTime: "19:00",
  place: "",
  description: "",
};

/** /school/events/new: a school or class event, a holiday, a parent meeting (staff). */
export default function NewEventRoute() {
  const { t } = useTranslation();
  const me = useMe();
  const classes = useMyClasses();
  const school = useSchool(me.data?.school_id);
  const timeZone = school.data?.timezone;
  const create = useCreateEvent();
  const [values, setValues] = useState<EventValues>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<EventField | "classes", string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const ids = { kind: useId(), description: useId() };
  const admin = me.data ? hasAnyRole(me.data, ["school_admin"]) : false;
  const kinds = KINDS.filter((k) => k !== "holiday" || admin);
  const allDay = isAllDay(values.kind);

  const set = <K extends keyof EventValues>(name: K, value: EventValues[K]) => {
    setValues((current) => ({ ...current, [name]: value }));
    setCreated(null);
    if (name in errors) setErrors((current) => ({ ...current, [name]: undefined }));
  };
  const bind = (name: EventField) => ({
    name,
    value: values[name],
    error: errors[name] ?? null,
    onChange: (value: string) => set(name, value),
  });

  if (me.isPending || classes.isPending) {
    return (
      <div className="container page page--narrow">
        <Skeleton height="16rem" />
      </div>
    );
  }
  if (classes.isError) {
    return (
      <div className="container page page--narrow">
        <ProblemAlert error={classes.error} />
      </div>
    );
  }

  return (
    <div className="container page page--narrow">
      <PageTitle title={t("events.event.new")} />
      <nav aria-label={t("services.breadcrumbs")} className="crumbs">
        <ol>
          <li>
            <Link to="/teach/meetings">{t("events.meetings.title")}</Link>
          </li>
          <li aria-current="page">{t("events.event.new")}</li>
        </ol>
      </nav>
      <h1>{t("events.event.new")}</h1>
      <p className="lead">{t("events.event.lead")}</p>
      {created ? (
        <Alert tone="success">
          <p>{created}</p>
        </Alert>
      ) : null}
      <form
        className="form"
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          setGeneral(null);
          const found = checkEvent(values, todayIn(timeZone));
          const next = Object.fromEntries(Object.entries(found).map(([field, key]) => [field, t(key)]));
          setErrors(next);
          const first = FIELD_ORDER.find((f) => next[f]);
          if (first) {
            queueMicrotask(() => document.querySelector<HTMLElement>(`[name="${first}"]`)?.focus());
            return;
          }
          if (!timeZone || !me.data?.school_id) return;
          try {
            const saved = await create.mutateAsync(eventBody(values, me.data.school_id, timeZone));
            setCreated(t("events.event.created", { title: saved.title }));
            // A new event starts from a clean form; the kind and classes stay for the next one.
            setValues({ ...EMPTY, kind: values.kind, classIds: values.classIds });
          } catch (error) {
            // Everything typed stays; the server's words land on their fields.
            const mapped = mapProblem(error, [...FIELD_ORDER, "classes"] as const, SERVER_FIELDS);
            setErrors(mapped.fields);
            setGeneral(mapped.general);
          }
        }}
      >
        <fieldset className="fieldset field">
          <legend className="field__label">{t("events.event.kind")}</legend>
          {kinds.map((kind) => (
            <label key={kind} className="radio">
              <input type="radio" name="kind" checked={values.kind === kind} onChange={() => set("kind", kind)} />
              <span>{t(`events.kind.${kind}`)}</span>
            </label>
          ))}
        </fieldset>
        <TextField label={t("events.event.title")} maxLength={200} {...bind("title")} />
        <fieldset className={`fieldset field${errors.classes ? " field--invalid" : ""}`}>
          <legend className="field__label">{t("events.event.classes")}</legend>
          <p className="field__hint">{t("events.event.classesHint")}</p>
          {classes.data.length === 0 ? <p className="muted">{t("events.event.wholeSchool")}</p> : null}
          <div className="class-picks">
            {classes.data.map((c) => (
              <label key={c.id} className="radio">
                <input
                  type="checkbox"
                  checked={values.classIds.includes(c.id)}
                  onChange={(e) =>
                    set("classIds", e.target.checked ? [...values.classIds, c.id] : values.classIds.filter((id) => id !== c.id))
                  }
                />
                <span>{c.name}</span>
              </label>
            ))}
          </div>
          {errors.classes ? <p className="field__error">{errors.classes}</p> : null}
        </fieldset>
        <div className="form-row">
          <DateField label={allDay ? t("events.event.firstDay") : t("events.event.day")} {...bind("startDay")} />
          {allDay ? null : (
            <TextField label={t("events.event.startTime")} hint={t("events.timeHint")} inputMode="numeric" maxLength={5} {...bind("startTime")} />
          )}
        </div>
        <div className="form-row">
          <DateField
            label={allDay ? t("events.event.lastDay") : t("events.event.endDay")}
            optional
            hint={t("events.event.endDayHint")}
            {...bind("endDay")}
          />
          {allDay ? null : (
            <TextField label={t("events.event.endTime")} hint={t("events.timeHint")} inputMode="numeric" maxLength={5} {...bind("endTime")} />
          )}
        </div>
        {allDay ? null : (
          <TextField
            label={t("events.event.place")}
            optional
            maxLength={200}
            name="place"
            value={values.place}
            onChange={(v) => set("place", v)}
          />
        )}
        <div className="field">
          <label className="field__label" htmlFor={ids.description}>
            {t("events.event.description")} <span className="field__optional">{t("form.optional")}</span>
          </label>
          <textarea
            id={ids.description}
            name="description"
            className="input textarea"
            rows={4}
            maxLength={2000}
            value={values.description}
            onChange={(e) => set("description", e.target.value)}
          />
        </div>
        {timeZone ? <p className="muted">{t("events.schoolTime", { zone: zoneCity(timeZone, currentLanguage()) })}</p> : null}
        {general ? <ProblemAlert error={create.error} message={general} /> : null}
        {school.isError ? <ProblemAlert error={school.error} /> : null}
        <div className="form__actions">
          <Button type="submit" busy={create.isPending || !timeZone}>
            {t("events.event.save")}
          </Button>
        </div>
      </form>
    </div>
  );
}
