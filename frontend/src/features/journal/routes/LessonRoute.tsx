import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { ApiProblem } from "@/lib/api";
import { formatDate } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";
import { addDays } from "@/lib/iso-week";
import { formatOffset, offsetOfInstant, zoneOffsetMinutes } from "@/lib/school-time";

import { journalQuery, useJournal, useLesson, useSubjects, useWorkTypes } from "../api/queries";
import type { Journal } from "../api/types";
import { AttendanceForm } from "../components/lesson/AttendanceForm";
import { GradesForm } from "../components/lesson/GradesForm";
import { HomeworkForm } from "../components/lesson/HomeworkForm";
import { PlannedWorkForm } from "../components/lesson/PlannedWorkForm";
import { TopicForm } from "../components/lesson/TopicForm";
import "../journal.css";

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
        <PlannedWorkForm lesson={data} />
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
