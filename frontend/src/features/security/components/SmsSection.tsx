import { useId } from "react";
import { useTranslation } from "react-i18next";

import { Alert } from "@/components/ui/Alert";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { hasAnyRole, STAFF_ROLES, type Me } from "@/lib/auth/hooks";
import { formatPhone } from "@/lib/masks";

import { useSmsSetting } from "../api/security-api";

/** The SMS second factor. Staff must keep it: the switch is locked and says why. */
export function SmsSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const id = useId();
  const setting = useSmsSetting();
  const staff = hasAnyRole(me, STAFF_ROLES);
  const on = me.mfa.sms;

  return (
    <section className="card section-card" aria-labelledby="sms-title">
      <h2 id="sms-title">{t("security.smsTitle")}</h2>
      <p>{t("security.smsLead", { phone: formatPhone(me.phone) })}</p>
      {setting.error ? <ProblemAlert error={setting.error} /> : null}
      <div className="switch-row">
        <input
          id={id}
          type="checkbox"
          role="switch"
          className="switch"
          checked={on}
          disabled={staff || setting.isPending}
          aria-describedby={staff ? `${id}-staff` : `${id}-note`}
          onChange={(event) => setting.mutate(event.target.checked)}
        />
        <label htmlFor={id}>{t("security.smsToggle")}</label>
      </div>
      {staff ? (
        <p id={`${id}-staff`} className="muted">
          {t("security.smsStaff")}
        </p>
      ) : (
        <p id={`${id}-note`} className="muted">
          {on ? t("security.smsOnNote") : t("security.smsOffNote")}
        </p>
      )}
      {!on && !staff && !me.mfa.totp ? (
        <Alert tone="warning" live={false}>
          <p>{t("security.smsOffWarning")}</p>
        </Alert>
      ) : null}
    </section>
  );
}
