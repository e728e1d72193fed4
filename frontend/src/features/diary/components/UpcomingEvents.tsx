import { useTranslation } from "react-i18next";

import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";

import { useUpcomingEvents } from "../api/events";
import type { SchoolEvent } from "../api/types";
import { withBookings } from "../lib/meetings";
import { EventItem } from "./EventItem";

const SHOWN = 6;

/** «Ближайшие события»: tests, meetings (the child's bookings too), school events and holidays
 * of the coming month. */
export function UpcomingEvents({
  studentId,
  timeZone,
  booked = [],
}: {
  studentId: string;
  timeZone: string | undefined;
  /** The child's booked meeting times, shown among the events. */
  booked?: SchoolEvent[];
}) {
  const { t } = useTranslation();
  const events = useUpcomingEvents(studentId);
  const shown = events.data ? withBookings(events.data, booked) : [];
  return (
    <section className="upcoming card" aria-labelledby="upcoming-title">
      <h2 id="upcoming-title" className="upcoming__title">
        {t("diary.events.upcoming")}
      </h2>
      {events.isPending || !timeZone ? (
        <Skeleton width="60%" height="1rem" />
      ) : events.isError ? (
        <ProblemAlert error={events.error} title={t("diary.events.loadFailed")} />
      ) : shown.length === 0 ? (
        <p className="upcoming__empty">{t("diary.events.none")}</p>
      ) : (
        <ul className="events">
          {shown.slice(0, SHOWN).map((event) => (
            <EventItem key={`${event.kind}-${event.id}`} event={event} timeZone={timeZone} withDay />
          ))}
        </ul>
      )}
    </section>
  );
}
