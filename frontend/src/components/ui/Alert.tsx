import type { ReactNode } from "react";

import { CheckCircleIcon, ErrorIcon, InfoIcon, WarningIcon } from "./icons";

type Tone = "info" | "success" | "warning" | "error";

const ICONS = { info: InfoIcon, success: CheckCircleIcon, warning: WarningIcon, error: ErrorIcon } as const;

/**
 * A message box. Errors are announced at once (role="alert"), the rest politely
 * (role="status"); `live={false}` for boxes that are part of the page from the start.
 */
export function Alert({
  tone = "info",
  title,
  children,
  live = true,
  className,
  id,
}: {
  tone?: Tone;
  title?: ReactNode;
  children?: ReactNode;
  live?: boolean;
  className?: string;
  id?: string;
}) {
  const Icon = ICONS[tone];
  const role = live ? (tone === "error" ? "alert" : "status") : undefined;
  return (
    <div id={id} role={role} className={["alert", `alert--${tone}`, className].filter(Boolean).join(" ")}>
      <Icon className="alert__icon" width={24} height={24} />
      <div className="alert__body">
        {title ? <p className="alert__title">{title}</p> : null}
        {children}
      </div>
    </div>
  );
}
