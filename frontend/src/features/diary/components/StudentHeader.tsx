import { useTranslation } from "react-i18next";
import { Link, NavLink, useLocation } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { Skeleton } from "@/components/ui/Skeleton";
import { formatDate, fullName, genderFromPatronymic } from "@/lib/format";

import type { MyStudent } from "../api/types";

export type DiarySection = "week" | "grades" | "homework" | "attendance" | "meetings";

const SECTIONS: { section: DiarySection; path: string }[] = [
  { section: "week", path: "" },
  { section: "grades", path: "/grades" },
  { section: "homework", path: "/homework" },
  { section: "attendance", path: "/attendance" },
  { section: "meetings", path: "/meetings" },
];

function sectionPath(studentId: string, section: DiarySection): string {
  return `/diary/${studentId}${SECTIONS.find((s) => s.section === section)!.path}`;
}

/**
 * The diary's head: the page title, whose diary it is, a switcher between children (only
 * for a parent of several) and the sections: week, grades, homework, attendance, meetings.
 */
export function StudentHeader({
  title,
  students,
  student,
  section,
}: {
  title: string;
  students: MyStudent[] | undefined;
  student: MyStudent | undefined;
  section: DiarySection;
}) {
  const { t, i18n } = useTranslation();
  const { search } = useLocation();
  // The week travels with the switch between children on the week page.
  const keep = section === "week" ? search : "";
  return (
    <div className="diary-head">
      <h1 className="diary-head__title">{title}</h1>
      {student ? (
        <p className="diary-head__who">
          {fullName(student)}
          <span className="diary-head__class">
            {t("diary.classAt", { className: student.school_class.name, school: student.school.name })}
          </span>
        </p>
      ) : (
        <Skeleton width="16rem" height="1.25rem" />
      )}
      {student?.archived_at ? (
        // A pupil who left stays visible to the family, read-only (docs/onboarding.md §2).
        <Alert tone="info" live={false} className="diary-head__archived">
          {t("diary.archived", {
            name: fullName(student),
            date: formatDate(student.archived_at, { locale: i18n.language }),
            context: genderFromPatronymic(student.middle_name) ?? undefined,
          })}
        </Alert>
      ) : null}
      {students && students.length > 1 ? (
        <nav aria-label={t("diary.switchChild")} className="child-switcher">
          <ul>
            {students.map((s) => (
              <li key={s.id}>
                <Link
                  to={`${sectionPath(s.id, section)}${keep}`}
                  className="child-switcher__link"
                  aria-current={s.id === student?.id ? "page" : undefined}
                >
                  {s.first_name}
                  <span className="child-switcher__class">
                    {s.archived_at ? t("diary.archivedTag") : s.school_class.name}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {student ? (
        <nav aria-label={t("diary.sections")} className="diary-tabs">
          <ul>
            {SECTIONS.map(({ section: s }) => (
              <li key={s}>
                <NavLink to={sectionPath(student.id, s)} end className="diary-tabs__link">
                  {t(`diary.section.${s}`)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </div>
  );
}
