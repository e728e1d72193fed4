/**
 * Coordination between tabs of the same browser: an exclusive lock around the refresh
 * call and a channel that shares its outcome.
 *
 * Why: the refresh token is rotated on every use and the server revokes the whole
 * session family when an old one comes back. Two tabs refreshing at the same moment
 * would both send the same cookie — the second would look like a replay. Under the lock
 * the second tab waits, then either takes the token the first one broadcast or refreshes
 * with the cookie the first one received.
 */

export type LockRunner = <T>(task: () => Promise<T>) => Promise<T>;

export const REFRESH_LOCK_NAME = "edudiary.auth.refresh";
const STORAGE_LOCK_KEY = "edudiary.auth.refresh-lock";
const STORAGE_LOCK_TTL_MS = 10_000;

interface LockRecord {
  owner: string;
  until: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The Web Locks API (every current browser): held until `task` settles, even across tabs. */
function webLock(name: string): LockRunner | null {
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  if (!locks || typeof locks.request !== "function") return null;
  return <T>(task: () => Promise<T>) =>
    locks.request(name, { mode: "exclusive" }, () => task()) as Promise<T>;
}

/**
 * A localStorage mutex for browsers without Web Locks: write-then-verify with an expiry,
 * so a tab that died holding it blocks the others for at most ten seconds.
 */
export function storageLock(storage: Storage, key = STORAGE_LOCK_KEY): LockRunner {
  return async <T>(task: () => Promise<T>) => {
    const me = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const giveUpAt = Date.now() + STORAGE_LOCK_TTL_MS;
    let held = false;
    while (!held && Date.now() < giveUpAt) {
      let current: LockRecord | null = null;
      try {
        current = JSON.parse(storage.getItem(key) ?? "null") as LockRecord | null;
      } catch {
        current = null;
      }
      if (!current || current.until < Date.now()) {
        try {
          storage.setItem(key, JSON.stringify({ owner: me, until: Date.now() + STORAGE_LOCK_TTL_MS }));
        } catch {
          break; // storage unusable: run without the lock
        }
        await sleep(25);
        held = (JSON.parse(storage.getItem(key) ?? "null") as { owner?: string } | null)?.owner === me;
      } else {
        await sleep(100);
      }
    }
    try {
      return await task();
    } finally {
      if (held) {
        try {
          if ((JSON.parse(storage.getItem(key) ?? "null") as { owner?: string } | null)?.owner === me) {
            storage.removeItem(key);
          }
        } catch {
          // nothing to release
        }
      }
    }
  };
}

/** Serialises tasks inside this tab only (the fallback's fallback). */
export function localLock(): LockRunner {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>) => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

export function browserLock(): LockRunner {
  const web = webLock(REFRESH_LOCK_NAME);
  if (web) return web;
  try {
    if (typeof window !== "undefined" && window.localStorage) return storageLock(window.localStorage);
  } catch {
    // storage disabled
  }
  return localLock();
}

export type SessionMessage =
  | { type: "tokens"; accessToken: string; expiresAt: number }
  | { type: "signed-out" };

export interface SessionChannel {
  post(message: SessionMessage): void;
  subscribe(listener: (message: SessionMessage) => void): () => void;
}

export const CHANNEL_NAME = "edudiary.auth";

/** A BroadcastChannel between this origin's tabs; null where there is none. */
export function browserChannel(): SessionChannel | null {
  if (typeof BroadcastChannel === "undefined") return null;
  const channel = new BroadcastChannel(CHANNEL_NAME);
  return {
    post(message) {
      channel.postMessage(message);
    },
    subscribe(listener) {
      const handler = (event: MessageEvent<SessionMessage>) => listener(event.data);
      channel.addEventListener("message", handler);
      return () => channel.removeEventListener("message", handler);
    },
  };
}
