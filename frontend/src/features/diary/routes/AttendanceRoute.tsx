import { useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { DateField } from "@/components/ui/DateField";
import { AttendanceBadge } from "@/components/ui/GradeBadge";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { ApiProblem } from "@/lib/api";
import { formatDate, formatDateTime } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";
import { addDays, todayIn } from "@/lib/iso-week";
import { isoToRuDate, ruDateToIso } from "@/lib/masks";

import { useAbsenceNotes, useFileAbsenceNote, useStudentAttendance } from "../api/attendance";
import type { MyStudent } from "../api/types";
import { StudentGate } from "../components/StudentGate";
import { StudentHeader } from "../components/StudentHeader";
import "../diary.css";

function NoteForm({ studentId, onDone }: { studentId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const ids = { reason: useId() };
  const today = isoToRuDate(todayIn());
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const file = useFileAbsenceNote(studentId);
  const refs = { from: useRef<HTMLInputElement>(null), to: useRef<HTMLInputElement>(null), reason: useRef<HTMLTextAreaElement>(null) };

  const focusFirst = (found: Record<string, string>) => {
    const first = (["from", "to", "reason"] as const).find((k) => found[k]);
    if (first) refs[first].current?.focus();
    return !!first;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const fromIso = ruDateToIso(from);
    const toIso = ruDateToIso(to);
    if (!fromIso) found.from = from.trim() ? t("diary.notes.dateInvalid") : t("diary.notes.required");
    if (!toIso) found.to = to.trim() ? t("diary.notes.dateInvalid") : t("diary.notes.required");
    else if (fromIso && toIso < fromIso) found.to = t("diary.notes.order");
    if (reason.trim().length < 3) found.reason = t("diary.notes.reasonShort");
    setErrors(found);
    if (focusFirst(found) || !fromIso || !toIso) return;
    file.mutate(
      { from: fromIso, to: toIso, reason: reason.trim() },
      {
        onSuccess: () => {
          setReason("");
          onDone();
        },
        onError: (error) => {
          if (error instanceof ApiProblem) {
            const fields = error.fieldErrors();
            setErrors(fields);
            focusFirst(fields);
          }
        },
      },
    );
  };

  const reasonError = errors.reason ? `${ids.reason}-error` : undefined;
  return (
    <form className="card dy-form" onSubmit={submit} noValidate aria-labelledby="note-form-title">
      <h3 id="note-form-title">{t("diary.notes.formTitle")}</h3>
      <p className="field__hint">{t("diary.notes.formHint")}</p>
      {file.isError && !(file.error instanceof ApiProblem && file.error.problem?.errors.length) ? (
        <ProblemAlert error={file.error} title={t("diary.notes.failed")} />
      ) : null}
      <div className="dy-form-row">
        <DateField
          name="from"
          label={t("diary.notes.from")}
          value={from}
          onChange={setFrom}
          error={errors.from}
          inputRef={refs.from}
          max={addDays(todayIn(), 60)}
        />
        <DateField
          name="to"
          label={t("diary.notes.to")}
          value={to}
          onChange={setTo}
          error={errors.to}
          inputRef={refs.to}
          min={ruDateToIso(from) ?? undefined}
        />
      </div>
      <div className={`field${errors.reason ? " field--invalid" : ""}`}>
        <label className="field__label" htmlFor={ids.reason}>
          {t("diary.notes.reason")}
        </label>
        <textarea
          className="input textarea"
          ref={refs.reason}
          id={ids.reason}
          value={reason}
          maxLength={500}
          placeholder={t("diary.notes.reasonPlaceholder")}
          aria-invalid={!!errors.reason || undefined}
          aria-describedby={reasonError}
          onChange={(e) => setReason(e.target.value)}
        />
        {errors.reason ? (
          <p className="field__error" id={reasonError}>
            {errors.reason}
          </p>
        ) : null}
      </div>
      <div>
        <Button type="submit" busy={file.isPending}>
          {file.isPending ? t("diary.notes.sending") : t("diary.notes.send")}
        </Button>
      </div>
    </form>
  );
}

function Notes({ studentId, canFile }: { studentId: string; canFile: boolean }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const notes = useAbsenceNotes(studentId);
  const [sent, setSent] = useState(false);
  return (
    <section className="dy-section" aria-labelledby="notes-title">
      <h2 id="notes-title">{t("diary.notes.title")}</h2>
      {sent ? (
        <Alert tone="success" title={t("diary.notes.sentTitle")}>
          <p>{t("diary.notes.sentText")}</p>
        </Alert>
      ) : null}
      {canFile ? <NoteForm studentId={studentId} onDone={() => setSent(true)} /> : null}
      {notes.isPending ? (
        <Skeleton width="60%" />
      ) : notes.isError ? (
        <ProblemAlert error={notes.error} title={t("diary.loadFailed")} />
      ) : notes.data.length === 0 ? (
        <p className="muted">{t("diary.notes.empty")}</p>
      ) : (
        <ul className="dy-records dy-section">
          {notes.data.map((note) => (
            <li key={note.id} className="card dy-record dy-record--single">
              <div className="dy-record__main">
                <span
                  className={`dy-pill ${note.status === "acknowledged" ? "dy-pill--ok" : note.status === "rejected" ? "dy-pill--bad" : "dy-pill--wait"}`}
                >
                  {t(`diary.notes.${note.status}`)}
                </span>
                <p className="dy-record__title">
                  {note.from === note.to
                    ? formatDate(note.from, { locale: language })
                    : t("diary.notes.range", {
                        from: formatDate(note.from, { locale: language }),
                        to: formatDate(note.to, { locale: language }),
                      })}
                </p>
                <p className="lesson__line">{note.reason}</p>
                <p className="dy-record__meta">
                  {t("diary.notes.filedBy", { name: note.filed_by.name, date: formatDateTime(note.created_at, { locale: language }) })}
                </p>
                {note.rejection ? (
                  <>
                    <p className="lesson__line dy-record__rejection">{t("diary.notes.rejectedBecause", { reason: note.rejection.reason })}</p>
                    <p className="dy-record__meta">
                      {t("diary.notes.rejectedBy", {
                        name: note.rejection.by.name,
                        date: formatDateTime(note.rejection.at, { locale: language }),
                      })}
                    </p>
                  </>
                ) : note.acknowledged_by && note.acknowledged_at ? (
                  <p className="dy-record__meta">
                    {t("diary.notes.acknowledgedBy", {
                      name: note.acknowledged_by.name,
                      date: formatDateTime(note.acknowledged_at, { locale: language }),
                    })}
                  </p>
                ) : (
                  <p className="dy-record__meta">{t("diary.notes.waiting")}</p>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Attendance({ student, students }: { student: MyStudent | undefined; students: MyStudent[] | undefined }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { studentId = "" } = useParams();
  const today = todayIn();
  const attendance = useStudentAttendance(studentId, { from: addDays(today, -92), to: today });
  const missed = attendance.data?.items.filter((m) => m.status !== "present") ?? [];
  const counts = {
    absent: missed.filter((m) => m.status === "absent").length,
    late: missed.filter((m) => m.status === "late").length,
    excused: missed.filter((m) => m.status === "excused").length,
  };
  return (
    <div className="container page diary-page">
      <PageTitle title={t("diary.attendance.title")} />
      <StudentHeader title={t("diary.attendance.title")} students={students} student={student} section="attendance" />
      <section aria-labelledby="marks-title">
        <h2 id="marks-title">{t("diary.attendance.marksTitle")}</h2>
        {attendance.isPending ? (
          <Skeleton width="60%" />
        ) : attendance.isError ? (
          <div className="dy-error">
            <ProblemAlert error={attendance.error} title={t("diary.loadFailed")} />
            <Button onClick={() => void attendance.refetch()}>{t("diary.retry")}</Button>
          </div>
        ) : missed.length === 0 ? (
          <div className="card dy-empty">
            <p className="dy-empty__title">{t("diary.attendance.empty")}</p>
          </div>
        ) : (
          <>
            <p>{t("diary.attendance.counts", counts)}</p>
            <ul className="dy-records">
              {missed.map((m) => (
                <li key={`${m.lesson_id}`} className="card dy-record">
                  <AttendanceBadge status={m.status} minutesLate={m.minutes_late} reason={m.reason} />
                  <div className="dy-record__main">
                    <p className="dy-record__title">{m.subject.name}</p>
                    <p className="dy-record__meta">
                      {formatDate(m.date, { locale: language })} · {t("diary.lessonNumber", { number: m.lesson_number })}
                    </p>
                    {m.reason ? <p className="dy-record__meta">{m.reason}</p> : null}
                  </div>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <Notes studentId={studentId} canFile={student?.relation === "guardian"} />
    </div>
  );
}

export default function AttendanceRoute() {
  const { studentId = "" } = useParams();
  return (
    <StudentGate studentId={studentId}>
      {(student, students) => <Attendance student={student} students={students} />}
    </StudentGate>
  );
}
