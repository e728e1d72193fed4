import { useTranslation } from "react-i18next";

import { StatusBadge } from "@/components/ui/StatusBadge";
import type { StatusTone } from "@/lib/application-status";

import type { TicketStatus } from "../api/support";

const TONES: Record<TicketStatus, StatusTone> = { open: "info", answered: "action", closed: "closed" };

export function TicketStatusBadge({ status, staff }: { status: TicketStatus; staff?: boolean }) {
  const { t } = useTranslation();
  // For support staff an open ticket is the one to act on.
  const tone = staff ? (status === "open" ? "action" : status === "answered" ? "info" : "closed") : TONES[status];
  return <StatusBadge tone={tone}>{t(`support.status.${status}`)}</StatusBadge>;
}
