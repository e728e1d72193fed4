import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/generated/schema";
import { api, unwrap } from "@/lib/api";

export type Notification = components["schemas"]["NotificationOut"];
export type NotificationFeed = components["schemas"]["NotificationFeed"];

const KEY = ["notifications"] as const;

/** GET /notifications: newest first, with the unread count. The live stream refreshes it
 * on every new notification (app/live-updates); the slow poll is only a safety net. */
export function useNotifications(limit: number, enabled = true, offset = 0) {
  return useQuery({
    queryKey: [...KEY, limit, offset],
    queryFn: async ({ signal }): Promise<NotificationFeed> =>
      unwrap(await api.GET("/api/v1/notifications", { params: { query: { limit, offset } }, signal })),
    enabled,
    refetchInterval: 5 * 60_000,
    refetchIntervalInBackground: false,
    placeholderData: keepPreviousData,
    staleTime: 15_000,
  });
}

function markedRead(feed: NotificationFeed | undefined, ids: Set<string> | "all"): NotificationFeed | undefined {
  if (!feed) return feed;
  const now = new Date().toISOString();
  let newlyRead = 0;
  const items = feed.items.map((n) => {
    if (n.read_at || (ids !== "all" && !ids.has(n.id))) return n;
    newlyRead++;
    return { ...n, read_at: now };
  });
  return { ...feed, items, unread: ids === "all" ? 0 : Math.max(0, feed.unread - newlyRead) };
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.POST("/api/v1/notifications/{notification_id}/read", { params: { path: { notification_id: id } } })),
    onMutate: (id) => {
      queryClient.setQueriesData<NotificationFeed>({ queryKey: KEY }, (feed) => markedRead(feed, new Set([id])));
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/notifications/read-all", {})),
    onMutate: () => {
      queryClient.setQueriesData<NotificationFeed>({ queryKey: KEY }, (feed) => markedRead(feed, "all"));
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

/** GET/PUT /me/reminder-time: when the day-before reminders come (school's clock). */
export function useReminderTime(enabled: boolean) {
  return useQuery({
    queryKey: ["reminder-time"],
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/me/reminder-time", { signal })),
    enabled,
  });
}

export function useSetReminderTime() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (time: string) => unwrap(await api.PUT("/api/v1/me/reminder-time", { body: { time } })),
    onSuccess: (saved) => client.setQueryData(["reminder-time"], saved),
  });
}
