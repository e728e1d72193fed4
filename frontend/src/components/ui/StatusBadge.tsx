import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import {
  APPLICATION_STATUS_TONES,
  applicationStatusKey,
  type ApplicationStatus,
  type StatusTone,
} from "@/lib/application-status";

import "./status-badge.css";

function ToneIcon({ tone }: { tone: StatusTone }) {
  const common = { viewBox: "0 0 16 16", width: 14, height: 14, "aria-hidden": true, focusable: false } as const;
  switch (tone) {
    case "ok":
      return (
        <svg {...common}>
          <path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      );
    case "error":
      return (
        <svg {...common}>
          <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
        </svg>
      );
    case "action":
      return (
        <svg {...common}>
          <path d="M8 2.5v7" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
          <circle cx="8" cy="13" r="1.4" fill="currentColor" />
        </svg>
      );
    case "info":
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
          <path d="M8 5v3.2l2 1.3" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
        </svg>
      );
    case "closed":
      return (
        <svg {...common}>
          <path d="M3.5 8h9" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
        </svg>
      );
    default:
      return (
        <svg {...common}>
          <path d="M3 13l1-3.5L10.5 3 13 5.5 6.5 12z" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
        </svg>
      );
  }
}

/** A status as a word with an icon on a tinted pill: «Одобрено», «Запрошены сведения». */
export function StatusBadge({ tone, children, className }: { tone: StatusTone; children: ReactNode; className?: string }) {
  return (
    <span className={["status-badge", `status-badge--${tone}`, className].filter(Boolean).join(" ")}>
      <ToneIcon tone={tone} />
      <span>{children}</span>
    </span>
  );
}

/** The status of an application, labelled in the interface language. */
export function ApplicationStatusBadge({ status }: { status: ApplicationStatus }) {
  const { t } = useTranslation();
  return (
    <StatusBadge tone={APPLICATION_STATUS_TONES[status]} className="status-badge--application">
      {t(applicationStatusKey(status))}
    </StatusBadge>
  );
}
