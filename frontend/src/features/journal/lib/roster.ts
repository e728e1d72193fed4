import { formatTime } from "@/lib/format";

import type { RosterStudent } from "../api/types";

/** «Фамилия Имя», as the lesson's forms list a pupil. */
export function studentName(s: RosterStudent): string {
  return `${s.last_name} ${s.first_name}`;
}

/** The time a form was saved, for its «Сохранено в …» note. */
export function savedAt(locale: string): string {
  return formatTime(new Date(), { locale });
}
