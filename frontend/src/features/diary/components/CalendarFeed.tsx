import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { api, unwrap } from "@/lib/api";

const KEY = ["diary", "calendar-feed"] as const;

/**
 * The lessons in the phone's own calendar: a secret subscription link (iCalendar), shown
 * on request, with a way to replace it if it leaked.
 */
export function CalendarFeed() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState(false);
  const feed = useQuery({
    queryKey: KEY,
    enabled: open,
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/me/calendar-feed", { signal })),
  });
  const rotate = useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/me/calendar-feed/rotate")),
    onSuccess: (data) => {
      setCopied(false);
      queryClient.setQueryData(KEY, data);
    },
  });
  const url = feed.data?.url;
  return (
    <section className="card dy-calendar" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="dy-calendar__title">
        {t("diary.calendar.title")}
      </h2>
      <p className="muted">{t("diary.calendar.lead")}</p>
      {!open ? (
        <Button variant="secondary" onClick={() => setOpen(true)}>
          {t("diary.calendar.show")}
        </Button>
      ) : feed.isError ? (
        <ProblemAlert error={feed.error} title={t("diary.loadFailed")} />
      ) : url ? (
        <>
          <div className="field">
            <label className="field__label" htmlFor={id}>
              {t("diary.calendar.link")}
            </label>
            <input className="input" id={id} readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
            <p className="field__hint">{t("diary.calendar.secret")}</p>
          </div>
          <div className="section-actions">
            <a className="button" href={url.replace(/^https?:/, "webcal:")}>
              {t("diary.calendar.subscribe")}
            </a>
            <Button
              variant="secondary"
              onClick={() => {
                void navigator.clipboard?.writeText(url).then(() => setCopied(true));
              }}
            >
              {t("diary.calendar.copy")}
            </Button>
            <Button variant="secondary" busy={rotate.isPending} onClick={() => rotate.mutate()}>
              {t("diary.calendar.rotate")}
            </Button>
          </div>
          {copied ? (
            <p className="saved-note" role="status">
              {t("diary.calendar.copied")}
            </p>
          ) : null}
          {rotate.isSuccess ? (
            <p className="saved-note" role="status">
              {t("diary.calendar.rotated")}
            </p>
          ) : null}
          {rotate.isError ? <ProblemAlert error={rotate.error} title={t("diary.calendar.rotateFailed")} /> : null}
        </>
      ) : (
        <p role="status">{t("diary.loading")}</p>
      )}
    </section>
  );
}
