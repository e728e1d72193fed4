/**
 * The last diary week a signed-in person opened, kept for reading without a network.
 *
 * The access token lives in memory only, so a page reloaded offline cannot ask the API
 * anything, not even who is signed in: the guard's «no connection» screen shows this copy
 * instead (read-only, with the time it was saved). It belongs to one account: written
 * only with that account's id, shown only while this browser still holds a session (the
 * hint), dropped when the session ends (sign-out here or in another tab, a refresh the
 * server refuses) and when another account signs in. One week, never a list of them.
 */
import type { components } from "@/api/generated/schema";

import { readPreference, writePreference } from "./storage";

export const OFFLINE_WEEK_KEY = "edudiary.offlineWeek";

export interface OfflineWeek {
  accountId: string;
  /** ISO time the copy was taken (the answer's, as this browser saw it). */
  savedAt: string;
  diary: components["schemas"]["Diary"];
}

export function keepOfflineWeek(entry: OfflineWeek): void {
  writePreference(OFFLINE_WEEK_KEY, JSON.stringify(entry));
}

export function readOfflineWeek(): OfflineWeek | null {
  const raw = readPreference(OFFLINE_WEEK_KEY);
  if (!raw) return null;
  try {
    const entry = JSON.parse(raw) as Partial<OfflineWeek>;
    if (
      typeof entry.accountId === "string" &&
      typeof entry.savedAt === "string" &&
      entry.diary &&
      Array.isArray(entry.diary.days)
    ) {
      return entry as OfflineWeek;
    }
  } catch {
    // A damaged copy is no copy.
  }
  forgetOfflineWeek();
  return null;
}

export function forgetOfflineWeek(): void {
  writePreference(OFFLINE_WEEK_KEY, null);
}

/** Someone signed in: a copy of another account's week goes. */
export function keepOnlyWeekOf(accountId: string): void {
  const entry = readOfflineWeek();
  if (entry && entry.accountId !== accountId) forgetOfflineWeek();
}
