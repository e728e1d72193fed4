import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { DateField } from "@/components/ui/DateField";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { TextField } from "@/components/ui/TextField";
import { useMe } from "@/lib/auth/hooks";
import { useForm, type Values } from "@/lib/forms";
import { todayIn } from "@/lib/iso-week";
import { currentLanguage } from "@/lib/i18n";
import { ruDateToIso } from "@/lib/masks";
import { zoneCity } from "@/lib/school-time";

import { useCreateMeeting, useMyClasses, useSchool } from "../api/events";
import { checkPlan, planSlots, slotsForApi, type PlanField, type SlotPlan } from "../lib/slots";

import "@/styles/records.css";
import "../events.css";

const FIELDS = ["klass", "title", "place", "day", "from", "to", "length", "gap"] as const;
type Field = (typeof FIELDS)[number];
const LENGTHS = ["10", "15", "20", "30", "45"];
const GAPS = ["0", "5", "10"];

function planOf(values: Values<Field>): SlotPlan {
  return {
    day: ruDateToIso(values.day) ?? "",
    from: values.from.trim(),
    to: values.to.trim(),
    length: Number(values.length),
    gap: Number(values.gap),
  };
}

export default function NewMeetingRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const classes = useMyClasses();
  const school = useSchool(me.data?.school_id);
  const timeZone = school.data?.timezone;
  const create = useCreateMeeting();
  const ids = { klass: useId(), length: useId(), gap: useId() };

  const planError = (name: PlanField) => (_: string, values: Values<Field>) => {
    const key = checkPlan(planOf(values), todayIn(timeZone))[name];
    return key ? t(key) : null;
  };
  const form = useForm<Field>({
    fields: FIELDS,
    initial: {
      klass: "",
      title: t("events.meeting.defaultTitle"),
      place: "",
      day: "",
      from: "18:00",
      to: "19:00",
      length: "15",
      gap: "0",
    },
    validate: {
      title: (v) => (v.trim() ? null : t("events.meeting.errors.title")),
      place: (v) => (v.trim() ? null : t("events.meeting.errors.place")),
      day: planError("day"),
      from: planError("from"),
      to: planError("to"),
    },
  });

  if (classes.isPending || me.isPending) {
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
  const chosenClass = form.values.klass || classes.data[0]?.id || "";
  const preview = planSlots(planOf(form.values));
  const previewOk = Object.keys(checkPlan(planOf(form.values), todayIn(timeZone))).length === 0;

  return (
    <div className="container page page--narrow">
      <PageTitle title={t("events.meeting.new")} />
      <nav aria-label={t("services.breadcrumbs")} className="crumbs">
        <ol>
          <li>
            <Link to="/teach/meetings">{t("events.meetings.title")}</Link>
          </li>
          <li aria-current="page">{t("events.meeting.new")}</li>
        </ol>
      </nav>
      <h1>{t("events.meeting.new")}</h1>
      <p className="lead">{t("events.meeting.lead")}</p>
      {classes.data.length === 0 ? (
        <Alert tone="info" live={false}>
          <p>{t("events.meeting.noClasses")}</p>
        </Alert>
      ) : (
        <form
          ref={form.formRef}
          className="form"
          noValidate
          onSubmit={form.handleSubmit(async (values) => {
            if (!timeZone) return;
            try {
              await create.mutateAsync({
                class_id: chosenClass,
                title: values.title.trim(),
                place: values.place.trim(),
                slots: slotsForApi(planOf(values), timeZone),
              });
              navigate("/teach/meetings", { state: { created: values.title.trim() } });
            } catch (error) {
              // Everything typed stays; the server's words land on their fields.
              form.applyProblem(error, { class_id: "klass", slots: "to" });
            }
          })}
        >
          <div className="field">
            <label className="field__label" htmlFor={ids.klass}>
              {t("events.meeting.class")}
            </label>
            <select
              id={ids.klass}
              name="klass"
              className="input"
              value={chosenClass}
              onChange={(e) => form.setValue("klass", e.target.value)}
            >
              {classes.data.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
            {form.errors.klass ? <p className="field__error">{form.errors.klass}</p> : null}
          </div>
          <TextField label={t("events.meeting.titleField")} maxLength={200} {...form.bind("title")} />
          <TextField
            label={t("events.meeting.place")}
            hint={t("events.meeting.placeHint")}
            maxLength={200}
            {...form.bind("place")}
          />
          <DateField label={t("events.meeting.day")} {...form.bind("day")} />
          <div className="form-row">
            <TextField
              label={t("events.meeting.from")}
              hint={t("events.timeHint")}
              inputMode="numeric"
              maxLength={5}
              {...form.bind("from")}
            />
            <TextField
              label={t("events.meeting.to")}
              hint={t("events.timeHint")}
              inputMode="numeric"
              maxLength={5}
              {...form.bind("to")}
            />
          </div>
          <div className="form-row">
            <div className="field">
              <label className="field__label" htmlFor={ids.length}>
                {t("events.meeting.length")}
              </label>
              <select
                id={ids.length}
                name="length"
                className="input"
                value={form.values.length}
                onChange={(e) => form.setValue("length", e.target.value)}
              >
                {LENGTHS.map((n) => (
                  <option key={n} value={n}>
                    {t("events.minutes", { count: Number(n) })}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label className="field__label" htmlFor={ids.gap}>
                {t("events.meeting.gap")}
              </label>
              <select
                id={ids.gap}
                name="gap"
                className="input"
                value={form.values.gap}
                onChange={(e) => form.setValue("gap", e.target.value)}
              >
                {GAPS.map((n) => (
                  <option key={n} value={n}>
                    {n === "0" ? t("events.meeting.noGap") : t("events.minutes", { count: Number(n) })}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <section className="slot-preview" aria-live="polite" aria-labelledby="slot-preview-title">
            <h2 id="slot-preview-title" className="slot-preview__title">
              {previewOk ? t("events.meeting.preview", { count: preview.length }) : t("events.meeting.previewNone")}
            </h2>
            {previewOk ? (
              <ul className="slot-preview__list">
                {preview.map((slot) => (
                  <li key={slot.from}>
                    {slot.from}–{slot.to}
                  </li>
                ))}
              </ul>
            ) : null}
            {timeZone ? <p className="muted">{t("events.schoolTime", { zone: zoneCity(timeZone, currentLanguage()) })}</p> : null}
          </section>
          {form.general ? <ProblemAlert error={create.error} message={form.general} /> : null}
          {school.isError ? <ProblemAlert error={school.error} /> : null}
          <div className="form__actions">
            <Button type="submit" busy={create.isPending || !timeZone}>
              {t("events.meeting.publish")}
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
