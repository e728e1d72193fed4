import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { currentLanguage } from "@/lib/i18n";

import { setTopic } from "../../api/mutations";
import { lessonQuery } from "../../api/queries";
import type { LessonOut } from "../../api/types";
import { savedAt } from "../../lib/roster";

export function TopicForm({ lesson }: { lesson: LessonOut }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const queryClient = useQueryClient();
  const id = useId();
  const [topic, setTopicText] = useState(lesson.topic ?? "");
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => setTopic(lesson.id, topic.trim() || null),
    onSuccess: (updated) => {
      queryClient.setQueryData(lessonQuery(lesson.id).queryKey, updated);
      setSaved(savedAt(locale));
    },
  });
  return (
    <form
      className="card jr-card"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <h2>{t("journal.lesson.topicTitle")}</h2>
      <div className="field">
        <label className="field__label" htmlFor={id}>
          {t("journal.lesson.topic")}
        </label>
        <input className="input" id={id} value={topic} maxLength={500} onChange={(e) => setTopicText(e.target.value)} />
      </div>
      {save.isError ? <ProblemAlert error={save.error} title={t("journal.lesson.saveFailed")} /> : null}
      <div className="section-actions">
        <Button type="submit" variant="secondary" busy={save.isPending}>
          {t("journal.lesson.saveTopic")}
        </Button>
        {saved && !save.isPending ? <p className="saved-note" role="status">{t("journal.lesson.savedAt", { time: saved })}</p> : null}
      </div>
    </form>
  );
}
