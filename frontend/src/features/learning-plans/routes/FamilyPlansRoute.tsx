import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useNavigate, useParams } from "react-router";

import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { fullName } from "@/lib/format";

import { useCreatePlan, useMyStudents, useStudentPlans, type MyStudent } from "../api/queries";
import { PlanList } from "../components/PlanList";
import "../plans.css";

function RequestForm({ student }: { student: MyStudent }) {
  const { t } = useTranslation();
  const id = useId();
  const navigate = useNavigate();
  const create = useCreatePlan(student.id);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) return setError(t("plans.request.required"));
    create.mutate({ reason: reason.trim() }, { onSuccess: (plan) => navigate(`/learning-plans/${plan.id}`) });
  };
  if (!open) return <Button onClick={() => setOpen(true)}>{t("plans.request.open")}</Button>;
  return (
    <form className="card lp-form" onSubmit={submit} noValidate>
      <div className="field">
        <label className="field__label" htmlFor={id}>{t("plans.request.reason")}</label>
        <p className="field__hint">{t("plans.request.hint")}</p>
        <textarea id={id} className="input" rows={4} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={error ? true : undefined} />
        {error ? <p className="field__error" role="alert">{error}</p> : null}
      </div>
      {create.isError ? <ProblemAlert error={create.error} /> : null}
      <div className="lp-actions">
        <Button type="submit" busy={create.isPending}>{t("plans.request.send")}</Button>
        <Button variant="secondary" onClick={() => setOpen(false)}>{t("plans.cancel")}</Button>
      </div>
    </form>
  );
}

function StudentPlans({ student, students }: { student: MyStudent; students: MyStudent[] }) {
  const { t } = useTranslation();
  const plans = useStudentPlans(student.id);
  return (
    <div className="container page lp-page">
      <PageTitle title={t("plans.title")} />
      <h1>{t("plans.title")}</h1>
      <p className="lp-who">{fullName(student)} · {student.school_class.name}</p>
      {students.length > 1 ? (
        <nav aria-label={t("plans.switchChild")} className="lp-children">
          {students.map((s) => (
            <Link key={s.id} to={`/plans/${s.id}`} aria-current={s.id === student.id ? "page" : undefined} className="lp-children__link">
              {s.first_name}
            </Link>
          ))}
        </nav>
      ) : null}
      <p className="lead">{t("plans.familyLead")}</p>
      {plans.isPending ? <Skeleton width="60%" /> : null}
      {plans.isError ? <ProblemAlert error={plans.error} title={t("plans.loadFailed")} /> : null}
      {plans.data ? <PlanList plans={plans.data.items} /> : null}
      <RequestForm student={student} />
    </div>
  );
}

export default function FamilyPlansRoute() {
  const { t } = useTranslation();
  const { studentId } = useParams();
  const students = useMyStudents();
  if (students.isPending) return <div className="container page"><Skeleton width="30%" height="2rem" /></div>;
  if (students.isError) return <div className="container page"><ProblemAlert error={students.error} title={t("plans.loadFailed")} /></div>;
  const first = students.data[0];
  if (!studentId) {
    if (first) return <Navigate to={`/plans/${first.id}`} replace />;
    return (
      <div className="container page page--narrow">
        <h1>{t("plans.title")}</h1>
        <p className="lead">{t("plans.noChildren")}</p>
      </div>
    );
  }
  const student = students.data.find((s) => s.id === studentId);
  if (!student) return <Navigate to="/plans" replace />;
  return <StudentPlans student={student} students={students.data} />;
}
