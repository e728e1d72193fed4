import type { Diary, MyStudent } from "../api/types";

export const STUDENT_ID = "5cc6adb2-83d6-4419-ae52-cd986d812e74";

export const STUDENT: MyStudent = {
  id: STUDENT_ID,
  last_name: "Фёдоров",
  first_name: "Михаил",
  middle_name: null,
  school_class: { id: "c1", name: "9-Б" },
  school: { id: "s1", name: "Лицей № 41" },
  relation: "guardian",
};

const lesson = (n: number, subject: string, extra: Partial<Diary["days"][number]["lessons"][number]> = {}) => ({
  id: `lesson-${n}-${subject}`,
  number: n,
  subject: { id: `subj-${subject}`, name: subject },
  starts_at: `2026-11-23T${String(7 + n).padStart(2, "0")}:30:00+10:00`,
  ends_at: `2026-11-23T${String(8 + n).padStart(2, "0")}:15:00+10:00`,
  teacher: { id: "t1", name: "Соколова Анна Викторовна" },
  substitute_teacher: null,
  room: "214",
  topic: null,
  status: "scheduled" as Diary["days"][number]["lessons"][number]["status"],
  change_note: null,
  original_date: null,
  original_starts_at: null,
  homework: [],
  grades: [],
  attendance: null,
  planned_work: null,
  ...extra,
});

/**
 * A Vladivostok week: algebra graded 5 (контрольная, вес 2), «Н» in history, a cancelled
 * PE lesson with the school's note, chemistry moved from Wednesday with a substitute.
 */
export const DIARY: Diary = {
  student: { ...STUDENT, middle_name: null },
  week: "2026-W48",
  timezone: "Asia/Vladivostok",
  days: ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29"].map((date, i) => ({
    date,
    // Saturday has no lessons, only a project due that day.
    homework:
      i === 5
        ? [
            {
              id: "h2",
              subject: { id: "s2", name: "Технология" },
              text: "Принести проект",
              due_date: "2026-11-28",
              set_on: "2026-11-24",
              attachments: [],
              done: false,
            },
          ]
        : [],
    lessons:
      i === 0
        ? [
            lesson(1, "Алгебра", {
              topic: "Квадратные уравнения",
              grades: [{ id: "g1", value: 5, work_type: { code: "test", name: "Контрольная работа", weight: 2 }, comment: null }],
              homework: [
                {
                  id: "h1",
                  subject: { id: "s1", name: "Алгебра" },
                  text: "§ 12, № 214–216",
                  due_date: "2026-11-23",
                  set_on: "2026-11-20",
                  attachments: [],
                  done: false,
                },
              ],
            }),
            lesson(2, "История", { attendance: { status: "absent", minutes_late: null, reason: null } }),
            lesson(3, "Физкультура", { status: "cancelled", change_note: "Спортзал на ремонте" }),
            lesson(4, "Химия", {
              status: "moved",
              original_date: "2026-11-25",
              original_starts_at: "2026-11-25T11:30:00+10:00",
              substitute_teacher: { id: "t2", name: "Орлова Нина Петровна" },
            }),
          ]
        : [],
  })),
  events: [
    {
      id: "e1",
      school_id: "s1",
      class_ids: ["c1"],
      kind: "test",
      title: "Контрольная работа: Алгебра",
      starts_at: "2026-11-26T08:30:00+10:00",
      ends_at: "2026-11-26T09:15:00+10:00",
      all_day: false,
      place: "214",
      description: null,
      lesson_id: "lesson-1-Алгебра",
      subject: { id: "subj-Алгебра", name: "Алгебра" },
    },
  ],
};
