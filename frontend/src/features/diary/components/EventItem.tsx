import { useTranslation } from "react-i18next";

import { formatTime } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";
import { formatDayHeading, formatDayRange } from "@/lib/school-time";

import type { SchoolEvent } from "../api/types";
import { eventDays } from "../lib/events";

/** One event: what, when (in the school's time), where. ``withDay``: say the day too. */
export function EventItem({ event, timeZone, withDay }: { event: SchoolEvent; timeZone: string; withDay: boolean }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const { first, last } = eventDays(event);
  const time = event.all_day
    ? null
    : `${formatTime(event.starts_at, { timeZone, locale })}–${formatTime(event.ends_at, { timeZone, locale })}`;
  const day = first === last ? formatDayHeading(first, locale) : formatDayRange(first, last, locale);
  return (
    <li className={`event event--${event.kind}`}>
      <span className={`event__kind event__kind--${event.kind}`}>{t(`diary.events.kind.${event.kind}`)}</span>
      <span className="event__title">{event.title}</span>
      <span className="event__when">
        {withDay || first !== last ? day : null}
        {withDay && time ? ", " : null}
        {time}
        {event.place ? ` · ${event.kind === "test" && event.lesson_id ? t("diary.room", { room: event.place }) : event.place}` : null}
      </span>
    </li>
  );
}
