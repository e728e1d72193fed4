import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { DateField } from "@/components/ui/DateField";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { ApiProblem } from "@/lib/api";
import { addDays } from "@/lib/iso-week";
import { isoToRuDate, ruDateToIso } from "@/lib/masks";

import { assignHomework } from "../../api/mutations";
import { lessonHomeworkQuery } from "../../api/queries";
import type { HomeworkOut, LessonOut } from "../../api/types";
import { LessonHomework } from "../LessonHomework";

export function HomeworkForm({ lesson, nextLessonDate }: { lesson: LessonOut; nextLessonDate: string | undefined }) {
  const { t } = useTranslation();
  const ids = { text: useId(), name: useId(), url: useId(), title: useId(), form: useId() };
  const [text, setText] = useState("");
  const fallbackDue = isoToRuDate(addDays(lesson.date, 7));
  const [due, setDue] = useState(nextLessonDate ? isoToRuDate(nextLessonDate) : fallbackDue);
  const [fileName, setFileName] = useState("");
  const [url, setUrl] = useState("");
  const queryClient = useQueryClient();
  const [given, setGiven] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (nextLessonDate) setDue((current) => (current === fallbackDue ? isoToRuDate(nextLessonDate) : current));
  }, [nextLessonDate, fallbackDue]);
  const save = useMutation({
    mutationFn: () =>
      assignHomework(lesson.id, {
        text: text.trim(),
        due_date: ruDateToIso(due) ?? "",
        attachments: url.trim() ? [{ name: fileName.trim() || url.trim(), url: url.trim() }] : [],
      }),
    onSuccess: (homework) => {
      // Into the lesson's list, where it can be corrected or removed.
      queryClient.setQueryData(lessonHomeworkQuery(lesson.id).queryKey, (list: HomeworkOut[] | undefined) =>
        list ? [...list, homework] : list,
      );
      setGiven(true);
      setText("");
      setFileName("");
      setUrl("");
    },
    onError: (error) => {
      if (error instanceof ApiProblem) setErrors(error.fieldErrors());
    },
  });
  // The list (with its own edit forms) stays outside this form: forms do not nest.
  return (
    <section className="card jr-card" aria-labelledby={ids.title}>
      <h2 id={ids.title}>{t("journal.lesson.homeworkTitle")}</h2>
      <LessonHomework lesson={lesson} />
      <form
        className="hw-new"
        noValidate
        aria-labelledby={ids.form}
        onSubmit={(event) => {
          event.preventDefault();
          setGiven(false);
          const found: Record<string, string> = {};
          if (!text.trim()) found.text = t("journal.lesson.homeworkRequired");
          if (!ruDateToIso(due)) found.due_date = due.trim() ? t("diary.notes.dateInvalid") : t("journal.lesson.homeworkRequired");
          if (url.trim() && !/^https?:\/\//.test(url.trim())) found["attachments.0.url"] = t("journal.lesson.urlInvalid");
          setErrors(found);
          if (Object.keys(found).length === 0) save.mutate();
        }}
      >
        <h3 className="hw-set__title" id={ids.form}>
          {t("journal.lesson.homeworkNew")}
        </h3>
        {given ? <Alert tone="success" title={t("journal.lesson.homeworkGiven")} /> : null}
        <div className={`field${errors.text ? " field--invalid" : ""}`}>
          <label className="field__label" htmlFor={ids.text}>
            {t("journal.lesson.homeworkText")}
          </label>
          <textarea
            className="input textarea"
            id={ids.text}
            value={text}
            maxLength={5000}
            aria-invalid={!!errors.text || undefined}
            aria-describedby={errors.text ? `${ids.text}-e` : undefined}
            onChange={(e) => setText(e.target.value)}
          />
          {errors.text ? <p className="field__error" id={`${ids.text}-e`}>{errors.text}</p> : null}
        </div>
        <div className="jr-row">
          <DateField
            name="due_date"
            label={t("journal.lesson.homeworkDue")}
            value={due}
            onChange={setDue}
            error={errors.due_date}
            min={lesson.date}
          />
          <div className="field">
            <label className="field__label" htmlFor={ids.name}>
              {t("journal.lesson.attachmentName")}
            </label>
            <input className="input" id={ids.name} value={fileName} maxLength={200} onChange={(e) => setFileName(e.target.value)} />
          </div>
          <div className={`field${errors["attachments.0.url"] ? " field--invalid" : ""}`}>
            <label className="field__label" htmlFor={ids.url}>
              {t("journal.lesson.attachmentUrl")}
            </label>
            <input
              className="input"
              id={ids.url}
              type="url"
              inputMode="url"
              placeholder="https://"
              value={url}
              aria-invalid={!!errors["attachments.0.url"] || undefined}
              onChange={(e) => setUrl(e.target.value)}
            />
            {errors["attachments.0.url"] ? <p className="field__error">{errors["attachments.0.url"]}</p> : null}
          </div>
        </div>
        {save.isError && !(save.error instanceof ApiProblem && save.error.problem?.errors.length) ? (
          <ProblemAlert error={save.error} title={t("journal.lesson.saveFailed")} />
        ) : null}
        <div>
          <Button type="submit" busy={save.isPending}>
            {t("journal.lesson.giveHomework")}
          </Button>
        </div>
      </form>
    </section>
  );
}
