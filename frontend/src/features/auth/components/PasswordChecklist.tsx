import { useTranslation } from "react-i18next";

import { CheckIcon, DotIcon } from "@/components/ui/icons";

import { PASSWORD_RULES, passwordChecks } from "../utils/password-rules";

/** The rules under the password field, ticked off live; read with the field (aria-describedby). */
export function PasswordChecklist({ id, password }: { id: string; password: string }) {
  const { t } = useTranslation();
  const checks = passwordChecks(password);
  return (
    <div id={id} className="checklist">
      <p className="checklist__title">{t("password.rulesTitle")}</p>
      <ul className="checklist__list">
        {PASSWORD_RULES.map((rule) => (
          <li key={rule} className={`checklist__item ${checks[rule] ? "checklist__item--ok" : ""}`}>
            {checks[rule] ? <CheckIcon className="checklist__icon" /> : <DotIcon className="checklist__icon" />}
            <span>
              {t(`password.rules.${rule}`)}
              <span className="visually-hidden">
                {" — "}
                {checks[rule] ? t("password.ruleMet") : t("password.ruleNotMet")}
              </span>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
