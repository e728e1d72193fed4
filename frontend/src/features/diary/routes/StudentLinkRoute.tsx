import { Navigate, useLocation, useParams } from "react-router";

/**
 * /students/{id}/diary?week=…, /students/{id}/homework/…, /students/{id}/absence-notes,
 * /students/{id}/meetings (the meeting reminder):
 * the server's links in SMS and e-mails, opened in the browser, land on the diary pages.
 */
export default function StudentLinkRoute() {
  const { studentId = "", "*": rest = "" } = useParams();
  const { search } = useLocation();
  const section = rest.split("/")[0];
  const path =
    section === "homework"
      ? "/homework"
      : section === "absence-notes" || section === "attendance"
        ? "/attendance"
        : section === "grades"
          ? "/grades"
          : section === "meetings"
            ? "/meetings"
            : "";
  return <Navigate to={`/diary/${studentId}${path}${path ? "" : search}`} replace />;
}
