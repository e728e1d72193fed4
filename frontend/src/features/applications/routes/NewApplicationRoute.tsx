import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router";

import { Button } from "@/components/ui/Button";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { ApiProblem } from "@/lib/api";
import { useMe } from "@/lib/auth/hooks";

import { applicationKeys, createApplication, useApplications, useChildren } from "../api/applications";
import { ChildStep } from "../components/ChildStep";
import { NotConfirmed } from "../components/NotConfirmed";
import { WizardFrame } from "../components/WizardFrame";
import { formatPhone } from "@/lib/masks";

import "@/styles/records.css";
import "../applications.css";

/**
 * Шаг 1 из 5 before there is a draft: choose the child. «Далее» creates the draft on the
 * server (or continues the child's open draft) and the wizard goes on at /applications/:id/edit.
 */
export default function NewApplicationRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const me = useMe();
  const children = useChildren();
  const mine = useApplications(100);
  const [selected, setSelected] = useState<string | null>(params.get("child"));
  const [error, setError] = useState<string | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (me.isPending || children.isPending) {
    return (
      <WizardFrame step={1}>
        <p role="status">{t("applications.loading")}</p>
        <Skeleton height="3rem" />
        <Skeleton height="3rem" />
      </WizardFrame>
    );
  }
  if (me.isError || children.isError) {
    return (
      <WizardFrame step={1}>
        <ProblemAlert error={me.error ?? children.error} />
      </WizardFrame>
    );
  }

  // One child: nothing to choose, it is preselected (the parent only presses «Далее»).
  const only = children.data.items.length === 1 ? children.data.items[0]!.id : null;
  const chosen = selected ?? only;
  const level = me.data.level;
  if (level !== "confirmed") {
    return (
      <WizardFrame step={1}>
        <NotConfirmed level={level} />
      </WizardFrame>
    );
  }

  const next = async () => {
    if (!chosen) {
      setError(t("applications.errors.child_required"));
      queueMicrotask(() => document.querySelector<HTMLInputElement>('input[name="child_id"]')?.focus());
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const draft = mine.data?.items.find((a) => a.status === "draft" && a.child.id === chosen);
      let id = draft?.id;
      if (!id) {
        const created = await createApplication({
          child_id: chosen,
          contact_phone: me.data.phone ? formatPhone(me.data.phone) : null,
        });
        queryClient.setQueryData(applicationKeys.one(created.id), created);
        void queryClient.invalidateQueries({ queryKey: ["applications", "list"] });
        id = created.id;
        if (created.status !== "draft") {
          navigate(`/applications/${id}`, { replace: true });
          return;
        }
      }
      // Step 1 of this draft stays in the history, so Back from step 2 returns to it.
      navigate(`/applications/${id}/edit`, { replace: true, state: draft ? { notice: "continued" } : undefined });
      navigate(`/applications/${id}/edit?step=2`, { state: draft ? { notice: "continued" } : undefined });
    } catch (caught) {
      setBusy(false);
      setProblem(caught);
    }
  };

  const notConfirmed = problem instanceof ApiProblem && problem.code === "account_not_confirmed";

  return (
    <WizardFrame step={1}>
      <p>{t("applications.child.lead")}</p>
      <ChildStep
        children={children.data.items}
        selected={chosen}
        onSelect={(child) => {
          setSelected(child.id);
          setError(null);
        }}
        error={error}
      />
      {notConfirmed ? <NotConfirmed level={level} /> : problem ? <ProblemAlert error={problem} /> : null}
      {children.data.items.length ? (
        <div className="form__actions">
          <Button onClick={() => void next()} busy={busy}>
            {t("form.next")}
          </Button>
        </div>
      ) : null}
    </WizardFrame>
  );
}
