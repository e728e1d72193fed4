import { useTranslation } from "react-i18next";

import { CheckIcon } from "@/components/ui/icons";
import type { AccountLevel } from "@/lib/auth/hooks";

const LEVELS: AccountLevel[] = ["simplified", "standard", "confirmed"];

/** «Упрощённая → Стандартная → Подтверждённая», the account's level marked. */
export function LevelStepper({ level }: { level: AccountLevel }) {
  const { t } = useTranslation();
  const current = LEVELS.indexOf(level);
  return (
    <ol className="level-stepper" aria-label={t("profile.levelSteps")}>
      {LEVELS.map((name, index) => {
        const state = index < current ? "done" : index === current ? "current" : "todo";
        return (
          <li key={name} className={`level-stepper__step level-stepper__step--${state}`} aria-current={state === "current" ? "step" : undefined}>
            <span className="level-stepper__marker" aria-hidden="true">
              {state === "done" ? <CheckIcon width={18} height={18} /> : index + 1}
            </span>
            <span className="level-stepper__name">{t(`levels.${name}`)}</span>
            <span className="level-stepper__state">{t(`profile.levelState.${state}`)}</span>
          </li>
        );
      })}
    </ol>
  );
}
