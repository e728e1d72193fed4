import { type QueryClient } from "@tanstack/react-query";
import { useEffect } from "react";

import { session } from "@/lib/auth";
import { useSession } from "@/lib/auth/hooks";
import { connectLiveStream, type LiveEvent } from "@/lib/live-stream";

/** What a live event makes stale: the bell; the conversation list, the open thread and
 * the menu's unread badge; the announcements. Active queries refetch at once. */
export function staleKeys(event: LiveEvent): string[][] {
  const conversation = typeof event.data.conversation_id === "string" ? event.data.conversation_id : null;
  switch (event.type) {
    case "notification":
      return [["notifications"]];
    case "message":
      return [
        ["messaging", "unread"],
        ["messaging", "conversations"],
        ...(conversation ? [["messaging", "conversation", conversation], ["messaging", "messages", conversation]] : []),
      ];
    case "announcement":
      return [["messaging", "unread"], ["messaging", "announcements"]];
    default:
      return [];
  }
}

export function applyLiveEvent(client: QueryClient, event: LiveEvent) {
  for (const queryKey of staleKeys(event)) void client.invalidateQueries({ queryKey });
}

/**
 * While signed in, this tab reads its live stream (one connection) and refreshes what the
 * events concern: nothing waits for a poll or a reload.
 */
export function useLiveUpdates(client: QueryClient) {
  const signedIn = useSession().status === "signed-in";
  useEffect(() => {
    if (!signedIn) return;
    return connectLiveStream({
      getToken: () => session.validToken(),
      refreshToken: () => session.refresh(),
      onEvent: (event) => applyLiveEvent(client, event),
    });
  }, [client, signedIn]);
}
