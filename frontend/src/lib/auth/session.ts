/**
 * The signed-in session of this tab.
 *
 * - The access token lives in memory only (this module), never in storage.
 * - The refresh token lives in the HttpOnly cookie `edudiary_refresh` that the server
 *   sets on /api/v1/auth; JavaScript never sees it. `POST /api/v1/auth/refresh` with
 *   `credentials: "include"` trades it for a new access token (and a new cookie).
 * - Refreshing is single-flight inside the tab and runs under a cross-tab lock: the server
 *   revokes the whole session family when a rotated refresh token is used twice.
 * - A non-secret hint in localStorage remembers that a session may exist, so an anonymous
 *   visitor's first page does not start with a refresh call that can only fail.
 */
import { forgetOfflineWeek } from "@/lib/offline-week";
import { ApiProblem } from "@/lib/problem";
import { readPreference, writePreference } from "@/lib/storage";

import type { LockRunner, SessionChannel, SessionMessage } from "./cross-tab";

export interface TokenGrant {
  access_token: string;
  expires_in: number;
}

export type SessionStatus = "unknown" | "signed-in" | "signed-out" | "error";

export interface SessionSnapshot {
  status: SessionStatus;
  accessToken: string | null;
  /** When the access token expires, ms since the epoch (0 without one). */
  expiresAt: number;
  /** Why the session ended, in the server's words (e.g. a replayed refresh token). */
  endedReason: string | null;
  /** Grows with every change of token or status. */
  version: number;
}

export interface SessionHint {
  read(): boolean;
  write(on: boolean): void;
}

export interface SessionDeps {
  /** Calls the refresh endpoint; throws ApiProblem for a non-2xx answer. */
  requestRefresh(): Promise<TokenGrant>;
  lock: LockRunner;
  channel: SessionChannel | null;
  hint: SessionHint;
  now?: () => number;
}

/** Refresh this long before the access token expires, so requests never carry a stale one. */
export const EXPIRY_MARGIN_MS = 30_000;

export const SESSION_HINT_KEY = "edudiary.session";

export const storageHint: SessionHint = {
  read: () => readPreference(SESSION_HINT_KEY) === "1",
  write: (on) => writePreference(SESSION_HINT_KEY, on ? "1" : null),
};

/** Answers of the refresh endpoint that mean "there is no session to continue". */
function endsSession(error: unknown): error is ApiProblem {
  return error instanceof ApiProblem && error.status >= 400 && error.status < 500 && error.status !== 429;
}

export type Session = ReturnType<typeof createSession>;

export function createSession(deps: SessionDeps) {
  const now = deps.now ?? Date.now;
  const listeners = new Set<() => void>();
  let state: SessionSnapshot = {
    status: deps.hint.read() ? "unknown" : "signed-out",
    accessToken: null,
    expiresAt: 0,
    endedReason: null,
    version: 0,
  };
  let inflight: Promise<string | null> | null = null;

  function set(next: Partial<SessionSnapshot>) {
    state = { ...state, ...next, version: state.version + 1 };
    for (const listener of listeners) listener();
  }

  function fresh(): boolean {
    return state.status === "signed-in" && !!state.accessToken && state.expiresAt - now() > EXPIRY_MARGIN_MS;
  }

  function apply(accessToken: string, expiresAt: number) {
    deps.hint.write(true);
    set({ status: "signed-in", accessToken, expiresAt, endedReason: null });
  }

  function grant(tokens: TokenGrant) {
    const expiresAt = now() + tokens.expires_in * 1000;
    apply(tokens.access_token, expiresAt);
    deps.channel?.post({ type: "tokens", accessToken: tokens.access_token, expiresAt });
  }

  function end(reason: string | null, broadcast: boolean) {
    deps.hint.write(false);
    // The offline copy of the diary week is this session's: it goes with it.
    forgetOfflineWeek();
    set({ status: "signed-out", accessToken: null, expiresAt: 0, endedReason: reason });
    if (broadcast) deps.channel?.post({ type: "signed-out" });
  }

  deps.channel?.subscribe((message: SessionMessage) => {
    if (message.type === "tokens") {
      apply(message.accessToken, message.expiresAt);
    } else if (state.status !== "signed-out") {
      end(null, false);
    }
  });

  function refresh(): Promise<string | null> {
    if (inflight) return inflight;
    const startedAt = state.version;
    inflight = deps
      .lock(async () => {
        // While this tab waited for the lock, another one may have refreshed and shared it.
        if (state.version !== startedAt && fresh()) return state.accessToken;
        try {
          const tokens = await deps.requestRefresh();
          grant(tokens);
          return tokens.access_token;
        } catch (error) {
          if (endsSession(error)) {
            end(state.status === "signed-in" ? (error.problem?.detail ?? null) : null, true);
            return null;
          }
          throw error;
        }
      })
      .finally(() => {
        inflight = null;
      });
    return inflight;
  }

  return {
    snapshot: (): SessionSnapshot => state,

    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** After log-in, registration or a refresh elsewhere: the tokens the server issued. */
    signIn(tokens: TokenGrant) {
      grant(tokens);
    },

    /** Forgets the session here and in the other tabs (the server call is the caller's). */
    signOut(reason: string | null = null) {
      end(reason, true);
    },

    refresh,

    /** A token fit to send now: the current one, a refreshed one, or null when signed out. */
    async validToken(): Promise<string | null> {
      if (inflight) return inflight.catch(() => null);
      if (state.status === "signed-out") return null;
      if (fresh()) return state.accessToken;
      if (state.status === "signed-in" || state.status === "unknown") {
        return refresh().catch(() => state.accessToken);
      }
      return null;
    },

    /** On start-up: continue the session the cookie holds, if the hint says there may be one. */
    async bootstrap(): Promise<void> {
      if (!deps.hint.read()) {
        if (state.status !== "signed-in") set({ status: "signed-out" });
        return;
      }
      if (state.status === "error") set({ status: "unknown" });
      try {
        await refresh();
      } catch {
        // Network trouble: the session may well be alive. Say so instead of logging out.
        if (state.status !== "signed-in") set({ status: "error" });
      }
    },
  };
}
