import { useEffect, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { PageTitle } from "@/components/ui/PageTitle";
import { WizardProgress } from "@/components/ui/WizardProgress";

import { STEPS } from "../lib/wizard";

/**
 * The wizard's page: «Шаг 2 из 5» with the steps' names, the step's heading (focused on
 * each step change, so a screen reader starts there), the save state, then the step.
 */
export function WizardFrame({ step, saveState, children }: { step: number; saveState?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  const names = STEPS.map((name) => t(`applications.steps.${name}`));
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);
  return (
    <div className="container page page--narrow">
      <PageTitle title={`${names[step - 1]} — ${t("applications.wizard.title")}`} />
      <h1>{t("applications.wizard.title")}</h1>
      <div className="card wizard wizard--five">
        <WizardProgress steps={names} current={step - 1} />
        {saveState}
        <h2 className="wizard__title" tabIndex={-1} ref={heading}>
          {names[step - 1]}
        </h2>
        {children}
      </div>
    </div>
  );
}
