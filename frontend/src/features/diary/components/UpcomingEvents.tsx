import { useTranslation } from "react-i18next";

import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";

import { useUpcomingEvents } from "../api/events";
import { EventItem } from "./EventItem";

const SHOWN = 6;

/** «Ближайшие события»: tests, meetings, school events and holidays of the coming month. */
export function UpcomingEvents({ studentId, timeZone }: { studentId: string; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const events = useUpcomingEvents(studentId);
  return (
    <section className="upcoming card" aria-labelledby="upcoming-title">
      <h2 id="upcoming-title" className="upcoming__title">
        {t("diary.events.upcoming")}
      </h2>
      {events.isPending || !timeZone ? (
        <Skeleton width="60%" height="1rem" />
      ) : events.isError ? (
        <ProblemAlert error={events.error} title={t("diary.events.loadFailed")} />
      ) : events.data.length === 0 ? (
        <p className="upcoming__empty">{t("diary.events.none")}</p>
      ) : (
        <ul className="events">
          {events.data.slice(0, SHOWN).map((event) => (
            <EventItem key={`${event.kind}-${event.id}`} event={event} timeZone={timeZone} withDay />
          ))}
        </ul>
      )}
    </section>
  );
}
