import { useTranslation } from "react-i18next";

import { CheckIcon } from "./icons";

/** «Шаг 2 из 3» and the steps' names; the current one is aria-current="step". */
export function WizardProgress({ steps, current }: { steps: string[]; current: number }) {
  const { t } = useTranslation();
  return (
    <div className="wizard-progress">
      <p className="wizard-progress__count">{t("form.stepOf", { current: current + 1, total: steps.length })}</p>
      <ol className="wizard-progress__list">
        {steps.map((name, index) => {
          const state = index < current ? "done" : index === current ? "current" : "todo";
          return (
            <li key={name} className={`wizard-progress__step wizard-progress__step--${state}`} aria-current={state === "current" ? "step" : undefined}>
              <span className="wizard-progress__marker" aria-hidden="true">
                {state === "done" ? <CheckIcon width={16} height={16} /> : index + 1}
              </span>
              <span className="wizard-progress__name">
                {name}
                {state === "done" ? <span className="visually-hidden"> {t("form.stepDone")}</span> : null}
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
