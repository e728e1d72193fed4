import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useId, useMemo, useReducer, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";

import { formatAverage } from "@/lib/grades";
import { currentLanguage } from "@/lib/i18n";
import { useCoarsePointer } from "@/lib/pointer";
import { todayIn } from "@/lib/iso-week";

import { saveErrorMessage } from "../api/mutations";
import { journalQuery, type JournalParams } from "../api/queries";
import type { Journal, WorkType } from "../api/types";
import {
  cellKey,
  changeFor,
  gridReducer,
  initialGridState,
  isAbsence,
  keyCommand,
  pendingUndo,
  type Assessment,
  type CellRef,
  type Change,
  type ChangeRequest,
  type Command,
} from "../lib/grid-model";
import { gradeOfType, indexMarks } from "../lib/journal-cache";
import { CellActions } from "./grid/CellActions";
import { cellSave } from "./grid/cell-save";
import { GradeLegend } from "./grid/GradeLegend";
import { useAllPresent } from "./grid/all-present";
import { GridCell } from "./grid/GridCell";
import { lessonLabels, studentAverages } from "./grid/labels";
import { JournalHead } from "./grid/JournalHead";
import { JournalToolbar } from "./grid/JournalToolbar";

const SAVED_FADE_MS = 2500;

/** The column of today's lesson, else the last one before today, else the first. */
function startColumn(journal: Journal): number {
  const today = todayIn();
  let col = 0;
  journal.lessons.forEach((lesson, index) => {
    if (lesson.date <= today) col = index;
  });
  return col;
}

export interface JournalGridProps {
  params: JournalParams;
  journal: Journal;
  assessment: Assessment;
  workTypes: WorkType[];
  title: string;
}

export function JournalGrid({ params, journal, assessment, workTypes, title }: JournalGridProps) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const queryClient = useQueryClient();
  const key = journalQuery(params).queryKey;
  const rows = journal.students.length;
  const cols = journal.lessons.length;
  const [state, dispatch] = useReducer(gridReducer, undefined, () =>
    initialGridState(rows, cols, { row: 0, col: startColumn(journal) }),
  );
  const defaultType = workTypes.find((w) => w.is_default) ?? workTypes[0];
  const [workTypeCode, setWorkTypeCode] = useState(defaultType?.code ?? "");
  const workType = workTypes.find((w) => w.code === workTypeCode) ?? defaultType;
  const [announcement, setAnnouncement] = useState("");
  const [confirmAbsent, setConfirmAbsent] = useState<ChangeRequest | null>(null);
  const ids = useRef(0);
  const queues = useRef(new Map<string, Promise<void>>());
  const cells = useRef(new Map<string, HTMLTableCellElement>());
  const hasFocus = useRef(false);
  const helpId = useId();
  const touch = useCoarsePointer();

  useEffect(() => {
    dispatch({ type: "resize", rows, cols });
  }, [rows, cols]);

  // A grade waiting for confirmation belongs to its cell: moving away drops it.
  useEffect(() => {
    setConfirmAbsent((pending) => (pending && cellKey(pending.cell) !== cellKey(state.cursor) ? null : pending));
  }, [state.cursor]);

  const marks = useMemo(() => indexMarks(journal), [journal]);
  const markAt = useCallback(
    (cell: CellRef) => {
      const student = journal.students[cell.row];
      const lesson = journal.lessons[cell.col];
      return student && lesson ? marks.get(`${student.id}:${lesson.id}`) : undefined;
    },
    [journal, marks],
  );

  // Open at the current lesson: scroll the grid (not the page) to the cursor's column.
  const scroller = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const box = scroller.current;
    const cell = cells.current.get(cellKey(state.cursor));
    if (box && cell) box.scrollLeft = Math.max(0, cell.offsetLeft - box.clientWidth / 2);
    // Only on opening: afterwards the cursor scrolls itself.
  }, []);

  // The cell's buttons sit under the grid, never over a row; the grid's height leaves them
  // room on the screen (--journal-bar-height, journal.css).
  const bar = useRef<HTMLDivElement | null>(null);
  const barRef = useCallback((element: HTMLDivElement | null) => {
    bar.current = element;
    if (!element || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() =>
      element.parentElement?.style.setProperty("--journal-bar-height", `${element.offsetHeight}px`),
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // Keep the focused cell (and, under the grid, its buttons) in view and focused as the cursor moves.
  useEffect(() => {
    if (!hasFocus.current) return;
    const element = cells.current.get(cellKey(state.cursor));
    if (element && document.activeElement !== element) {
      element.focus({ preventScroll: true });
    }
    bar.current?.scrollIntoView?.({ block: "nearest" });
    element?.scrollIntoView?.({ block: "nearest", inline: "nearest" });
  }, [state.cursor]);

  const updateJournal = (update: (j: Journal) => Journal) => queryClient.setQueryData<Journal>(key, (j) => (j ? update(j) : j));

  const labels = useMemo(() => lessonLabels(journal.lessons, language), [journal.lessons, language]);
  const studentLabels = useMemo(() => journal.students.map((s) => `${s.last_name} ${s.first_name}`), [journal.students]);
  const describeCell = (cell: CellRef) => {
    const student = studentLabels[cell.row];
    const lesson = labels[cell.col];
    return student && lesson ? `${student}, ${lesson.date}` : "";
  };
  const registerCell = useCallback((id: string, element: HTMLTableCellElement | null) => {
    if (element) cells.current.set(id, element);
    else cells.current.delete(id);
  }, []);
  const focusCell = useCallback((cell: CellRef) => dispatch({ type: "focus", cell }), []);

  /** Shows the change at once, then sends it; one cell's changes go in order. */
  const persist = (change: Change) => {
    const student = journal.students[change.cell.row];
    const lesson = journal.lessons[change.cell.col];
    if (!student || !lesson) return;
    const cellId = cellKey(change.cell);
    const mark = markAt(change.cell);
    const save = cellSave({
      change,
      student,
      lesson,
      mark,
      workTypes,
      workType,
      updateJournal,
      currentJournal: () => queryClient.getQueryData<Journal>(key),
    });
    if (!save) return;
    const { send, revert } = save;
    const previous = queues.current.get(cellId) ?? Promise.resolve();
    const next = previous
      .then(send)
      .then(
        () => {
          dispatch({ type: "saved", id: change.id, cell: change.cell });
          setAnnouncement(t("journal.grid.savedCell", { cell: describeCell(change.cell) }));
          window.setTimeout(() => dispatch({ type: "settle", id: change.id, cell: change.cell }), SAVED_FADE_MS);
        },
        (error: unknown) => {
          revert();
          const message = saveErrorMessage(error, t("journal.grid.saveFailed"));
          dispatch({ type: "failed", id: change.id, cell: change.cell, message });
          setAnnouncement(t("journal.grid.failedCell", { cell: describeCell(change.cell), message }));
        },
      );
    queues.current.set(cellId, next);
  };

  const apply = (request: ChangeRequest, options: { advance?: boolean; undo?: boolean } = {}) => {
    const change = { ...request, id: ++ids.current } as Change;
    dispatch({ type: "apply", change, ...options });
    persist(change);
  };

  const run = (command: Command, cell: CellRef = state.cursor): boolean => {
    if (command.kind === "move") {
      dispatch({ type: "move", direction: command.direction });
      return true;
    }
    if (command.kind === "undo") {
      const request = pendingUndo(state);
      if (!request) return true;
      apply(request, { undo: true });
      setAnnouncement(t("journal.grid.undone", { cell: describeCell(request.cell) }));
      return true;
    }
    if (!workType) return false;
    const mark = markAt(cell);
    const current = {
      grade: gradeOfType(mark, workType.code)?.value ?? null,
      attendance: mark?.attendance?.status ?? null,
    };
    const request = changeFor(command, cell, current, workType.code);
    if (request?.field === "grade" && request.after !== null && isAbsence(current.attendance)) {
      // «Н + 2» is mostly a slip of the hand: the grade waits for a second, deliberate action.
      setConfirmAbsent(request);
      setAnnouncement(t("journal.grid.absentConfirm", { cell: describeCell(cell) }));
      return true;
    }
    if (request) apply(request, { advance: command.kind !== "clear" });
    else if (command.kind !== "clear") dispatch({ type: "move", direction: "down" });
    return true;
  };

  const retry = (cell: CellRef) => {
    const status = state.status[cellKey(cell)];
    if (status?.state !== "error") return;
    const { id: _old, ...request } = status.change;
    apply(request as ChangeRequest);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    const target = event.target as HTMLElement;
    if (!target.matches("td[data-cell]")) return;
    const command = keyCommand(event, assessment);
    if (!command) return;
    if (command.kind === "move" && (command.direction === "next" || command.direction === "previous")) {
      const last = command.direction === "next" ? state.cursor.row === rows - 1 && state.cursor.col === cols - 1 : state.cursor.row === 0 && state.cursor.col === 0;
      if (last) return; // Tab leaves the grid at its ends.
    }
    event.preventDefault();
    run(command);
  };

  const { bulk, markAllPresent } = useAllPresent({ journal, marks, labels, updateJournal, announce: setAnnouncement });

  const today = todayIn();
  const statuses = Object.values(state.status);
  const saving = statuses.filter((s) => s.state === "saving").length;
  const failed = statuses.filter((s) => s.state === "error");
  const cursorStatus = state.status[cellKey(state.cursor)];
  const undo = pendingUndo(state);
  const passFail = assessment === "pass_fail";
  const actionValues = passFail ? (["pass", "fail"] as const) : ([5, 4, 3, 2, 1] as const);

  const averages = useMemo(() => studentAverages(journal, marks), [journal, marks]);

  if (rows === 0 || cols === 0) {
    return (
      <div className="card jr-empty">
        <p className="jr-empty__title">{rows === 0 ? t("journal.grid.noStudents") : t("journal.grid.noLessons")}</p>
        <p>{t("journal.grid.noLessonsHint")}</p>
      </div>
    );
  }

  return (
    <div className="journal">
      <JournalToolbar
        workTypes={workTypes}
        workTypeCode={workTypeCode}
        onWorkType={setWorkTypeCode}
        canUndo={!!undo}
        onUndo={() => run({ kind: "undo" })}
        keyboardHints={!touch}
        saving={saving}
        failed={failed.length}
      />
      <p id={helpId} className="journal__help">
        {touch ? t("journal.grid.helpTouch") : passFail ? t("journal.grid.helpPassFail") : t("journal.grid.help")}
      </p>
      <div className="journal__scroll" ref={scroller}>
        <table
          className="journal__table"
          role="grid"
          aria-label={title}
          aria-describedby={helpId}
          onKeyDown={onKeyDown}
          onFocus={() => (hasFocus.current = true)}
          onBlur={(event) => {
            if (!event.currentTarget.contains(event.relatedTarget as Node | null)) hasFocus.current = false;
          }}
        >
          <JournalHead
            journal={journal}
            labels={labels}
            currentCol={state.cursor.col}
            today={today}
            bulk={bulk}
            onAllPresent={(index) => void markAllPresent(index)}
          />
          <tbody>
            {journal.students.map((student, row) => {
              const average = averages.get(student.id) ?? null;
              return (
                <tr key={student.id}>
                  <th scope="row" className="journal__student">
                    <span className="journal__number">{row + 1}</span>
                    {student.last_name} <span className="journal__first">{student.first_name}</span>
                    <span className="journal__initial" aria-hidden="true">
                      {student.first_name.charAt(0)}.
                    </span>
                  </th>
                  {journal.lessons.map((lesson, col) => {
                    const id = cellKey({ row, col });
                    return (
                      <GridCell
                        key={lesson.id}
                        row={row}
                        col={col}
                        studentId={student.id}
                        lessonId={lesson.id}
                        label={`${studentLabels[row]}, ${labels[col]!.date}`}
                        mark={marks.get(`${student.id}:${lesson.id}`)}
                        status={state.status[id]}
                        active={state.cursor.row === row && state.cursor.col === col}
                        cancelled={lesson.status === "cancelled"}
                        register={registerCell}
                        onFocusCell={focusCell}
                      />
                    );
                  })}
                  <td className="journal__avg">{average === null ? "—" : formatAverage(average, language)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <CellActions
        barRef={barRef}
        cellName={describeCell(state.cursor)}
        values={actionValues}
        status={cursorStatus}
        onRun={(command) => void run(command)}
        onRetry={() => retry(state.cursor)}
        confirmAbsent={
          confirmAbsent?.field === "grade" && confirmAbsent.after !== null
            ? {
                value: confirmAbsent.after,
                onConfirm: () => {
                  setConfirmAbsent(null);
                  hasFocus.current = true;
                  apply({ ...confirmAbsent, absentConfirmed: true }, { advance: true });
                },
                onCancel: () => {
                  setConfirmAbsent(null);
                  cells.current.get(cellKey(state.cursor))?.focus();
                },
              }
            : null
        }
      />

      {failed.length > 0 ? (
        <ul className="journal__errors">
          {failed.map((f) => (
            <li key={cellKey(f.change.cell)}>
              <button type="button" className="jr-link-button" onClick={() => dispatch({ type: "focus", cell: f.change.cell })}>
                {describeCell(f.change.cell)}
              </button>
              : {f.message}{" "}
              <button type="button" className="jr-link-button" onClick={() => retry(f.change.cell)}>
                {t("journal.grid.retry")}
              </button>
            </li>
          ))}
        </ul>
      ) : null}

      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {Object.values(bulk).includes("error") ? <p className="field__error">{t("journal.grid.allPresentFailed")}</p> : null}
      <GradeLegend values={passFail ? ["pass", "fail"] : [5, 4, 3, 2, 1]} />
    </div>
  );
}
