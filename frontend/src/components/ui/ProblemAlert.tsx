import { useTranslation } from "react-i18next";

import { ApiProblem } from "@/lib/problem";

import { Alert } from "./Alert";

/**
 * An answer the user can act on by themselves (a wrong password, a field to correct, a
 * limit to wait out) needs no request id; a failure only support can explain does (a
 * server error, or an answer without the server's own words).
 */
export function needsSupport(problem: ApiProblem): boolean {
  return problem.status >= 500 || !problem.problem?.detail;
}

/**
 * What went wrong with a request, in words a parent can act on: the server's message,
 * or «check your connection» when there was no answer, and — for failures only support
 * can explain — the request id to quote.
 */
export function ProblemAlert({ error, message, title }: { error: unknown; message?: string | null; title?: string }) {
  const { t } = useTranslation();
  const problem = error instanceof ApiProblem ? error : null;
  const text = message ?? problem?.problem?.detail ?? null;
  return (
    <Alert tone="error" title={title ?? (text ? undefined : t("errors.title"))}>
      {text ? <p>{text}</p> : <p>{problem ? t("errors.server") : t("errors.network")}</p>}
      {problem?.requestId && needsSupport(problem) ? <p className="muted">{t("errors.requestId", { requestId: problem.requestId })}</p> : null}
    </Alert>
  );
}
