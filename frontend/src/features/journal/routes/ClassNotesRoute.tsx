import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { formatDate, formatDateTime } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import {
  acknowledgeNote,
  classNotesKey,
  NOTES_PAGE_SIZE,
  useClassNotes,
  useMyClasses,
  withAcknowledged,
  type AbsenceNote,
  type ClassAbsenceNote,
  type NotesFilter,
  type NotesPage,
} from "../api/absence-notes";
import { RejectNote } from "../components/RejectNote";

import "@/styles/records.css";
import "../absence-notes.css";

const FILTERS: readonly NotesFilter[] = ["filed", "all"];

/**
 * «Объяснительные»: the notes the class's parents filed, for the class teacher (and the
 * school's administration, with a class picker). Waiting ones first by default: they are
 * what needs doing; «Принять» makes the absences they cover excused.
 */
export default function ClassNotesRoute() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const classPicker = useId();
  const classes = useMyClasses();
  const filter: NotesFilter = params.get("status") === "all" ? "all" : "filed";
  const offset = Math.max(0, Number(params.get("offset")) || 0);
  const classId = params.get("class") ?? classes.data?.[0]?.id;
  const notes = useClassNotes(classId, filter, offset);
  const [announcement, setAnnouncement] = useState("");

  const change = (updates: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(updates)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    setParams(next, { replace: true });
  };
  const filterHref = (value: NotesFilter) => {
    const next = new URLSearchParams(params);
    next.delete("offset");
    if (value === "all") next.set("status", "all");
    else next.delete("status");
    return `?${next.toString()}`;
  };

  return (
    <div className="container page">
      <PageTitle title={t("journal.classNotes.title")} />
      <p className="breadcrumb">
        <Link to="/teach">{t("journal.teach.title")}</Link>
      </p>
      <h1>{t("journal.classNotes.title")}</h1>
      <p className="lead">{t("journal.classNotes.lead")}</p>
      {classes.isPending ? (
        <Skeleton width="40%" />
      ) : classes.isError ? (
        <ProblemAlert error={classes.error} title={t("journal.loadFailed")} />
      ) : classes.data.length === 0 ? (
        <Alert tone="info" live={false}>
          {t("journal.classNotes.noClass")}
        </Alert>
      ) : (
        <>
          <div className="notes-toolbar">
            {classes.data.length > 1 ? (
              <div className="field">
                <label className="field__label" htmlFor={classPicker}>
                  {t("journal.classNotes.class")}
                </label>
                <select
                  className="input select"
                  id={classPicker}
                  value={classId}
                  onChange={(event) => change({ class: event.target.value, offset: null })}
                >
                  {classes.data.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </div>
            ) : (
              <p className="notes-toolbar__class">{t("journal.classNotes.classOf", { name: classes.data[0]!.name })}</p>
            )}
            <nav aria-label={t("journal.classNotes.filter")}>
              <ul className="filter-tabs">
                {FILTERS.map((value) => (
                  <li key={value}>
                    <Link to={filterHref(value)} replace aria-current={value === filter ? "page" : undefined}>
                      {t(`journal.classNotes.filters.${value}`)}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
          {notes.isPending ? (
            <div className="record-list" role="status" aria-busy="true">
              <span className="visually-hidden">{t("journal.loading")}</span>
              <Skeleton height="6rem" />
              <Skeleton height="6rem" />
            </div>
          ) : notes.isError ? (
            <div className="stack">
              <ProblemAlert error={notes.error} title={t("journal.loadFailed")} />
              <Button variant="secondary" onClick={() => void notes.refetch()}>
                {t("journal.retry")}
              </Button>
            </div>
          ) : notes.data.items.length === 0 ? (
            <div className="card empty-card">
              <p className="notes-empty__title">{t("journal.classNotes.empty")}</p>
              <p>{filter === "filed" ? t("journal.classNotes.emptyFiled") : t("journal.classNotes.emptyAll")}</p>
            </div>
          ) : (
            <>
              <p className="muted">{t("journal.classNotes.count", { count: notes.data.total })}</p>
              <ul className="record-list">
                {notes.data.items.map((note) => (
                  <NoteRow
                    key={note.id}
                    note={note}
                    pageKey={classNotesKey(classId!, filter, offset)}
                    onAcknowledged={(n) => setAnnouncement(t("journal.classNotes.acknowledgedNote", { name: n.student.name }))}
                    onRejected={(n) => setAnnouncement(t("journal.classNotes.rejectedNote", { name: n.student.name }))}
                  />
                ))}
              </ul>
              <Pager page={notes.data} onOffset={(value) => change({ offset: value ? String(value) : null })} />
            </>
          )}
          <p className="visually-hidden" role="status" aria-live="polite">
            {announcement}
          </p>
        </>
      )}
    </div>
  );
}

function NoteRow({
  note,
  pageKey,
  onAcknowledged,
  onRejected,
}: {
  note: ClassAbsenceNote;
  pageKey: ReturnType<typeof classNotesKey>;
  onAcknowledged: (note: ClassAbsenceNote) => void;
  onRejected: (note: ClassAbsenceNote) => void;
}) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const queryClient = useQueryClient();
  const acknowledge = useMutation({
    mutationFn: () => acknowledgeNote(note.id),
    onSuccess: (saved) => {
      // Shown as accepted where it is; the other pages and filters load afresh.
      queryClient.setQueryData<NotesPage>(pageKey, (page) => (page ? withAcknowledged(page, saved) : page));
      void queryClient.invalidateQueries({ queryKey: ["journal", "class-notes"], refetchType: "none" });
      void queryClient.invalidateQueries({ queryKey: ["journal", "absence-notes", note.student.id] });
      void queryClient.invalidateQueries({ queryKey: ["journal", "grid"] });
      onAcknowledged(note);
    },
  });
  const dates =
    note.from === note.to
      ? formatDate(note.from, { locale })
      : t("diary.notes.range", { from: formatDate(note.from, { locale }), to: formatDate(note.to, { locale }) });
  const waiting = note.status === "filed";
  const rejected = note.status === "rejected";
  const keepRejected = (saved: AbsenceNote) => {
    queryClient.setQueryData<NotesPage>(pageKey, (page) => (page ? withAcknowledged(page, saved) : page));
    void queryClient.invalidateQueries({ queryKey: ["journal", "class-notes"], refetchType: "none" });
    void queryClient.invalidateQueries({ queryKey: ["journal", "absence-notes", note.student.id] });
    onRejected(note);
  };
  return (
    <li className="card record">
      <div className="record__head">
        <h2 className="record__title">{note.student.name}</h2>
        <StatusBadge tone={waiting ? "action" : rejected ? "error" : "ok"}>{t(`journal.classNotes.status.${note.status}`)}</StatusBadge>
      </div>
      <dl className="record__facts">
        <div>
          <dt>{t("journal.classNotes.dates")}</dt>
          <dd>{dates}</dd>
        </div>
        <div>
          <dt>{t("journal.classNotes.reason")}</dt>
          <dd className="note-reason">{note.reason}</dd>
        </div>
        <div>
          <dt>{t("journal.classNotes.filedBy")}</dt>
          <dd>
            {note.filed_by.name}, {formatDateTime(note.created_at, { locale })}
          </dd>
        </div>
        {note.acknowledged_by && note.acknowledged_at ? (
          <div>
            <dt>{t("journal.classNotes.acknowledgedBy")}</dt>
            <dd>
              {note.acknowledged_by.name}, {formatDateTime(note.acknowledged_at, { locale })}
            </dd>
          </div>
        ) : null}
        {note.rejection ? (
          <>
            <div>
              <dt>{t("journal.classNotes.rejectionReason")}</dt>
              <dd className="note-reason">{note.rejection.reason}</dd>
            </div>
            <div>
              <dt>{t("journal.classNotes.rejectedBy")}</dt>
              <dd>
                {note.rejection.by.name}, {formatDateTime(note.rejection.at, { locale })}
              </dd>
            </div>
          </>
        ) : null}
      </dl>
      {acknowledge.isError ? <ProblemAlert error={acknowledge.error} title={t("journal.classNotes.acknowledgeFailed")} /> : null}
      {waiting || rejected ? (
        <div className="record__action note-action">
          <Button busy={acknowledge.isPending} onClick={() => acknowledge.mutate()}>
            {t("journal.notes.acknowledge")}
            <span className="visually-hidden">: {t("journal.classNotes.acknowledgeOf", { name: note.student.name, dates })}</span>
          </Button>
          <span className="field__hint">{t("journal.classNotes.acknowledgeHint")}</span>
          {waiting ? (
            <RejectNote noteId={note.id} label={t("journal.classNotes.rejectOf", { name: note.student.name, dates })} onRejected={keepRejected} />
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

function Pager({ page, onOffset }: { page: NotesPage; onOffset: (offset: number) => void }) {
  const { t } = useTranslation();
  if (page.total <= page.limit && page.offset === 0) return null;
  const last = Math.min(page.offset + page.items.length, page.total);
  return (
    <nav className="notes-pager" aria-label={t("journal.classNotes.pages")}>
      <Button variant="secondary" disabled={page.offset === 0} onClick={() => onOffset(Math.max(0, page.offset - NOTES_PAGE_SIZE))}>
        {t("journal.classNotes.previous")}
      </Button>
      <span>{t("journal.classNotes.range", { from: page.offset + 1, to: last, total: page.total })}</span>
      <Button variant="secondary" disabled={last >= page.total} onClick={() => onOffset(page.offset + NOTES_PAGE_SIZE)}>
        {t("journal.classNotes.next")}
      </Button>
    </nav>
  );
}
