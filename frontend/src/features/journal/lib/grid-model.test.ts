import { describe, expect, it } from "vitest";

import {
  changeFor,
  gridReducer,
  initialGridState,
  inverse,
  keyCommand,
  moveCursor,
  pendingUndo,
  type Change,
  type GridState,
} from "./grid-model";

const EMPTY = { grade: null, attendance: null };

describe("keys of the journal grid", () => {
  it("turns digits 1–5 into grades and ignores other digits", () => {
    expect(keyCommand({ key: "5" })).toEqual({ kind: "grade", value: 5 });
    expect(keyCommand({ key: "1" })).toEqual({ kind: "grade", value: 1 });
    expect(keyCommand({ key: "0" })).toBeNull();
    expect(keyCommand({ key: "6" })).toBeNull();
  });

  it("marks an absence with «Н» in either layout", () => {
    for (const key of ["н", "Н", "n", "N"]) expect(keyCommand({ key })).toEqual({ kind: "absent" });
  });

  it("takes «+» and «-» as зачёт / незачёт in a pass/fail subject, and no digits there", () => {
    expect(keyCommand({ key: "+" }, "pass_fail")).toEqual({ kind: "grade", value: "pass" });
    expect(keyCommand({ key: "з" }, "pass_fail")).toEqual({ kind: "grade", value: "pass" });
    expect(keyCommand({ key: "-" }, "pass_fail")).toEqual({ kind: "grade", value: "fail" });
    expect(keyCommand({ key: "5" }, "pass_fail")).toBeNull();
    expect(keyCommand({ key: "+" }, "graded")).toBeNull();
  });

  it("moves with arrows, Enter, Tab and Home/End", () => {
    expect(keyCommand({ key: "ArrowUp" })).toEqual({ kind: "move", direction: "up" });
    expect(keyCommand({ key: "Enter" })).toEqual({ kind: "move", direction: "down" });
    expect(keyCommand({ key: "Enter", shiftKey: true })).toEqual({ kind: "move", direction: "up" });
    expect(keyCommand({ key: "Tab" })).toEqual({ kind: "move", direction: "next" });
    expect(keyCommand({ key: "Tab", shiftKey: true })).toEqual({ kind: "move", direction: "previous" });
    expect(keyCommand({ key: "End" })).toEqual({ kind: "move", direction: "rowEnd" });
  });

  it("clears with Delete or Backspace and undoes with Ctrl+Z (Cmd+Z, Russian layout too)", () => {
    expect(keyCommand({ key: "Delete" })).toEqual({ kind: "clear" });
    expect(keyCommand({ key: "Backspace" })).toEqual({ kind: "clear" });
    expect(keyCommand({ key: "z", ctrlKey: true })).toEqual({ kind: "undo" });
    expect(keyCommand({ key: "я", metaKey: true })).toEqual({ kind: "undo" });
    expect(keyCommand({ key: "z", ctrlKey: true, shiftKey: true })).toBeNull();
    expect(keyCommand({ key: "5", ctrlKey: true })).toBeNull();
    expect(keyCommand({ key: "c", ctrlKey: true })).toBeNull();
  });
});

describe("the cursor", () => {
  it("stops at the edges", () => {
    expect(moveCursor({ row: 0, col: 0 }, "up", 3, 4)).toEqual({ row: 0, col: 0 });
    expect(moveCursor({ row: 2, col: 3 }, "down", 3, 4)).toEqual({ row: 2, col: 3 });
    expect(moveCursor({ row: 2, col: 3 }, "right", 3, 4)).toEqual({ row: 2, col: 3 });
    expect(moveCursor({ row: 1, col: 1 }, "rowEnd", 3, 4)).toEqual({ row: 1, col: 3 });
    expect(moveCursor({ row: 1, col: 2 }, "rowStart", 3, 4)).toEqual({ row: 1, col: 0 });
  });

  it("wraps Tab to the next row and Shift+Tab to the previous one", () => {
    expect(moveCursor({ row: 0, col: 3 }, "next", 3, 4)).toEqual({ row: 1, col: 0 });
    expect(moveCursor({ row: 1, col: 0 }, "previous", 3, 4)).toEqual({ row: 0, col: 3 });
    expect(moveCursor({ row: 2, col: 3 }, "next", 3, 4)).toEqual({ row: 2, col: 3 });
    expect(moveCursor({ row: 0, col: 0 }, "previous", 3, 4)).toEqual({ row: 0, col: 0 });
  });

  it("survives an empty grid", () => {
    expect(moveCursor({ row: 0, col: 0 }, "down", 0, 0)).toEqual({ row: 0, col: 0 });
  });
});

describe("what a command changes", () => {
  const cell = { row: 1, col: 2 };

  it("puts a grade of the chosen work type, nothing when it is already there", () => {
    expect(changeFor({ kind: "grade", value: 4 }, cell, EMPTY, "answer")).toEqual({
      cell,
      field: "grade",
      workType: "answer",
      before: null,
      after: 4,
    });
    expect(changeFor({ kind: "grade", value: 4 }, cell, { grade: 4, attendance: null }, "answer")).toBeNull();
  });

  it("toggles an absence", () => {
    expect(changeFor({ kind: "absent" }, cell, EMPTY, "answer")).toMatchObject({
      field: "attendance",
      before: null,
      after: "absent",
    });
    expect(changeFor({ kind: "absent" }, cell, { grade: null, attendance: "absent" }, "answer")).toMatchObject({
      field: "attendance",
      before: "absent",
      after: "present",
    });
  });

  it("undoes a cleared mark by putting it back, and a first «Н» by clearing it", () => {
    const cleared = changeFor({ kind: "clear" }, cell, { grade: null, attendance: "absent" }, "test");
    expect(cleared && inverse({ ...cleared, id: 1 } as Change)).toMatchObject({ field: "attendance", before: null, after: "absent" });
    const marked = changeFor({ kind: "absent" }, cell, EMPTY, "test");
    expect(marked && inverse({ ...marked, id: 2 } as Change)).toMatchObject({ field: "attendance", before: "absent", after: null });
  });

  it("clears the grade first, then the absence, then nothing", () => {
    expect(changeFor({ kind: "clear" }, cell, { grade: 3, attendance: "absent" }, "test")).toMatchObject({
      field: "grade",
      workType: "test",
      before: 3,
      after: null,
    });
    expect(changeFor({ kind: "clear" }, cell, { grade: null, attendance: "late" }, "test")).toMatchObject({
      field: "attendance",
      before: "late",
      after: null,
    });
    expect(changeFor({ kind: "clear" }, cell, { grade: null, attendance: "present" }, "test")).toBeNull();
    expect(changeFor({ kind: "clear" }, cell, EMPTY, "test")).toBeNull();
  });
});

function apply(state: GridState, change: Change, options: { advance?: boolean; undo?: boolean } = {}) {
  return gridReducer(state, { type: "apply", change, ...options });
}

describe("saving, errors and undo", () => {
  const grade = (id: number, row: number, before: number | null, after: number | null): Change => ({
    id,
    cell: { row, col: 0 },
    field: "grade",
    workType: "answer",
    before,
    after,
  });

  it("shows saving, then saved, then plain; the cursor moves down after a typed grade", () => {
    let state = initialGridState(3, 2);
    state = apply(state, grade(1, 0, null, 5), { advance: true });
    expect(state.status["0:0"]).toMatchObject({ state: "saving" });
    expect(state.cursor).toEqual({ row: 1, col: 0 });

    state = gridReducer(state, { type: "saved", id: 1, cell: { row: 0, col: 0 } });
    expect(state.status["0:0"]).toMatchObject({ state: "saved" });

    state = gridReducer(state, { type: "settle", id: 1, cell: { row: 0, col: 0 } });
    expect(state.status["0:0"]).toBeUndefined();
  });

  it("keeps a server error on the cell until a retry, and ignores answers to older changes", () => {
    let state = initialGridState(3, 2);
    state = apply(state, grade(1, 0, null, 5));
    state = apply(state, grade(2, 0, 5, 4));
    state = gridReducer(state, { type: "saved", id: 1, cell: { row: 0, col: 0 } });
    expect(state.status["0:0"]).toMatchObject({ state: "saving", change: { id: 2 } });

    state = gridReducer(state, { type: "failed", id: 2, cell: { row: 0, col: 0 }, message: "Урок отменён" });
    expect(state.status["0:0"]).toMatchObject({ state: "error", message: "Урок отменён" });

    state = gridReducer(state, { type: "retry", cell: { row: 0, col: 0 } });
    expect(state.status["0:0"]).toMatchObject({ state: "saving", change: { id: 2 } });
  });

  it("undoes the last change by sending its inverse, and forgets it", () => {
    let state = initialGridState(3, 2, { row: 2, col: 1 });
    state = apply(state, grade(1, 0, null, 5));
    state = apply(state, grade(2, 1, 3, 4));
    expect(pendingUndo(state)).toEqual({ cell: { row: 1, col: 0 }, field: "grade", workType: "answer", before: 4, after: 3 });

    const undo = { ...pendingUndo(state)!, id: 3 } as Change;
    state = apply(state, undo, { undo: true });
    expect(state.history.map((c) => c.id)).toEqual([1]);
    expect(state.cursor).toEqual({ row: 1, col: 0 });
    expect(state.status["1:0"]).toMatchObject({ state: "saving", change: { id: 3, after: 3 } });

    expect(pendingUndo(state)).toMatchObject({ before: 5, after: null });
    state = apply(state, { ...pendingUndo(state)!, id: 4 } as Change, { undo: true });
    expect(pendingUndo(state)).toBeNull();
  });

  it("inverts attendance changes too", () => {
    const change: Change = { id: 1, cell: { row: 0, col: 1 }, field: "attendance", before: null, after: "absent" };
    expect(inverse(change)).toEqual({ cell: { row: 0, col: 1 }, field: "attendance", before: "absent", after: null });
  });

  it("keeps the cursor inside the grid when it shrinks", () => {
    let state = initialGridState(5, 5, { row: 4, col: 4 });
    state = gridReducer(state, { type: "resize", rows: 2, cols: 3 });
    expect(state.cursor).toEqual({ row: 1, col: 2 });
    state = gridReducer(state, { type: "focus", cell: { row: 9, col: -1 } });
    expect(state.cursor).toEqual({ row: 1, col: 0 });
  });
});

describe("a failed save", () => {
  it("leaves the undo history, so undo does not send the inverse of what never happened", () => {
    let state = initialGridState(2, 2);
    const first: Change = { id: 1, cell: { row: 0, col: 0 }, field: "grade", workType: "answer", before: null, after: 5 };
    const second: Change = { id: 2, cell: { row: 1, col: 0 }, field: "grade", workType: "answer", before: null, after: 7 };
    state = gridReducer(state, { type: "apply", change: first });
    state = gridReducer(state, { type: "apply", change: second });
    state = gridReducer(state, { type: "failed", id: 2, cell: second.cell, message: "Оценка — целое число от 1 до 5" });
    expect(state.history.map((c) => c.id)).toEqual([1]);
    expect(pendingUndo(state)).toMatchObject({ cell: { row: 0, col: 0 }, after: null });
  });
});
