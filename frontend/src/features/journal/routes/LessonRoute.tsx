import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { DateField } from "@/components/ui/DateField";
import { GradeBadge } from "@/components/ui/GradeBadge";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { ApiProblem } from "@/lib/api";
import { formatDate, formatTime } from "@/lib/format";
import { formatWeight, gradeTone, gradeWord } from "@/lib/grades";
import { currentLanguage } from "@/lib/i18n";
import { addDays } from "@/lib/iso-week";
import { isoToRuDate, ruDateToIso } from "@/lib/masks";
import { formatOffset, offsetOfInstant, zoneOffsetMinutes } from "@/lib/school-time";

import { assignHomework, deleteGrade, markAttendance, recordGrades, setTopic } from "../api/mutations";
import { journalQuery, lessonHomeworkQuery, lessonQuery, useJournal, useLesson, useSubjects, useWorkTypes } from "../api/queries";
import type { HomeworkOut, Journal, JournalMark, LessonOut, RosterStudent, WorkType } from "../api/types";
import { ClearAttendanceMark } from "../components/ClearAttendanceMark";
import { LessonHomework } from "../components/LessonHomework";
import { gradeOfType, setAttendance } from "../lib/journal-cache";
import "../journal.css";

type Status = "present" | "absent" | "late" | "excused";
type Value = number | "pass" | "fail";

function studentName(s: RosterStudent): string {
  return `${s.last_name} ${s.first_name}`;
}

function savedAt(locale: string): string {
  return formatTime(new Date(), { locale });
}

function TopicForm({ lesson }: { lesson: LessonOut }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const queryClient = useQueryClient();
  const id = useId();
  const [topic, setTopicText] = useState(lesson.topic ?? "");
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => setTopic(lesson.id, topic.trim() || null),
    onSuccess: (updated) => {
      queryClient.setQueryData(lessonQuery(lesson.id).queryKey, updated);
      setSaved(savedAt(locale));
    },
  });
  return (
    <form
      className="card jr-card"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <h2>{t("journal.lesson.topicTitle")}</h2>
      <div className="field">
        <label className="field__label" htmlFor={id}>
          {t("journal.lesson.topic")}
        </label>
        <input className="input" id={id} value={topic} maxLength={500} onChange={(e) => setTopicText(e.target.value)} />
      </div>
      {save.isError ? <ProblemAlert error={save.error} title={t("journal.lesson.saveFailed")} /> : null}
      <div className="section-actions">
        <Button type="submit" variant="secondary" busy={save.isPending}>
          {t("journal.lesson.saveTopic")}
        </Button>
        {saved && !save.isPending ? <p className="saved-note" role="status">{t("journal.lesson.savedAt", { time: saved })}</p> : null}
      </div>
    </form>
  );
}

const STATUSES: Status[] = ["present", "absent", "late", "excused"];

function AttendanceForm({ lesson, journal, onSaved }: { lesson: LessonOut; journal: Journal; onSaved: (j: Journal) => void }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const name = useId();
  const initial = useMemo(() => {
    const map: Record<string, { status: Status | null; minutes: string }> = {};
    for (const s of lesson.students) {
      const mark = journal.marks.find((m) => m.student_id === s.id && m.lesson_id === lesson.id)?.attendance;
      map[s.id] = { status: mark?.status ?? null, minutes: mark?.minutes_late ? String(mark.minutes_late) : "" };
    }
    return map;
  }, [lesson, journal]);
  const [marks, setMarks] = useState(initial);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (all: Record<string, { status: Status | null; minutes: string }>) =>
      markAttendance(
        lesson.id,
        Object.entries(all)
          .filter(([, m]) => m.status !== null)
          .map(([studentId, m]) => ({
            student_id: studentId,
            status: m.status!,
            minutes_late: m.status === "late" && m.minutes ? Number(m.minutes) : null,
          })),
      ),
    onSuccess: (result) => {
      setSaved(savedAt(locale));
      onSaved({
        ...journal,
        marks: lesson.students.map((s) => {
          const existing = journal.marks.find((m) => m.student_id === s.id && m.lesson_id === lesson.id);
          const mark = result.find((r) => r.student_id === s.id);
          return {
            student_id: s.id,
            lesson_id: lesson.id,
            grades: existing?.grades ?? [],
            attendance: mark ? { status: mark.status, minutes_late: mark.minutes_late, reason: mark.reason } : existing?.attendance ?? null,
          };
        }),
      });
    },
  });
  const fieldErrors = save.error instanceof ApiProblem ? save.error.fieldErrors() : {};
  const sent = Object.entries(marks).filter(([, m]) => m.status !== null);
  const errorFor = (studentId: string) => {
    const index = sent.findIndex(([id]) => id === studentId);
    return index < 0 ? undefined : fieldErrors[`${index}.minutes_late`] ?? fieldErrors[`${index}.status`] ?? fieldErrors[`${index}.student_id`];
  };
  const set = (studentId: string, change: Partial<{ status: Status | null; minutes: string }>) => {
    setSaved(null);
    setMarks((all) => ({ ...all, [studentId]: { ...all[studentId]!, ...change } }));
  };
  const allPresent = () => {
    const next = { ...marks };
    for (const [id, m] of Object.entries(next)) if (m.status === null) next[id] = { ...m, status: "present" };
    setMarks(next);
    save.mutate(next);
  };
  const unmarked = Object.values(marks).filter((m) => m.status === null).length;
  // The mark as saved (the journal cache), not as edited in the form: only that can be cleared.
  const savedMark = (studentId: string) =>
    journal.marks.find((m) => m.student_id === studentId && m.lesson_id === lesson.id)?.attendance ?? null;
  const keepSaved = (studentId: string, saved: JournalMark["attendance"]) => {
    set(studentId, { status: saved?.status ?? null, minutes: saved?.minutes_late ? String(saved.minutes_late) : "" });
    onSaved(setAttendance(journal, studentId, lesson.id, saved));
  };

  return (
    <form
      className="card jr-card"
      aria-labelledby={`${name}-title`}
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        save.mutate(marks);
      }}
    >
      <h2 id={`${name}-title`}>{t("journal.lesson.attendanceTitle")}</h2>
      <p className="field__hint">{t("journal.lesson.attendanceHint")}</p>
      <div className="section-actions">
        <Button variant="secondary" onClick={allPresent} busy={save.isPending}>
          {t("journal.lesson.allPresent")}
        </Button>
        <span className="muted">
          {unmarked > 0 ? t("journal.lesson.unmarked", { count: unmarked }) : t("journal.lesson.allMarked")}
        </span>
      </div>
      <ul className="roster">
        {lesson.students.map((s) => {
          const mark = marks[s.id]!;
          const error = errorFor(s.id);
          return (
            <li key={s.id} className="roster__row">
              <p className="roster__name" id={`${name}-${s.id}`}>
                {studentName(s)}
              </p>
              <div className="roster__extra">
                <fieldset className="segmented" aria-labelledby={`${name}-${s.id}`}>
                  <legend>{t("journal.lesson.attendanceOf", { name: studentName(s) })}</legend>
                  {STATUSES.map((status) => (
                    <label key={status} title={t(`journal.lesson.status.${status}`)} className={`segmented__opt segmented__opt--${status}`}>
                      <input
                        type="radio"
                        name={`${name}-${s.id}`}
                        value={status}
                        checked={mark.status === status}
                        onChange={() => set(s.id, { status })}
                      />
                      <span aria-hidden="true">{t(`journal.lesson.statusShort.${status}`)}</span>
                      <span className="visually-hidden">{t(`journal.lesson.status.${status}`)}</span>
                    </label>
                  ))}
                </fieldset>
                {mark.status === "late" ? (
                  <div className="field roster__minutes">
                    <label className="visually-hidden" htmlFor={`${name}-${s.id}-min`}>
                      {t("journal.lesson.minutesFor", { name: studentName(s) })}
                    </label>
                    <input
                      className="input"
                      id={`${name}-${s.id}-min`}
                      inputMode="numeric"
                      placeholder={t("journal.lesson.minutes")}
                      value={mark.minutes}
                      onChange={(e) => set(s.id, { minutes: e.target.value.replace(/\D/g, "").slice(0, 3) })}
                    />
                  </div>
                ) : null}
                <ClearAttendanceMark
                  lessonId={lesson.id}
                  studentId={s.id}
                  name={studentName(s)}
                  mark={savedMark(s.id)}
                  onChange={(saved) => keepSaved(s.id, saved)}
                />
              </div>
              {error ? <p className="field__error">{error}</p> : null}
            </li>
          );
        })}
      </ul>
      {save.isError && Object.keys(fieldErrors).length === 0 ? <ProblemAlert error={save.error} title={t("journal.lesson.saveFailed")} /> : null}
      <div className="section-actions">
        <Button type="submit" busy={save.isPending}>
          {t("journal.lesson.saveAttendance")}
        </Button>
        {saved && !save.isPending ? <p className="saved-note" role="status">{t("journal.lesson.savedAt", { time: saved })}</p> : null}
      </div>
    </form>
  );
}

function GradesForm({
  lesson,
  journal,
  workTypes,
  passFail,
  onSaved,
}: {
  lesson: LessonOut;
  journal: Journal;
  workTypes: WorkType[];
  passFail: boolean;
  onSaved: (j: Journal) => void;
}) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const name = useId();
  const defaultType = workTypes.find((w) => w.is_default) ?? workTypes[0];
  const [workTypeCode, setWorkTypeCode] = useState(defaultType?.code ?? "");
  const markOf = (studentId: string) => journal.marks.find((m) => m.student_id === studentId && m.lesson_id === lesson.id);
  const existing = (studentId: string) => gradeOfType(markOf(studentId), workTypeCode);
  const fromServer = () =>
    Object.fromEntries(
      lesson.students.map((s) => {
        const g = existing(s.id);
        return [s.id, { value: g ? String(g.value) : "", comment: g?.comment ?? "" }];
      }),
    );
  const [entries, setEntries] = useState<Record<string, { value: string; comment: string }>>(fromServer);
  const [saved, setSaved] = useState<string | null>(null);
  // Another work type: show what is there for it.
  useEffect(() => {
    setEntries(fromServer());
  }, [workTypeCode]); // only on a change of work type: typed grades stay while the journal refreshes

  const toValue = (text: string): Value => (text === "pass" || text === "fail" ? text : Number(text));
  const changed = lesson.students.filter((s) => {
    const entry = entries[s.id]!;
    const g = existing(s.id);
    return entry.value !== (g ? String(g.value) : "") || (entry.value !== "" && entry.comment !== (g?.comment ?? ""));
  });
  const toRecord = changed.filter((s) => entries[s.id]!.value !== "");
  const toDelete = changed.filter((s) => entries[s.id]!.value === "" && existing(s.id));

  const save = useMutation({
    mutationFn: async () => {
      const recorded = toRecord.length
        ? await recordGrades(
            lesson.id,
            toRecord.map((s) => ({
              student_id: s.id,
              value: toValue(entries[s.id]!.value),
              work_type: workTypeCode || null,
              comment: entries[s.id]!.comment.trim() || null,
            })),
          )
        : [];
      for (const s of toDelete) await deleteGrade(existing(s.id)!.id);
      return recorded;
    },
    onSuccess: (recorded) => {
      setSaved(savedAt(locale));
      const deleted = new Set(toDelete.map((s) => s.id));
      onSaved({
        ...journal,
        marks: lesson.students.map((s) => {
          const mark = markOf(s.id);
          const mine = recorded.find((r) => r.student_id === s.id);
          let grades = mark?.grades ?? [];
          if (mine || deleted.has(s.id)) grades = grades.filter((g) => g.work_type.code !== workTypeCode);
          if (mine) grades = [...grades, { id: mine.id, value: mine.value, work_type: mine.work_type, comment: mine.comment }];
          return { student_id: s.id, lesson_id: lesson.id, grades, attendance: mark?.attendance ?? null };
        }),
      });
    },
  });
  const fieldErrors = save.error instanceof ApiProblem ? save.error.fieldErrors() : {};
  const errorFor = (studentId: string) => {
    const index = toRecord.findIndex((s) => s.id === studentId);
    if (index < 0) return undefined;
    return fieldErrors[`${index}.value`] ?? fieldErrors[`${index}.comment`] ?? fieldErrors[`${index}.student_id`] ?? fieldErrors[`${index}.work_type`];
  };
  const values: Value[] = passFail ? ["pass", "fail"] : [5, 4, 3, 2, 1];

  return (
    <form
      className="card jr-card"
      aria-labelledby={`${name}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        if (changed.length) save.mutate();
      }}
    >
      <h2 id={`${name}-title`}>{t("journal.lesson.gradesTitle")}</h2>
      {workTypes.length > 0 ? (
        <div className="field">
          <label className="field__label" htmlFor={`${name}-type`}>
            {t("journal.grid.workType")}
          </label>
          <select className="input select" id={`${name}-type`} value={workTypeCode} onChange={(e) => setWorkTypeCode(e.target.value)}>
            {workTypes.map((w) => (
              <option key={w.code} value={w.code}>
                {t("journal.grid.workTypeOption", { name: w.name, weight: formatWeight(w.weight, locale) })}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <ul className="roster">
        {lesson.students.map((s) => {
          const entry = entries[s.id]!;
          const other = (markOf(s.id)?.grades ?? []).filter((g) => g.work_type.code !== workTypeCode);
          const error = errorFor(s.id);
          return (
            <li key={s.id} className="roster__row">
              <div>
                <p className="roster__name" id={`${name}-${s.id}`}>
                  {studentName(s)}
                </p>
                {other.length > 0 ? (
                  <p className="field__hint">
                    {t("journal.lesson.otherGrades")}{" "}
                    {other.map((g) => (
                      <GradeBadge key={g.id} value={g.value} workType={g.work_type} comment={g.comment} />
                    ))}
                  </p>
                ) : null}
              </div>
              <div className="roster__extra">
                <fieldset className="segmented" aria-labelledby={`${name}-${s.id}`}>
                  <legend>{t("journal.lesson.gradeOf", { name: studentName(s) })}</legend>
                  <label title={t("journal.lesson.noGrade")} className="segmented__opt segmented__opt--none">
                    <input
                      type="radio"
                      name={`${name}-${s.id}`}
                      value=""
                      checked={entry.value === ""}
                      onChange={() => setEntries((all) => ({ ...all, [s.id]: { ...entry, value: "" } }))}
                    />
                    <span aria-hidden="true">—</span>
                    <span className="visually-hidden">{t("journal.lesson.noGrade")}</span>
                  </label>
                  {values.map((value) => (
                    <label key={value} className={`segmented__opt segmented__opt--${gradeTone(value)}`}>
                      <input
                        type="radio"
                        name={`${name}-${s.id}`}
                        value={String(value)}
                        checked={entry.value === String(value)}
                        onChange={() => {
                          setSaved(null);
                          setEntries((all) => ({ ...all, [s.id]: { ...entry, value: String(value) } }));
                        }}
                      />
                      {gradeWord(value, locale)}
                    </label>
                  ))}
                </fieldset>
                {entry.value !== "" ? (
                  <div className="field roster__comment">
                    <label className="visually-hidden" htmlFor={`${name}-${s.id}-c`}>
                      {t("journal.lesson.commentFor", { name: studentName(s) })}
                    </label>
                    <input
                      className="input"
                      id={`${name}-${s.id}-c`}
                      maxLength={500}
                      placeholder={t("journal.lesson.comment")}
                      value={entry.comment}
                      onChange={(e) => setEntries((all) => ({ ...all, [s.id]: { ...entry, comment: e.target.value } }))}
                    />
                  </div>
                ) : null}
              </div>
              {error ? <p className="field__error">{error}</p> : null}
            </li>
          );
        })}
      </ul>
      {save.isError && Object.keys(fieldErrors).length === 0 ? <ProblemAlert error={save.error} title={t("journal.lesson.saveFailed")} /> : null}
      {save.isError && Object.keys(fieldErrors).length > 0 ? (
        <Alert tone="error">{(save.error as ApiProblem).problem?.detail ?? t("journal.lesson.saveFailed")}</Alert>
      ) : null}
      <div className="section-actions">
        <Button type="submit" busy={save.isPending} aria-disabled={changed.length === 0 || undefined}>
          {t("journal.lesson.saveGrades")}
        </Button>
        {changed.length > 0 ? (
          <span className="muted">{t("journal.lesson.changed", { count: changed.length })}</span>
        ) : saved && !save.isPending ? (
          <p className="saved-note" role="status">{t("journal.lesson.savedAt", { time: saved })}</p>
        ) : null}
      </div>
    </form>
  );
}

function HomeworkForm({ lesson, nextLessonDate }: { lesson: LessonOut; nextLessonDate: string | undefined }) {
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

export default function LessonRoute() {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const queryClient = useQueryClient();
  const { lessonId = "" } = useParams();
  const lesson = useLesson(lessonId);
  const workTypes = useWorkTypes();
  const subjects = useSubjects();
  const params = lesson.data
    ? { classId: lesson.data.school_class.id, subjectId: lesson.data.subject.id, from: lesson.data.date, to: lesson.data.date }
    : null;
  const journal = useJournal(params);
  const upcoming = useJournal(
    lesson.data
      ? { classId: lesson.data.school_class.id, subjectId: lesson.data.subject.id, from: addDays(lesson.data.date, 1), to: addDays(lesson.data.date, 28) }
      : null,
  );
  const nextLessonDate = upcoming.data?.lessons.find((l) => l.status !== "cancelled")?.date;

  if (lesson.isPending) {
    return (
      <div className="container page" role="status" aria-busy="true">
        <span className="visually-hidden">{t("journal.loading")}</span>
        <Skeleton width="50%" height="2rem" />
        <Skeleton width="30%" />
      </div>
    );
  }
  if (lesson.isError) {
    const notFound = lesson.error instanceof ApiProblem && lesson.error.status === 404;
    return (
      <div className="container page page--narrow">
        <h1>{notFound ? t("journal.lesson.notFound") : t("journal.loadFailed")}</h1>
        <ProblemAlert error={lesson.error} />
        <Link to="/teach">{t("journal.teach.title")}</Link>
      </div>
    );
  }
  const data = lesson.data;
  const zone = offsetOfInstant(data.starts_at);
  const viewer = zoneOffsetMinutes(undefined, new Date(data.starts_at));
  const time = `${data.starts_at.slice(11, 16)}–${data.ends_at.slice(11, 16)}`;
  const title = t("journal.lesson.title", { subject: data.subject.name, className: data.school_class.name });
  const passFail = subjects.data?.find((s) => s.id === data.subject.id)?.assessment === "pass_fail";
  const onSaved = (j: Journal) => {
    if (params) queryClient.setQueryData(journalQuery(params).queryKey, j);
    void queryClient.invalidateQueries({ queryKey: ["journal", "grid", data.school_class.id, data.subject.id] });
  };

  return (
    <div className="container page">
      <PageTitle title={title} />
      <p className="breadcrumb">
        <Link to={`/teach/journal/${data.school_class.id}?subject=${data.subject.id}`}>{t("journal.lesson.toJournal")}</Link>
      </p>
      <div className="lesson-head">
        <h1>{title}</h1>
        <p className="lesson-head__meta">
          {t("journal.lesson.when", { date: formatDate(data.date, { locale }), number: data.number, time })}
          {zone !== null && zone !== viewer ? ` (${formatOffset(zone)})` : ""}
          {data.room ? ` · ${t("diary.room", { room: data.room })}` : ""}
        </p>
        {data.status === "cancelled" ? (
          <Alert tone="warning" live={false}>
            {t("journal.lesson.cancelled")}
            {data.change_note ? ` ${data.change_note}` : ""}
          </Alert>
        ) : null}
        {data.status === "moved" && data.original_date ? (
          <Alert tone="info" live={false}>
            {t("journal.lesson.moved", { date: formatDate(data.original_date, { locale }) })}
            {data.change_note ? ` ${data.change_note}` : ""}
          </Alert>
        ) : null}
        {data.substitute_teacher ? <p className="lesson-head__meta">{t("diary.substitute", { name: data.substitute_teacher.name })}</p> : null}
      </div>
      <div className="jr-stack">
        <TopicForm lesson={data} />
        {data.students.length === 0 ? (
          <Alert tone="info" live={false}>
            {t("journal.lesson.noRoster")}
          </Alert>
        ) : journal.isError ? (
          <ProblemAlert error={journal.error} title={t("journal.loadFailed")} />
        ) : journal.data && workTypes.data ? (
          <>
            <AttendanceForm lesson={data} journal={journal.data} onSaved={onSaved} />
            <GradesForm
              lesson={data}
              journal={journal.data}
              workTypes={workTypes.data}
              passFail={passFail}
              onSaved={onSaved}
            />
          </>
        ) : (
          <div className="card" role="status" aria-busy="true">
            <span className="visually-hidden">{t("journal.loading")}</span>
            <Skeleton height="10rem" />
          </div>
        )}
        <HomeworkForm lesson={data} nextLessonDate={nextLessonDate} />
      </div>
    </div>
  );
}
