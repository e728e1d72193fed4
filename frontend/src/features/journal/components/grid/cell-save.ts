import { clearAttendance, deleteGrade, markAttendance, recordGrades } from "../../api/mutations";
import type { Journal, JournalMark, RosterStudent, WorkType } from "../../api/types";
import type { Change } from "../../lib/grid-model";
import { gradeOfType, setAttendance, setGrade } from "../../lib/journal-cache";

/** What one cell's change needs: where it is, what was there, and the journal cache. */
export interface CellSaveContext {
  change: Change;
  student: RosterStudent;
  lesson: { id: string };
  mark: JournalMark | undefined;
  workTypes: WorkType[];
  workType: WorkType | undefined;
  updateJournal: (update: (j: Journal) => Journal) => void;
  /** The journal as cached now (not as rendered): ids of grades saved meanwhile. */
  currentJournal: () => Journal | undefined;
}

/**
 * A cell change as the grid saves it: shown at once in the cache, `send` puts it on the
 * server, `revert` takes the shown change back when the server refuses it.
 */
export function cellSave({ change, student, lesson, mark, workTypes, workType, updateJournal, currentJournal }: CellSaveContext):
  | { send: () => Promise<void>; revert: () => void }
  | null {
  let send: () => Promise<void>;
  let revert: () => void;
  if (change.field === "grade") {
    const type = workTypes.find((w) => w.code === change.workType) ?? workType;
    if (!type) return null;
    const ref = { code: type.code, name: type.name, weight: type.weight };
    const before = gradeOfType(mark, type.code);
    updateJournal((j) =>
      setGrade(j, student.id, lesson.id, ref, change.after === null ? null : { id: `pending-${change.id}`, value: change.after }),
    );
    revert = () =>
      updateJournal((j) => setGrade(j, student.id, lesson.id, ref, before ? { id: before.id, value: before.value, comment: before.comment } : null));
    send = async () => {
      if (change.after !== null) {
        const [saved] = await recordGrades(lesson.id, [
          { student_id: student.id, value: change.after, work_type: type.code, absent_confirmed: change.absentConfirmed ?? false },
        ]);
        if (saved) {
          updateJournal((j) => setGrade(j, student.id, lesson.id, saved.work_type, { id: saved.id, value: saved.value, comment: saved.comment }));
        }
      } else {
        // The id as it is now: a grade typed a moment ago has its real id by the time its turn comes.
        const current = currentJournal();
        const existing = current && gradeOfType(current.marks.find((m) => m.student_id === student.id && m.lesson_id === lesson.id), type.code);
        const gradeId = before?.id && !before.id.startsWith("pending-") ? before.id : existing?.id;
        if (gradeId && !gradeId.startsWith("pending-")) await deleteGrade(gradeId);
      }
    };
  } else {
    const before = mark?.attendance ?? null;
    const status = change.after;
    updateJournal((j) => setAttendance(j, student.id, lesson.id, status ? { status, minutes_late: null, reason: null } : null));
    revert = () => updateJournal((j) => setAttendance(j, student.id, lesson.id, before));
    send = async () => {
      // No status: the mark is removed (Delete, or undoing a first «Н»), not set to present.
      if (status === null) return clearAttendance(lesson.id, student.id);
      const saved = await markAttendance(lesson.id, [{ student_id: student.id, status }]);
      const mine = saved.find((m) => m.student_id === student.id);
      if (mine) {
        updateJournal((j) =>
          setAttendance(j, student.id, lesson.id, { status: mine.status, minutes_late: mine.minutes_late, reason: mine.reason }),
        );
      }
    };
  }
  return { send, revert };
}
