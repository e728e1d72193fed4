import { useTranslation } from "react-i18next";

import { StatusBadge } from "@/components/ui/StatusBadge";
import type { StatusTone } from "@/lib/application-status";

import type { ConnectionStatus } from "../api/connection";

const TONES: Record<ConnectionStatus, StatusTone> = {
  submitted: "info",
  in_progress: "info",
  connected: "ok",
  declined: "error",
};

export function ConnectionStatusBadge({ status }: { status: ConnectionStatus }) {
  const { t } = useTranslation();
  return <StatusBadge tone={TONES[status]}>{t(`schools.requestStatus.${status}`)}</StatusBadge>;
}
