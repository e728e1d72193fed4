import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { TextField } from "@/components/ui/TextField";
import type { FieldBinding } from "@/lib/forms";
import { formatSeconds, useCountdown } from "@/lib/use-countdown";

/**
 * The 6-digit code from an SMS (or an authenticator app): one field the phone can fill
 * from the message (autocomplete="one-time-code"), and «Отправить код ещё раз» behind a
 * visible countdown.
 */
export function CodeEntry({
  field,
  label,
  hint,
  resendAt,
  onResend,
  resending,
  autoFocus,
  waitingLabel,
  resendLabel,
}: {
  field: FieldBinding;
  label: string;
  hint?: string;
  /** When a new code may be asked for (ms since the epoch); null hides the resend line. */
  resendAt?: number | null;
  onResend?: () => void;
  resending?: boolean;
  autoFocus?: boolean;
  /** Instead of «Новый код можно запросить через 0:42» (e.g. «Отправим код через 0:42»). */
  waitingLabel?: (time: string) => string;
  /** Instead of «Отправить код ещё раз» (e.g. «Отправить снова»). */
  resendLabel?: string;
}) {
  const { t } = useTranslation();
  const seconds = useCountdown(resendAt ?? null);
  return (
    <div className="code-entry">
      <TextField
        {...field}
        label={label}
        hint={hint}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        inputClassName="input--code"
        transform={(raw) => raw.replace(/\D/g, "").slice(0, 6)}
        autoFocus={autoFocus}
      />
      {onResend && resendAt !== undefined ? (
        <div className="code-entry__resend">
          {seconds > 0 ? (
            <p className="muted">
              {waitingLabel ? waitingLabel(formatSeconds(seconds)) : t("code.resendIn", { time: formatSeconds(seconds) })}
            </p>
          ) : (
            <Button variant="link" onClick={onResend} busy={resending}>
              {resendLabel ?? t("code.resend")}
            </Button>
          )}
        </div>
      ) : null}
    </div>
  );
}
