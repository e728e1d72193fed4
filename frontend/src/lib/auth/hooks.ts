import { queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useSyncExternalStore } from "react";

import type { components } from "@/api/generated/schema";
import { api, unwrap } from "@/lib/api";
import { keepOnlyWeekOf } from "@/lib/offline-week";

import { session } from "./index";
import type { SessionSnapshot } from "./session";

export type Me = components["schemas"]["MeOut"];
export type AccountLevel = components["schemas"]["AccountLevel"];

export const OPERATOR_ROLES = ["operator", "platform_admin"] as const;
export const STAFF_ROLES = ["teacher", "class_teacher", "school_admin", "operator", "platform_admin"] as const;

export function hasAnyRole(me: Pick<Me, "roles"> | undefined, roles: readonly string[]): boolean {
  return !!me && me.roles.some((role) => roles.includes(role));
}

/** The tab's session, re-rendering on sign-in, refresh and sign-out. */
export function useSession(): SessionSnapshot {
  return useSyncExternalStore(session.subscribe, session.snapshot, session.snapshot);
}

export const meQueryOptions = () =>
  queryOptions({
    queryKey: ["me"],
    queryFn: async ({ signal }): Promise<Me> => {
      const me = unwrap(await api.GET("/api/v1/me", { signal }));
      // Another account signed in on this browser: the offline week kept for the last one goes.
      keepOnlyWeekOf(me.id);
      return me;
    },
    staleTime: 60_000,
  });

/** GET /api/v1/me while signed in. */
export function useMe() {
  const { status } = useSession();
  return useQuery({ ...meQueryOptions(), enabled: status === "signed-in" });
}

/**
 * Ends the session on the server (bearer and cookie), then here and in the other tabs,
 * and drops every cached answer: nothing of this account stays in memory.
 */
export function useLogout() {
  const queryClient = useQueryClient();
  return useCallback(async () => {
    try {
      await api.POST("/api/v1/auth/logout", {});
    } catch {
      // Already ended or unreachable: the tab forgets the session either way.
    }
    session.signOut();
    queryClient.clear();
    // The service worker's offline copy of the diary (public/sw.js) goes too.
    if (typeof navigator !== "undefined" && "serviceWorker" in navigator) {
      navigator.serviceWorker.controller?.postMessage({ type: "clear" });
    }
  }, [queryClient]);
}
