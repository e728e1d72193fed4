import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useParams, useSearchParams } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { ApiProblem } from "@/lib/api";
import { useMe } from "@/lib/auth/hooks";
import { currentWeek, parseWeek } from "@/lib/iso-week";
import { keepOfflineWeek } from "@/lib/offline-week";

import { useStudentMeetings } from "../api/meetings";
import { useMyStudents } from "../api/students";
import type { MyStudent } from "../api/types";
import { useHomeworkDone, useWeek } from "../api/week";
import { CalendarFeed } from "../components/CalendarFeed";
import { StudentGate } from "../components/StudentGate";
import { StudentHeader } from "../components/StudentHeader";
import { UpcomingEvents } from "../components/UpcomingEvents";
import { WeekNav } from "../components/WeekNav";
import { WeekSkeleton, WeekView } from "../components/WeekView";
import { ZoneNote } from "../components/ZoneNote";
import { bookedAsEvents, withBookings } from "../lib/meetings";
import "../diary.css";

/** /diary: the first (or only) child's week; a message when no diary is connected yet. */
function ChooseStudent() {
  const { t } = useTranslation();
  const students = useMyStudents();
  const [params] = useSearchParams();
  if (students.isPending) {
    return (
      <div className="container page">
        <h1>{t("diary.title")}</h1>
        <Skeleton width="16rem" height="1.25rem" />
        <WeekSkeleton />
      </div>
    );
  }
  if (students.isError) {
    return (
      <div className="container page">
        <h1>{t("diary.title")}</h1>
        <ProblemAlert error={students.error} title={t("diary.loadFailed")} />
        <Button onClick={() => void students.refetch()}>{t("diary.retry")}</Button>
      </div>
    );
  }
  const first = students.data[0];
  if (!first) {
    return (
      <div className="container page page--narrow">
        <h1>{t("diary.title")}</h1>
        <Alert tone="info" live={false} title={t("diary.noStudentsTitle")}>
          <p>{t("diary.noStudentsText")}</p>
          <Link to="/children">{t("diary.toChildren")}</Link>
        </Alert>
      </div>
    );
  }
  const week = params.get("week");
  return <Navigate to={`/diary/${first.id}${week ? `?week=${encodeURIComponent(week)}` : ""}`} replace />;
}

function Week({ student, students, week }: { student: MyStudent | undefined; students: MyStudent[] | undefined; week: string }) {
  const { t } = useTranslation();
  const { studentId = "" } = useParams();
  const diary = useWeek(studentId, week);
  const done = useHomeworkDone(studentId, week);
  // The child's booked meeting times stand in the week and among the coming events.
  const meetings = useStudentMeetings(studentId, !!student);
  const booked = bookedAsEvents(meetings.data ?? [], (title) => t("diary.meetings.inDiary", { title }));
  const current = currentWeek(diary.data?.timezone);
  const notFound = diary.error instanceof ApiProblem && diary.error.status === 404;
  // The week on screen is the one a reload without a network shows (read-only).
  const me = useMe();
  const accountId = me.data?.id;
  useEffect(() => {
    if (accountId && diary.data) {
      keepOfflineWeek({ accountId, savedAt: new Date(diary.dataUpdatedAt).toISOString(), diary: diary.data });
    }
  }, [accountId, diary.data, diary.dataUpdatedAt]);
  return (
    <div className="container page diary-page">
      <PageTitle title={t("diary.title")} />
      <StudentHeader title={t("diary.title")} students={students} student={student} section="week" />
      <WeekNav basePath={`/diary/${studentId}`} week={week} current={current} />
      {diary.data ? <ZoneNote timeZone={diary.data.timezone} /> : null}
      {done.isError ? <ProblemAlert error={done.error} title={t("diary.doneFailed")} /> : null}
      {student ? <UpcomingEvents studentId={studentId} timeZone={diary.data?.timezone} booked={booked} /> : null}
      {diary.isPending ? (
        <WeekSkeleton />
      ) : diary.isError ? (
        <div className="dy-error">
          <ProblemAlert
            error={diary.error}
            title={notFound ? t("diary.notFoundTitle") : t("diary.loadFailed")}
            message={notFound ? t("diary.notFoundText") : undefined}
          />
          <Button onClick={() => void diary.refetch()}>{t("diary.retry")}</Button>
        </div>
      ) : (
        <WeekView
          diary={{ ...diary.data, events: withBookings(diary.data.events, booked) }}
          canTickHomework={!!student && !student.archived_at}
          onHomeworkDone={(homeworkId, value) => done.mutate({ homeworkId, done: value })}
          readOnly={!!student?.archived_at}
        />
      )}
      <CalendarFeed />
    </div>
  );
}

export default function DiaryRoute() {
  const { studentId } = useParams();
  const [params] = useSearchParams();
  if (!studentId) return <ChooseStudent />;
  const requested = params.get("week");
  const week = parseWeek(requested) ? requested! : currentWeek();
  return (
    <StudentGate studentId={studentId}>
      {(student, students) => <Week student={student} students={students} week={week} />}
    </StudentGate>
  );
}
