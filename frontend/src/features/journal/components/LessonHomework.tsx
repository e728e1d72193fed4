import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { DateField } from "@/components/ui/DateField";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { ApiProblem } from "@/lib/api";
import { formatDate } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { deleteHomework, updateHomework } from "../api/mutations";
import { lessonHomeworkQuery, useLessonHomework } from "../api/queries";
import type { HomeworkOut, LessonOut } from "../api/types";
import { checkDraft, draftOf, otherErrors, patchOf, type DraftErrors, type HomeworkDraft } from "../lib/homework-edit";
import { AttachmentLinks } from "@/components/ui/AttachmentLinks";

/**
 * The homework set at a lesson, each with «Изменить» (an inline form) and «Удалить» (after
 * a confirmation). The list is the lesson's homework query; setting a new one adds to it.
 */
export function LessonHomework({ lesson }: { lesson: LessonOut }) {
  const { t } = useTranslation();
  const homework = useLessonHomework(lesson.id);
  const [notice, setNotice] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const headingId = useId();

  if (homework.isPending) {
    return (
      <div role="status" aria-busy="true">
        <span className="visually-hidden">{t("journal.loading")}</span>
        <Skeleton height="3rem" />
      </div>
    );
  }
  if (homework.isError) return <ProblemAlert error={homework.error} title={t("journal.lesson.homeworkLoadFailed")} />;
  return (
    <section className="hw-set" aria-labelledby={headingId}>
      <h3 id={headingId} ref={heading} tabIndex={-1} className="hw-set__title">
        {t("journal.lesson.homeworkSet")}
      </h3>
      {homework.data.length === 0 ? <p className="muted">{t("journal.lesson.homeworkNone")}</p> : null}
      <ul className="plain-list hw-set__list">
        {homework.data.map((h) => (
          <HomeworkItem
            key={h.id}
            homework={h}
            lesson={lesson}
            onSaved={() => setNotice(t("journal.lesson.homeworkSaved"))}
            onDeleted={() => {
              setNotice(t("journal.lesson.homeworkDeleted"));
              // The item and its buttons are gone: the list's heading keeps the place.
              heading.current?.focus();
            }}
          />
        ))}
      </ul>
      <p className="saved-note" role="status">
        {notice}
      </p>
    </section>
  );
}

function HomeworkItem({
  homework,
  lesson,
  onSaved,
  onDeleted,
}: {
  homework: HomeworkOut;
  lesson: LessonOut;
  onSaved: () => void;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const editButtonId = useId();
  const wasEditing = useRef(false);
  const key = lessonHomeworkQuery(lesson.id).queryKey;
  const due = formatDate(homework.due_date, { locale });

  // Back from the form (saved or cancelled): the focus returns to «Изменить».
  useEffect(() => {
    if (wasEditing.current && !editing) document.getElementById(editButtonId)?.focus();
    wasEditing.current = editing;
  }, [editing]);

  const remove = useMutation({
    mutationFn: () => deleteHomework(homework.id),
    onSuccess: () => {
      setDeleting(false);
      queryClient.setQueryData(key, (list: HomeworkOut[] | undefined) => list?.filter((h) => h.id !== homework.id));
      onDeleted();
    },
  });

  if (editing) {
    return (
      <li className="hw-item">
        <HomeworkEditForm
          homework={homework}
          lesson={lesson}
          onCancel={() => setEditing(false)}
          onSaved={(updated) => {
            queryClient.setQueryData(key, (list: HomeworkOut[] | undefined) =>
              list?.map((h) => (h.id === updated.id ? updated : h)),
            );
            setEditing(false);
            onSaved();
          }}
        />
      </li>
    );
  }
  return (
    <li className="hw-item">
      <p className="hw-item__due">{t("diary.homeworkDue", { date: due })}</p>
      <p className="hw-item__text">{homework.text}</p>
      <AttachmentLinks items={homework.attachments} className="plain-list hw-item__files" />
      <div className="section-actions">
        <Button
          id={editButtonId}
          variant="secondary"
          aria-label={t("journal.lesson.homeworkEditOf", { date: due })}
          onClick={() => setEditing(true)}
        >
          {t("journal.lesson.homeworkEdit")}
        </Button>
        <Button
          variant="secondary"
          aria-label={t("journal.lesson.homeworkDeleteOf", { date: due })}
          onClick={() => {
            remove.reset();
            setDeleting(true);
          }}
        >
          {t("journal.lesson.homeworkDelete")}
        </Button>
      </div>
      <ConfirmDialog
        open={deleting}
        title={t("journal.lesson.homeworkDeleteQuestion")}
        confirmLabel={t("journal.lesson.homeworkDelete")}
        tone="danger"
        busy={remove.isPending}
        onCancel={() => setDeleting(false)}
        onConfirm={async () => {
          try {
            await remove.mutateAsync();
          } catch {
            // shown in the dialog
          }
        }}
      >
        <p>
          {t("diary.homeworkDue", { date: due })}: {homework.text}
        </p>
        <p>{t("journal.lesson.homeworkDeleteText")}</p>
        {remove.isError ? <ProblemAlert error={remove.error} /> : null}
      </ConfirmDialog>
    </li>
  );
}

const FIELD_ORDER = ["text", "due_date", "attachments.0.name", "attachments.0.url"] as const;

function HomeworkEditForm({
  homework,
  lesson,
  onCancel,
  onSaved,
}: {
  homework: HomeworkOut;
  lesson: LessonOut;
  onCancel: () => void;
  onSaved: (updated: HomeworkOut) => void;
}) {
  const { t } = useTranslation();
  const base = useId();
  const ids: Record<(typeof FIELD_ORDER)[number], string> = {
    text: `${base}-text`,
    due_date: `${base}-due`,
    "attachments.0.name": `${base}-name`,
    "attachments.0.url": `${base}-url`,
  };
  // The draft lives here until saved: an error from the server never resets it.
  const [draft, setDraft] = useState<HomeworkDraft>(() => draftOf(homework));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [focusRequest, setFocusRequest] = useState(0);
  const set = (change: Partial<HomeworkDraft>) => setDraft((d) => ({ ...d, ...change }));

  useEffect(() => {
    if (focusRequest === 0) return;
    const first = FIELD_ORDER.find((f) => errors[f]);
    if (first) document.getElementById(ids[first])?.focus();
  }, [focusRequest]); // only after a submit: typing must not move the focus

  const save = useMutation({
    mutationFn: () => {
      const patch = patchOf(homework, draft);
      return patch ? updateHomework(homework.id, patch) : Promise.resolve(homework);
    },
    onSuccess: onSaved,
    onError: (error) => {
      if (error instanceof ApiProblem) {
        setErrors(error.fieldErrors());
        setFocusRequest((n) => n + 1);
      }
    },
  });
  const fieldErrors = Object.keys(errors).length > 0;
  const unplaced = otherErrors(errors);

  return (
    <form
      className="hw-edit"
      noValidate
      aria-label={t("journal.lesson.homeworkEditTitle")}
      onSubmit={(event) => {
        event.preventDefault();
        if (save.isPending) return;
        const found = checkDraft(draft, {
          required: t("journal.lesson.homeworkRequired"),
          dateInvalid: t("diary.notes.dateInvalid"),
          urlInvalid: t("journal.lesson.urlInvalid"),
        });
        setErrors(found);
        setFocusRequest((n) => n + 1);
        if (Object.keys(found).length === 0) save.mutate();
      }}
      onKeyDown={(event) => {
        if (event.key === "Escape" && !save.isPending) onCancel();
      }}
    >
      <p className="field__hint">{t("journal.lesson.homeworkNotifyHint")}</p>
      <div className={`field${errors.text ? " field--invalid" : ""}`}>
        <label className="field__label" htmlFor={ids.text}>
          {t("journal.lesson.homeworkText")}
        </label>
        <textarea
          className="input textarea"
          id={ids.text}
          value={draft.text}
          maxLength={5000}
          autoFocus
          aria-invalid={!!errors.text || undefined}
          aria-describedby={errors.text ? `${ids.text}-e` : undefined}
          onChange={(e) => set({ text: e.target.value })}
        />
        {errors.text ? (
          <p className="field__error" id={`${ids.text}-e`}>
            {errors.text}
          </p>
        ) : null}
      </div>
      <div className="jr-row">
        <DateField
          id={ids.due_date}
          name="due_date"
          label={t("journal.lesson.homeworkDue")}
          value={draft.due}
          onChange={(due) => set({ due })}
          error={errors.due_date}
          min={lesson.date}
        />
        <div className={`field${errors["attachments.0.name"] ? " field--invalid" : ""}`}>
          <label className="field__label" htmlFor={ids["attachments.0.name"]}>
            {t("journal.lesson.attachmentName")}
          </label>
          <input
            className="input"
            id={ids["attachments.0.name"]}
            value={draft.fileName}
            maxLength={200}
            aria-invalid={!!errors["attachments.0.name"] || undefined}
            onChange={(e) => set({ fileName: e.target.value })}
          />
          {errors["attachments.0.name"] ? <p className="field__error">{errors["attachments.0.name"]}</p> : null}
        </div>
        <div className={`field${errors["attachments.0.url"] ? " field--invalid" : ""}`}>
          <label className="field__label" htmlFor={ids["attachments.0.url"]}>
            {t("journal.lesson.attachmentUrl")}
          </label>
          <input
            className="input"
            id={ids["attachments.0.url"]}
            type="url"
            inputMode="url"
            placeholder="https://"
            value={draft.url}
            aria-invalid={!!errors["attachments.0.url"] || undefined}
            onChange={(e) => set({ url: e.target.value })}
          />
          {errors["attachments.0.url"] ? <p className="field__error">{errors["attachments.0.url"]}</p> : null}
        </div>
      </div>
      {save.isError && !fieldErrors ? <ProblemAlert error={save.error} title={t("journal.lesson.saveFailed")} /> : null}
      {unplaced.length > 0 ? <Alert tone="error">{unplaced.join(" ")}</Alert> : null}
      <div className="section-actions">
        <Button type="submit" busy={save.isPending}>
          {t("journal.lesson.homeworkSave")}
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={save.isPending}>
          {t("form.cancel")}
        </Button>
      </div>
    </form>
  );
}
