import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { LevelBadge, type Level } from "@/components/ui/LevelBadge";

/**
 * Why a simplified or standard account cannot file the application, and what to do (the
 * seed: «Отсутствие подтверждённого профиля блокирует возможность ввода и изменения
 * данных о школьнике»).
 */
export function NotConfirmed({ level }: { level: Level }) {
  const { t } = useTranslation();
  return (
    <Alert tone="warning" live={false} title={t("applications.notConfirmed.title")}>
      <p>{t("applications.notConfirmed.rule")}</p>
      <p>
        {t("applications.notConfirmed.yourLevel")} <LevelBadge level={level} />
      </p>
      <p>{level === "simplified" ? t("applications.notConfirmed.whatSimplified") : t("applications.notConfirmed.whatStandard")}</p>
      <p>{t("applications.notConfirmed.draftKept")}</p>
      <Link to="/profile" className="button button--primary">
        {t("applications.notConfirmed.toProfile")}
      </Link>
    </Alert>
  );
}
