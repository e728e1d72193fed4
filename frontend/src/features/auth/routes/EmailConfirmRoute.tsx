import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { useSession } from "@/lib/auth/hooks";

import { confirmEmail } from "../api/auth-api";

/** /email/confirm?token=… — the link from the letter: confirms the address and says so. */
export default function EmailConfirmRoute() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const { status } = useSession();
  const confirm = useMutation({ mutationFn: confirmEmail });
  const sent = useRef(false);

  useEffect(() => {
    if (token && !sent.current) {
      sent.current = true;
      confirm.mutate(token);
    }
  }, [token, confirm]);

  const next = status === "signed-in" ? (
    <Link to="/profile">{t("auth.toProfile")}</Link>
  ) : (
    <Link to="/login">{t("email.toLogin")}</Link>
  );

  return (
    <div className="container page page--narrow page--auth">
      <PageTitle title={t("email.title")} />
      <h1>{t("email.title")}</h1>
      {!token ? (
        <Alert tone="error" title={t("email.noToken")}>
          <p>{t("email.noTokenText")}</p>
        </Alert>
      ) : confirm.isSuccess ? (
        <Alert tone="success" title={t("email.done")}>
          <p>{t("email.doneText", { email: confirm.data.email })}</p>
          {next}
        </Alert>
      ) : confirm.isError ? (
        <>
          <ProblemAlert error={confirm.error} title={t("email.failed")} />
          <p>{t("email.failedText")}</p>
          {next}
        </>
      ) : (
        <p role="status">{t("email.checking")}</p>
      )}
    </div>
  );
}
