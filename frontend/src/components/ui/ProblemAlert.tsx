import { useTranslation } from "react-i18next";

import { ApiProblem } from "@/lib/problem";

import { Alert } from "./Alert";

/**
 * What went wrong with a request, in words a parent can act on: the server's message,
 * or «check your connection» when there was no answer, and the request id for support.
 */
export function ProblemAlert({ error, message, title }: { error: unknown; message?: string | null; title?: string }) {
  const { t } = useTranslation();
  const problem = error instanceof ApiProblem ? error : null;
  const text = message ?? problem?.problem?.detail ?? null;
  return (
    <Alert tone="error" title={title ?? (text ? undefined : t("errors.title"))}>
      {text ? <p>{text}</p> : <p>{problem ? t("errors.server") : t("errors.network")}</p>}
      {problem?.requestId ? <p className="muted">{t("errors.requestId", { requestId: problem.requestId })}</p> : null}
    </Alert>
  );
}
