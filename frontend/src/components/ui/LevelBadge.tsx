import { useTranslation } from "react-i18next";

export type Level = "simplified" | "standard" | "confirmed";

/** The account level as a badge: «Упрощённая», «Стандартная», «Подтверждённая». */
export function LevelBadge({ level }: { level: Level }) {
  const { t } = useTranslation();
  return <span className={`badge badge--level-${level}`}>{t(`levels.${level}`)}</span>;
}
