import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";

import { AttendanceBadge, GradeBadge } from "@/components/ui/GradeBadge";
import { formatTime } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import type { DiaryLesson } from "../api/types";
import { lessonChange } from "../lib/lesson-change";
import { writeToTeacher } from "../lib/write-to-teacher";
import { DueHomework } from "./DueHomework";

export interface LessonItemProps {
  lesson: DiaryLesson;
  timeZone: string;
  /** Students and parents may tick homework as done. */
  canTickHomework: boolean;
  onHomeworkDone?: (homeworkId: string, done: boolean) => void;
  /** False for a pupil who left the school: the family reads, writes nothing. */
  canWrite?: boolean;
}

export function LessonItem({ lesson, timeZone, canTickHomework, onHomeworkDone, canWrite = true }: LessonItemProps) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const headingId = useId();
  const { studentId } = useParams();
  const cancelled = lesson.status === "cancelled";
  const moved = lesson.status === "moved";
  const change = lessonChange(lesson, t, timeZone, locale);
  const time = `${formatTime(lesson.starts_at, { timeZone, locale })}–${formatTime(lesson.ends_at, { timeZone, locale })}`;
  return (
    <li className={`lesson${cancelled ? " lesson--cancelled" : ""}${moved ? " lesson--moved" : ""}`}>
      <div className="lesson__meta">
        <span className="lesson__number" aria-hidden="true">
          {lesson.number}
        </span>
        <span className="visually-hidden">{t("diary.lessonNumber", { number: lesson.number })},</span>
        <span className="lesson__time">
          <span className="visually-hidden">{t("diary.time")} </span>
          {cancelled ? <s>{time}</s> : time}
        </span>
        {lesson.room ? <span className="lesson__room">{t("diary.room", { room: lesson.room })}</span> : null}
      </div>
      <div className="lesson__head">
        <h3 className="lesson__subject" id={headingId}>
          {/* <s>: struck through for the eye; the flag says it in words for everyone. */}
          <span className="lesson__subject-name">{cancelled ? <s>{lesson.subject.name}</s> : lesson.subject.name}</span>
          {change.flag ? (
            <span className={`lesson-flag lesson-flag--${change.flag.kind}`}>{change.flag.text}</span>
          ) : null}
          {lesson.planned_work && !cancelled ? (
            <span className="lesson-flag lesson-flag--planned">{lesson.planned_work.name}</span>
          ) : null}
        </h3>
        {lesson.grades.length > 0 || (lesson.attendance && lesson.attendance.status !== "present") ? (
          <div className="lesson__marks">
            {lesson.attendance ? (
              <AttendanceBadge
                status={lesson.attendance.status}
                minutesLate={lesson.attendance.minutes_late}
                reason={lesson.attendance.reason}
              />
            ) : null}
            {lesson.grades.map((grade) => (
              <GradeBadge key={grade.id} value={grade.value} workType={grade.work_type} comment={grade.comment} align="end" />
            ))}
          </div>
        ) : null}
      </div>
      {change.substitute ? (
        <p className="lesson__line lesson__substitute" title={lesson.substitute_teacher?.name}>
          {change.substitute}
        </p>
      ) : null}
      {change.note ? (
        <p className="lesson__line lesson__note">
          <span className="visually-hidden">{t("diary.change.note")} </span>
          {change.note}
        </p>
      ) : null}
      {lesson.topic ? (
        <p className="lesson__line">
          <span className="lesson__label">{t("diary.topic")}</span> {lesson.topic}
        </p>
      ) : null}
      {lesson.homework.map((homework) => (
        <DueHomework key={homework.id} homework={homework} canTick={canTickHomework} onDone={onHomeworkDone} />
      ))}
      {studentId && canWrite ? (
        <p className="lesson__line lesson__write">
          <Link to={writeToTeacher(studentId, lesson.teacher.id, lesson.subject.name)}>{t("messaging.writeTeacher")}</Link>
        </p>
      ) : null}
    </li>
  );
}
