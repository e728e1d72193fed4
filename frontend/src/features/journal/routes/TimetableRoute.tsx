import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { api, ApiProblem, unwrap } from "@/lib/api";
import { useMe } from "@/lib/auth/hooks";

import { useAcademicYears, useAssignments, useSubjects } from "../api/queries";
import type { Bell, SchoolClass, Slot, SlotIn, Teacher } from "../api/types";
import { SchoolHolidays } from "../components/SchoolHolidays";
import { currentTerm } from "../lib/periods";
import "../journal.css";

const WEEKDAYS = [1, 2, 3, 4, 5, 6] as const;

type Draft = Record<string, { subject: string; teacher: string; room: string }>;

const slotKey = (weekday: number, number: number) => `${weekday}:${number}`;

function draftOf(slots: Slot[]): Draft {
  const draft: Draft = {};
  for (const s of slots) draft[slotKey(s.weekday, s.number)] = { subject: s.subject.id, teacher: s.teacher.id, room: s.room ?? "" };
  return draft;
}

function weekdayName(weekday: number, locale: string): string {
  // 2024-01-01 was a Monday.
  return new Intl.DateTimeFormat(locale, { weekday: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, weekday)));
}

/** The school administration's weekly timetable of a class for a term, and lessons made from it. */
export default function TimetableRoute() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const ids = { cls: useId(), term: useId() };
  const me = useMe();
  const schoolId = me.data?.school_id ?? null;
  const years = useAcademicYears();
  const subjects = useSubjects();
  const assignments = useAssignments(undefined);
  const classes = useQuery({
    queryKey: ["journal", "classes", schoolId],
    enabled: !!schoolId,
    queryFn: async ({ signal }): Promise<SchoolClass[]> =>
      unwrap(await api.GET("/api/v1/schools/{school_id}/classes", { params: { path: { school_id: schoolId! } }, signal })),
  });
  const teachers = useQuery({
    queryKey: ["journal", "teachers"],
    queryFn: async ({ signal }): Promise<Teacher[]> => unwrap(await api.GET("/api/v1/teachers", { signal })),
  });
  const bells = useQuery({
    queryKey: ["journal", "bells"],
    queryFn: async ({ signal }): Promise<Bell[]> => unwrap(await api.GET("/api/v1/bells", { signal })),
  });
  const terms = (years.data ?? []).flatMap((y) => y.terms);
  const [termId, setTermId] = useState("");
  const [classId, setClassId] = useState("");
  useEffect(() => {
    if (!termId && terms.length) setTermId(currentTerm(terms)?.id ?? "");
  }, [termId, terms]);
  useEffect(() => {
    if (!classId && classes.data?.length) setClassId(classes.data[0]!.id);
  }, [classId, classes.data]);

  const timetable = useQuery({
    queryKey: ["journal", "timetable", termId, classId],
    enabled: !!termId && !!classId,
    queryFn: async ({ signal }): Promise<Slot[]> =>
      unwrap(
        await api.GET("/api/v1/terms/{term_id}/classes/{class_id}/timetable", {
          params: { path: { term_id: termId, class_id: classId } },
          signal,
        }),
      ),
  });
  const [draft, setDraft] = useState<Draft>({});
  useEffect(() => {
    if (timetable.data) setDraft(draftOf(timetable.data));
  }, [timetable.data]);

  const save = useMutation({
    mutationFn: async () => {
      const body: SlotIn[] = Object.entries(draft)
        .filter(([, v]) => v.subject && v.teacher)
        .map(([key, v]) => {
          const [weekday, number] = key.split(":").map(Number) as [number, number];
          return { weekday, number, subject_id: v.subject, teacher_id: v.teacher, room: v.room.trim() || null };
        });
      return unwrap(
        await api.PUT("/api/v1/terms/{term_id}/classes/{class_id}/timetable", {
          params: { path: { term_id: termId, class_id: classId } },
          body,
        }),
      );
    },
    onSuccess: (slots) => queryClient.setQueryData(["journal", "timetable", termId, classId], slots),
  });
  const generate = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST("/api/v1/terms/{term_id}/lessons", { params: { path: { term_id: termId } } })),
  });

  const classAssignments = (assignments.data ?? []).filter((a) => a.school_class.id === classId);
  const subjectOptions = classAssignments.length
    ? (subjects.data ?? []).filter((s) => classAssignments.some((a) => a.subject.id === s.id))
    : subjects.data ?? [];
  const teachersFor = (subjectId: string) => {
    const assigned = classAssignments.filter((a) => a.subject.id === subjectId).map((a) => a.teacher.id);
    const list = teachers.data ?? [];
    return assigned.length ? list.filter((x) => assigned.includes(x.id)) : list;
  };
  const numbers = (bells.data ?? []).map((b) => b.number);
  const loading = me.isPending || years.isPending || classes.isPending || bells.isPending || subjects.isPending || teachers.isPending;
  const fieldErrors = save.error instanceof ApiProblem ? save.error.fieldErrors() : {};
  const loadError = years.error ?? classes.error ?? bells.error ?? subjects.error ?? teachers.error;

  const set = (key: string, change: Partial<Draft[string]>) => {
    save.reset();
    setDraft((d) => {
      const current = d[key] ?? { subject: "", teacher: "", room: "" };
      const next = { ...current, ...change };
      if (change.subject !== undefined && change.subject !== current.subject) {
        const options = teachersFor(change.subject);
        next.teacher = options.length === 1 ? options[0]!.id : "";
      }
      return { ...d, [key]: next };
    });
  };

  return (
    <div className="container page">
      <PageTitle title={t("journal.timetable.title")} />
      <h1>{t("journal.timetable.title")}</h1>
      <p className="lead">{t("journal.timetable.lead")}</p>
      {loadError ? (
        <ProblemAlert error={loadError} title={t("journal.loadFailed")} />
      ) : loading ? (
        <Skeleton height="12rem" />
      ) : !schoolId ? (
        <Alert tone="info" live={false}>
          {t("journal.timetable.noSchool")}
        </Alert>
      ) : (
        <>
          <div className="jr-filters">
            <div className="field">
              <label className="field__label" htmlFor={ids.cls}>
                {t("journal.timetable.class")}
              </label>
              <select className="input select" id={ids.cls} value={classId} onChange={(e) => setClassId(e.target.value)}>
                {classes.data?.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label className="field__label" htmlFor={ids.term}>
                {t("journal.grid.term")}
              </label>
              <select className="input select" id={ids.term} value={termId} onChange={(e) => setTermId(e.target.value)}>
                {terms.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name}
                  </option>
                ))}
              </select>
            </div>
          </div>
          {terms.length === 0 ? (
            <Alert tone="info" live={false}>
              {t("journal.timetable.noTerms")}
            </Alert>
          ) : numbers.length === 0 ? (
            <Alert tone="info" live={false}>
              {t("journal.timetable.noBells")}
            </Alert>
          ) : timetable.isPending ? (
            <Skeleton height="12rem" />
          ) : timetable.isError ? (
            <ProblemAlert error={timetable.error} title={t("journal.loadFailed")} />
          ) : (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                save.mutate();
              }}
            >
              <div className="timetable" tabIndex={0} role="region" aria-label={t("journal.timetable.title")}>
                <table>
                  <caption className="visually-hidden">{t("journal.timetable.caption")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("journal.timetable.number")}</th>
                      {WEEKDAYS.map((d) => (
                        <th key={d} scope="col">
                          {weekdayName(d, i18n.language)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {(bells.data ?? []).map((bell) => (
                      <tr key={bell.number}>
                        <th scope="row">
                          {bell.number}
                          <br />
                          <span className="muted">
                            {bell.starts_at.slice(0, 5)}–{bell.ends_at.slice(0, 5)}
                          </span>
                        </th>
                        {WEEKDAYS.map((weekday) => {
                          const key = slotKey(weekday, bell.number);
                          const slot = draft[key] ?? { subject: "", teacher: "", room: "" };
                          const where = `${weekdayName(weekday, i18n.language)}, ${bell.number}`;
                          return (
                            <td key={weekday}>
                              <div className="timetable__slot">
                                <select
                                  className="input select"
                                  aria-label={t("journal.timetable.subjectAt", { where })}
                                  value={slot.subject}
                                  onChange={(e) => set(key, { subject: e.target.value })}
                                >
                                  <option value="">—</option>
                                  {subjectOptions.map((s) => (
                                    <option key={s.id} value={s.id}>
                                      {s.name}
                                    </option>
                                  ))}
                                </select>
                                {slot.subject ? (
                                  <select
                                    className="input select"
                                    aria-label={t("journal.timetable.teacherAt", { where })}
                                    value={slot.teacher}
                                    onChange={(e) => set(key, { teacher: e.target.value })}
                                  >
                                    <option value="">{t("journal.timetable.chooseTeacher")}</option>
                                    {teachersFor(slot.subject).map((x) => (
                                      <option key={x.id} value={x.id}>
                                        {x.name}
                                      </option>
                                    ))}
                                  </select>
                                ) : null}
                              </div>
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {save.isError ? (
                <ProblemAlert
                  error={save.error}
                  title={t("journal.timetable.saveFailed")}
                  message={Object.values(fieldErrors)[0] ?? undefined}
                />
              ) : null}
              {save.isSuccess ? (
                <Alert tone="success" title={t("journal.timetable.saved")}>
                  <p>{t("journal.timetable.savedText")}</p>
                </Alert>
              ) : null}
              <div className="section-actions">
                <Button type="submit" busy={save.isPending}>
                  {t("journal.timetable.save")}
                </Button>
                <Button variant="secondary" busy={generate.isPending} onClick={() => generate.mutate()}>
                  {t("journal.timetable.generate")}
                </Button>
              </div>
              {generate.isError ? <ProblemAlert error={generate.error} title={t("journal.timetable.generateFailed")} /> : null}
              {generate.data ? (
                <Alert tone="success">
                  {t("journal.timetable.generated", { created: generate.data.created, existing: generate.data.existing })}
                </Alert>
              ) : null}
            </form>
          )}
          <SchoolHolidays classes={classes.data ?? []} />
        </>
      )}
    </div>
  );
}
