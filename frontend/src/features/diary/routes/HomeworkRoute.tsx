import { useId } from "react";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router";

import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { formatDate } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";
import { addDays, todayIn } from "@/lib/iso-week";

import { useStudentHomework, useToggleHomework, type DateRange } from "../api/homework";
import type { MyStudent } from "../api/types";
import { StudentGate } from "../components/StudentGate";
import { HomeworkThread } from "../components/HomeworkThread";
import { StudentHeader } from "../components/StudentHeader";
import "../diary.css";
import { AttachmentLinks } from "@/components/ui/AttachmentLinks";

type Show = "upcoming" | "past" | "all";

function rangeFor(show: Show, today: string): DateRange {
  if (show === "upcoming") return { from: today, order: "soonest" };
  if (show === "past") return { to: addDays(today, -1) };
  return {};
}

function Homework({ student, students }: { student: MyStudent | undefined; students: MyStudent[] | undefined }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { studentId = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const showId = useId();
  const raw = params.get("show");
  const show: Show = raw === "past" || raw === "all" ? raw : "upcoming";
  const today = todayIn();
  const homework = useStudentHomework(studentId, rangeFor(show, today));
  const toggle = useToggleHomework(studentId);

  return (
    <div className="container page diary-page">
      <PageTitle title={t("diary.homework.title")} />
      <StudentHeader title={t("diary.homework.title")} students={students} student={student} section="homework" />
      <div className="dy-filters">
        <div className="field">
          <label className="field__label" htmlFor={showId}>{t("diary.homework.show")}</label>
          <select className="input select"
            id={showId}
            value={show}
            onChange={(e) => setParams(e.target.value === "upcoming" ? {} : { show: e.target.value }, { replace: true })}
          >
            <option value="upcoming">{t("diary.homework.upcoming")}</option>
            <option value="past">{t("diary.homework.past")}</option>
            <option value="all">{t("diary.homework.all")}</option>
          </select>
        </div>
      </div>
      {toggle.isError ? <ProblemAlert error={toggle.error} title={t("diary.doneFailed")} /> : null}
      {homework.isPending ? (
        <div role="status" aria-busy="true">
          <span className="visually-hidden">{t("diary.loading")}</span>
          {Array.from({ length: 3 }, (_, i) => (
            <div key={i} className="card dy-record" aria-hidden="true">
              <Skeleton width="1.25rem" height="1.25rem" />
              <Skeleton width="70%" />
            </div>
          ))}
        </div>
      ) : homework.isError ? (
        <div className="dy-error">
          <ProblemAlert error={homework.error} title={t("diary.loadFailed")} />
          <Button onClick={() => void homework.refetch()}>{t("diary.retry")}</Button>
        </div>
      ) : homework.data.items.length === 0 ? (
        <div className="card dy-empty">
          <p className="dy-empty__title">{t("diary.homework.empty")}</p>
        </div>
      ) : (
        <ul className="dy-records">
          {homework.data.items.map((h) => {
            const overdue = !h.done && h.due_date < today;
            return (
              <li key={h.id} className="card dy-record">
                <label className="dy-check homework__done" aria-label={t("diary.homework.doneFor", { subject: h.subject.name, date: formatDate(h.due_date, { locale: language }) })}>
                  <input
                    type="checkbox"
                    checked={h.done}
                    disabled={toggle.isPending && toggle.variables?.homeworkId === h.id}
                    onChange={(e) => toggle.mutate({ homeworkId: h.id, done: e.target.checked })}
                  />
                </label>
                <div className="dy-record__main">
                  <p className="dy-record__title">
                    {h.subject.name}{" "}
                    {h.done ? (
                      <span className="dy-pill dy-pill--ok">{t("diary.doneFlag")}</span>
                    ) : overdue ? (
                      <span className="dy-pill dy-pill--bad">{t("diary.homework.overdue")}</span>
                    ) : null}
                  </p>
                  <p className="dy-record__meta">
                    {t("diary.homework.due", { date: formatDate(h.due_date, { locale: language }) })} ·{" "}
                    {t("diary.homework.given", { date: formatDate(h.lesson_date, { locale: language }) })}
                  </p>
                  <p className="lesson__line">{h.text}</p>
                  <AttachmentLinks items={h.attachments} className="homework__files" />
                  <p className="dy-record__meta">{h.teacher.name}</p>
                  <HomeworkThread studentId={studentId} homeworkId={h.id} count={h.comments} />
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

export default function HomeworkRoute() {
  const { studentId = "" } = useParams();
  return (
    <StudentGate studentId={studentId}>
      {(student, students) => <Homework student={student} students={students} />}
    </StudentGate>
  );
}
