import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { currentLanguage } from "@/lib/i18n";
import { shiftWeek, weekDays } from "@/lib/iso-week";
import { formatDayRange } from "@/lib/school-time";

import { ChevronLeftIcon, ChevronRightIcon } from "./icons";

/** ‹ previous week · «23–29 ноября 2026 г.» · next week ›, and «Сегодня» away from this week. */
export function WeekNav({ basePath, week, current }: { basePath: string; week: string; current: string }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const days = weekDays(week);
  const range = formatDayRange(days[0]!, days[6]!, locale);
  const to = (w: string) => `${basePath}?week=${w}`;
  return (
    <nav className="week-nav" aria-label={t("diary.weekNav")}>
      <Link className="week-nav__arrow" to={to(shiftWeek(week, -1))} rel="prev">
        <ChevronLeftIcon />
        <span className="week-nav__arrow-text">{t("diary.previousWeek")}</span>
      </Link>
      <p className="week-nav__range" aria-live="polite">
        <span className="visually-hidden">{t("diary.shownWeek")} </span>
        {range}
      </p>
      <Link className="week-nav__arrow week-nav__arrow--next" to={to(shiftWeek(week, 1))} rel="next">
        <span className="week-nav__arrow-text">{t("diary.nextWeek")}</span>
        <ChevronRightIcon />
      </Link>
      {week !== current ? (
        <Link className="week-nav__today button button--secondary" to={to(current)}>
          {t("diary.thisWeek")}
        </Link>
      ) : null}
    </nav>
  );
}
