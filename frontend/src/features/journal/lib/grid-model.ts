/**
 * The journal grid's keyboard model, free of React and of the network: which key does
 * what, where the cursor goes, each cell's save state, and the undo history.
 *
 * Keys: 1–5 put a grade (of the chosen work type) and move down; «+» / «-» put «зачёт» /
 * «незачёт» in a pass/fail subject; «Н» (or N) marks an absence, again marks presence;
 * Delete or Backspace removes the grade, else the attendance mark; arrows, Enter / Shift+Enter (down/up),
 * Tab / Shift+Tab (right/left, wrapping to the next row), Home / End move; Ctrl+Z undoes.
 */

export type GradeValue = number | "pass" | "fail";
export type AttendanceValue = "present" | "absent" | "late" | "excused";
export type Direction = "up" | "down" | "left" | "right" | "rowStart" | "rowEnd" | "next" | "previous";
export type Assessment = "graded" | "pass_fail";

export interface CellRef {
  row: number;
  col: number;
}

export type Command =
  | { kind: "move"; direction: Direction }
  | { kind: "grade"; value: GradeValue }
  | { kind: "absent" }
  | { kind: "clear" }
  | { kind: "undo" };

export interface KeyInput {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

const ABSENT_KEYS = new Set(["н", "Н", "n", "N"]);

/** What a key press means in the grid; null when the grid leaves it to the browser. */
export function keyCommand(input: KeyInput, assessment: Assessment = "graded"): Command | null {
  const { key, shiftKey = false, ctrlKey = false, metaKey = false, altKey = false } = input;
  if ((ctrlKey || metaKey) && !altKey && (key === "z" || key === "Z" || key === "я" || key === "Я")) {
    return shiftKey ? null : { kind: "undo" };
  }
  if (ctrlKey || metaKey || altKey) return null;
  switch (key) {
    case "ArrowUp":
      return { kind: "move", direction: "up" };
    case "ArrowDown":
      return { kind: "move", direction: "down" };
    case "ArrowLeft":
      return { kind: "move", direction: "left" };
    case "ArrowRight":
      return { kind: "move", direction: "right" };
    case "Enter":
      return { kind: "move", direction: shiftKey ? "up" : "down" };
    case "Tab":
      return { kind: "move", direction: shiftKey ? "previous" : "next" };
    case "Home":
      return { kind: "move", direction: "rowStart" };
    case "End":
      return { kind: "move", direction: "rowEnd" };
    case "Delete":
    case "Backspace":
      return { kind: "clear" };
  }
  if (ABSENT_KEYS.has(key)) return { kind: "absent" };
  if (assessment === "pass_fail") {
    if (key === "+" || key === "=" || key === "з" || key === "З") return { kind: "grade", value: "pass" };
    if (key === "-") return { kind: "grade", value: "fail" };
    return null;
  }
  if (/^[1-5]$/.test(key)) return { kind: "grade", value: Number(key) };
  return null;
}

/** Where the cursor goes; it stops at the edges, Tab wraps to the next or previous row. */
export function moveCursor(cursor: CellRef, direction: Direction, rows: number, cols: number): CellRef {
  if (rows <= 0 || cols <= 0) return { row: 0, col: 0 };
  const clamp = (row: number, col: number): CellRef => ({
    row: Math.min(Math.max(row, 0), rows - 1),
    col: Math.min(Math.max(col, 0), cols - 1),
  });
  const { row, col } = cursor;
  switch (direction) {
    case "up":
      return clamp(row - 1, col);
    case "down":
      return clamp(row + 1, col);
    case "left":
      return clamp(row, col - 1);
    case "right":
      return clamp(row, col + 1);
    case "rowStart":
      return clamp(row, 0);
    case "rowEnd":
      return clamp(row, cols - 1);
    case "next":
      if (col < cols - 1) return clamp(row, col + 1);
      return row < rows - 1 ? clamp(row + 1, 0) : clamp(row, col);
    case "previous":
      if (col > 0) return clamp(row, col - 1);
      return row > 0 ? clamp(row - 1, cols - 1) : clamp(row, col);
  }
}

/** One edit of one cell: a grade of a work type, or the attendance mark. */
export type Change =
  | {
      id: number;
      cell: CellRef;
      field: "grade";
      workType: string;
      before: GradeValue | null;
      after: GradeValue | null;
      /** The pupil is marked «Н» and the teacher confirmed the grade (work handed in later). */
      absentConfirmed?: boolean;
    }
  | {
      id: number;
      cell: CellRef;
      field: "attendance";
      before: AttendanceValue | null;
      after: AttendanceValue | null;
    };

/** A change without its id: what the grid asks for before the reducer numbers it. */
export type ChangeRequest = Change extends infer C ? (C extends Change ? Omit<C, "id"> : never) : never;

export type CellStatus =
  | { state: "saving"; change: Change }
  | { state: "saved"; change: Change }
  | { state: "error"; change: Change; message: string };

export interface GridState {
  rows: number;
  cols: number;
  cursor: CellRef;
  /** Save state per cell, keyed "row:col". */
  status: Record<string, CellStatus>;
  /** Changes that can be undone, oldest first. */
  history: Change[];
}

export const HISTORY_LIMIT = 50;

export function cellKey({ row, col }: CellRef): string {
  return `${row}:${col}`;
}

export function initialGridState(rows: number, cols: number, cursor: CellRef = { row: 0, col: 0 }): GridState {
  return { rows, cols, cursor: clampCursor(cursor, rows, cols), status: {}, history: [] };
}

function clampCursor(cursor: CellRef, rows: number, cols: number): CellRef {
  return {
    row: Math.min(Math.max(cursor.row, 0), Math.max(rows - 1, 0)),
    col: Math.min(Math.max(cursor.col, 0), Math.max(cols - 1, 0)),
  };
}

/**
 * What a command does to a cell holding `current`: the change to save, or null when
 * nothing would change (a «5» over a «5», Delete on an empty cell).
 */
export function changeFor(
  command: Command,
  cell: CellRef,
  current: { grade: GradeValue | null; attendance: AttendanceValue | null },
  workType: string,
): ChangeRequest | null {
  switch (command.kind) {
    case "grade":
      if (current.grade === command.value) return null;
      return { cell, field: "grade", workType, before: current.grade, after: command.value };
    case "absent": {
      const after: AttendanceValue = current.attendance === "absent" ? "present" : "absent";
      return { cell, field: "attendance", before: current.attendance, after };
    }
    case "clear":
      if (current.grade !== null) {
        return { cell, field: "grade", workType, before: current.grade, after: null };
      }
      // The mark goes altogether (DELETE), as if never set: a mistaken «Н» leaves no trace.
      if (current.attendance !== null && current.attendance !== "present") {
        return { cell, field: "attendance", before: current.attendance, after: null };
      }
      return null;
    default:
      return null;
  }
}

/** «Н» with or without a reason: a grade then waits for the teacher's confirmation. */
export function isAbsence(status: AttendanceValue | null): boolean {
  return status === "absent" || status === "excused";
}

/** The change that takes `change` back. */
export function inverse(change: Change): ChangeRequest {
  if (change.field === "grade") {
    return {
      cell: change.cell,
      field: "grade",
      workType: change.workType,
      before: change.after,
      after: change.before,
      absentConfirmed: change.absentConfirmed,
    };
  }
  return { cell: change.cell, field: "attendance", before: change.after, after: change.before };
}

export type GridAction =
  | { type: "resize"; rows: number; cols: number }
  | { type: "move"; direction: Direction }
  | { type: "focus"; cell: CellRef }
  /**
   * Start saving a change (ids come from the caller, which sends it). `advance` moves
   * the cursor down, as after a typed grade; `undo` marks the inverse of the last
   * change, which leaves the history instead of joining it.
   */
  | { type: "apply"; change: Change; advance?: boolean; undo?: boolean }
  | { type: "retry"; cell: CellRef }
  | { type: "saved"; id: number; cell: CellRef }
  | { type: "failed"; id: number; cell: CellRef; message: string }
  /** A saved state fades: the cell goes back to plain. */
  | { type: "settle"; id: number; cell: CellRef };

export function gridReducer(state: GridState, action: GridAction): GridState {
  switch (action.type) {
    case "resize":
      return { ...state, rows: action.rows, cols: action.cols, cursor: clampCursor(state.cursor, action.rows, action.cols) };
    case "move":
      return { ...state, cursor: moveCursor(state.cursor, action.direction, state.rows, state.cols) };
    case "focus":
      return { ...state, cursor: clampCursor(action.cell, state.rows, state.cols) };
    case "apply": {
      const { change } = action;
      const history = action.undo
        ? state.history.slice(0, -1)
        : [...state.history, change].slice(-HISTORY_LIMIT);
      let cursor = state.cursor;
      if (action.undo) cursor = change.cell;
      else if (action.advance) cursor = moveCursor(change.cell, "down", state.rows, state.cols);
      return {
        ...state,
        history,
        cursor,
        status: { ...state.status, [cellKey(change.cell)]: { state: "saving", change } },
      };
    }
    case "retry": {
      const key = cellKey(action.cell);
      const current = state.status[key];
      if (current?.state !== "error") return state;
      return { ...state, status: { ...state.status, [key]: { state: "saving", change: current.change } } };
    }
    case "saved":
    case "failed":
    case "settle": {
      const key = cellKey(action.cell);
      const current = state.status[key];
      // A newer change of the same cell owns its state now.
      if (!current || current.change.id !== action.id) return state;
      if (action.type === "settle") {
        if (current.state !== "saved") return state;
        const { [key]: _gone, ...rest } = state.status;
        return { ...state, status: rest };
      }
      if (action.type === "saved") {
        return { ...state, status: { ...state.status, [key]: { state: "saved", change: current.change } } };
      }
      // A change that did not happen cannot be undone; «Повторить» applies it anew.
      return {
        ...state,
        history: state.history.filter((c) => c.id !== action.id),
        status: { ...state.status, [key]: { state: "error", change: current.change, message: action.message } },
      };
    }
  }
}

/** What undo will send: the inverse of the last change, or null with nothing to undo. */
export function pendingUndo(state: GridState): ChangeRequest | null {
  const last = state.history.at(-1);
  return last ? inverse(last) : null;
}
