/**
 * Where a notification leads. The server writes links as paths of its resources
 * ("/students/{id}/diary?week=2026-W48"); the SPA has its own pages for them.
 */

const UUID = "[0-9a-fA-F-]{36}";
const STUDENT_DIARY = new RegExp(`^/students/(${UUID})/diary$`);
const STUDENT_NOTES = new RegExp(`^/students/(${UUID})/absence-notes$`);
const STUDENT_HOMEWORK = new RegExp(`^/students/(${UUID})/homework(?:/${UUID})?$`);
const STUDENT_GRADES = new RegExp(`^/students/(${UUID})/grades$`);
const APPLICATION = new RegExp(`^/applications/(${UUID})$`);

/**
 * The SPA path for a notification's link; `staff` sends absence notes to the class
 * teacher's page. Unknown links are kept as they are when they are paths of this site,
 * and dropped otherwise (never an external address).
 */
export function notificationTarget(link: string | null | undefined, staff = false): string | null {
  if (!link || !link.startsWith("/") || link.startsWith("//")) return null;
  const url = new URL(link, "http://local");
  const path = url.pathname.replace(/\/+$/, "");
  const week = url.searchParams.get("week");
  let match = STUDENT_DIARY.exec(path);
  if (match) return `/diary/${match[1]}${week ? `?week=${encodeURIComponent(week)}` : ""}`;
  match = STUDENT_NOTES.exec(path);
  if (match) return staff ? `/teach/students/${match[1]}/absence-notes` : `/diary/${match[1]}/attendance`;
  match = STUDENT_HOMEWORK.exec(path);
  if (match) return `/diary/${match[1]}/homework`;
  match = STUDENT_GRADES.exec(path);
  if (match) return `/diary/${match[1]}/grades`;
  match = APPLICATION.exec(path);
  if (match) return `/applications/${match[1]}`;
  return `${path}${url.search}`;
}
