import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { Button } from "@/components/ui/Button";
import { ProblemAlert } from "@/components/ui/ProblemAlert";

import { useMyStudents } from "../api/students";
import type { MyStudent } from "../api/types";

/**
 * Resolves `studentId` among the caller's students: renders `children(student, students)`
 * once known; while loading, `children(undefined, undefined)` (pages show skeletons);
 * an unknown id or a failed request get a message that says what to do.
 */
export function StudentGate({
  studentId,
  children,
}: {
  studentId: string;
  children: (student: MyStudent | undefined, students: MyStudent[] | undefined) => ReactNode;
}) {
  const { t } = useTranslation();
  const students = useMyStudents();
  if (students.isError) {
    return (
      <div className="container page">
        <ProblemAlert error={students.error} title={t("diary.loadFailed")} />
        <Button onClick={() => void students.refetch()}>{t("diary.retry")}</Button>
      </div>
    );
  }
  if (students.isPending) return <>{children(undefined, undefined)}</>;
  const student = students.data.find((s) => s.id === studentId);
  if (!student) {
    return (
      <div className="container page page--narrow">
        <h1>{t("diary.notFoundTitle")}</h1>
        <p className="lead">{t("diary.notFoundText")}</p>
        <Link to="/diary" className="button button--primary">
          {t("diary.toDiary")}
        </Link>
      </div>
    );
  }
  return <>{children(student, students.data)}</>;
}
