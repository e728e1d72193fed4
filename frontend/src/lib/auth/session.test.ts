import { describe, expect, it, vi } from "vitest";

import { ApiProblem } from "@/lib/problem";

import { localLock, storageLock, type SessionChannel, type SessionMessage } from "./cross-tab";
import { createSession, type SessionHint, type TokenGrant } from "./session";

/**
 * A refresh endpoint that behaves like the server: it rotates the refresh token on every
 * use, and a token used twice revokes the whole family. The cookie jar is shared by every
 * tab of the browser, as it is in Chromium.
 */
function fakeServer() {
  let current = "r0";
  let generation = 0;
  let revoked = false;
  const jar = { cookie: "r0" as string | null };
  const calls: string[] = [];
  const refresh = async (): Promise<TokenGrant> => {
    const sent = jar.cookie;
    calls.push(sent ?? "(none)");
    await new Promise((resolve) => setTimeout(resolve, 5)); // the network
    if (revoked || sent !== current) {
      revoked = true; // reuse of a rotated token: the family is gone
      throw new ApiProblem(401, {
        type: "urn:edudiary:problem:refresh_token_reused",
        title: "Требуется вход",
        status: 401,
        detail: "Этот ключ обновления уже был использован.",
        code: "refresh_token_reused",
        errors: [],
      });
    }
    generation++;
    current = `r${generation}`;
    jar.cookie = current; // Set-Cookie arrives with the response
    return { access_token: `a${generation}`, expires_in: 900 };
  };
  return { refresh, calls, jar, isRevoked: () => revoked };
}

/** A BroadcastChannel between in-memory "tabs". */
function fakeChannelHub() {
  const listeners = new Set<{ owner: number; fn: (m: SessionMessage) => void }>();
  let next = 0;
  return () => {
    const owner = next++;
    const channel: SessionChannel = {
      post(message) {
        for (const l of listeners) if (l.owner !== owner) queueMicrotask(() => l.fn(message));
      },
      subscribe(fn) {
        const entry = { owner, fn };
        listeners.add(entry);
        return () => listeners.delete(entry);
      },
    };
    return channel;
  };
}

function memoryHint(on = true): SessionHint {
  let value = on;
  return { read: () => value, write: (v) => (value = v) };
}

describe("the session's refresh", () => {
  it("is single-flight: concurrent callers share one refresh call", async () => {
    const server = fakeServer();
    const session = createSession({ requestRefresh: server.refresh, lock: localLock(), channel: null, hint: memoryHint() });

    const tokens = await Promise.all([session.refresh(), session.refresh(), session.refresh(), session.validToken()]);

    expect(tokens).toEqual(["a1", "a1", "a1", "a1"]);
    expect(server.calls).toHaveLength(1);
    expect(session.snapshot().status).toBe("signed-in");
  });

  it("refreshes again later with the rotated cookie", async () => {
    const server = fakeServer();
    const session = createSession({ requestRefresh: server.refresh, lock: localLock(), channel: null, hint: memoryHint() });
    await session.refresh();
    await session.refresh();
    expect(server.calls).toEqual(["r0", "r1"]);
    expect(server.isRevoked()).toBe(false);
  });

  it("two tabs without a shared lock would replay the cookie and lose the session", async () => {
    const server = fakeServer();
    const tabA = createSession({ requestRefresh: server.refresh, lock: localLock(), channel: null, hint: memoryHint() });
    const tabB = createSession({ requestRefresh: server.refresh, lock: localLock(), channel: null, hint: memoryHint() });

    await Promise.all([tabA.refresh(), tabB.refresh()]);

    expect(server.isRevoked()).toBe(true); // what the cross-tab lock prevents
  });

  it("two tabs under the shared lock never refresh concurrently, and share the result", async () => {
    const server = fakeServer();
    const lock = localLock(); // one lock for both "tabs", as navigator.locks is per origin
    const hub = fakeChannelHub();
    const tabA = createSession({ requestRefresh: server.refresh, lock, channel: hub(), hint: memoryHint() });
    const tabB = createSession({ requestRefresh: server.refresh, lock, channel: hub(), hint: memoryHint() });

    const [a, b] = await Promise.all([tabA.refresh(), tabB.refresh()]);

    expect(server.isRevoked()).toBe(false);
    expect(server.calls).toEqual(["r0"]); // B took the token A broadcast while it waited
    expect(a).toBe("a1");
    expect(b).toBe("a1");
    expect(tabB.snapshot().status).toBe("signed-in");
  });

  it("works with the localStorage lock where there is no Web Locks API", async () => {
    const server = fakeServer();
    const lock = storageLock(window.localStorage, "test.lock");
    const tabA = createSession({ requestRefresh: server.refresh, lock, channel: null, hint: memoryHint() });
    const tabB = createSession({ requestRefresh: server.refresh, lock, channel: null, hint: memoryHint() });

    await Promise.all([tabA.refresh(), tabB.refresh()]);

    expect(server.isRevoked()).toBe(false);
    expect(server.calls).toEqual(["r0", "r1"]); // one after the other, each with the fresh cookie
    expect(window.localStorage.getItem("test.lock")).toBeNull();
  });

  it("signs out, forgets the hint and keeps the server's reason when the refresh is refused", async () => {
    const server = fakeServer();
    const hint = memoryHint();
    const session = createSession({ requestRefresh: server.refresh, lock: localLock(), channel: null, hint });
    await session.refresh();
    server.jar.cookie = "stolen-and-replayed";

    expect(await session.refresh()).toBeNull();

    const state = session.snapshot();
    expect(state.status).toBe("signed-out");
    expect(state.accessToken).toBeNull();
    expect(state.endedReason).toBe("Этот ключ обновления уже был использован.");
    expect(hint.read()).toBe(false);
  });

  it("keeps the session on a network failure and reports it from bootstrap as an error", async () => {
    const requestRefresh = vi.fn(async () => {
      throw new TypeError("Failed to fetch");
    });
    const session = createSession({ requestRefresh, lock: localLock(), channel: null, hint: memoryHint() });
    expect(session.snapshot().status).toBe("unknown");

    await session.bootstrap();

    expect(session.snapshot().status).toBe("error");
    expect(requestRefresh).toHaveBeenCalledTimes(1);
  });

  it("does not call the server on start-up without a hint of a session", async () => {
    const requestRefresh = vi.fn();
    const session = createSession({ requestRefresh, lock: localLock(), channel: null, hint: memoryHint(false) });
    await session.bootstrap();
    expect(session.snapshot().status).toBe("signed-out");
    expect(requestRefresh).not.toHaveBeenCalled();
  });

  it("follows sign-in and sign-out in other tabs", async () => {
    const hub = fakeChannelHub();
    const server = fakeServer();
    const tabA = createSession({ requestRefresh: server.refresh, lock: localLock(), channel: hub(), hint: memoryHint(false) });
    const tabB = createSession({ requestRefresh: server.refresh, lock: localLock(), channel: hub(), hint: memoryHint(false) });

    tabA.signIn({ access_token: "from-login", expires_in: 900 });
    await Promise.resolve();
    expect(tabB.snapshot()).toMatchObject({ status: "signed-in", accessToken: "from-login" });

    tabB.signOut();
    await Promise.resolve();
    expect(tabA.snapshot()).toMatchObject({ status: "signed-out", accessToken: null });
  });

  it("refreshes a token that is about to expire before handing it out", async () => {
    let now = 1_000_000;
    const server = fakeServer();
    const session = createSession({
      requestRefresh: server.refresh,
      lock: localLock(),
      channel: null,
      hint: memoryHint(),
      now: () => now,
    });
    session.signIn({ access_token: "old", expires_in: 60 });
    expect(await session.validToken()).toBe("old");
    now += 45_000; // 15 s left: inside the margin
    expect(await session.validToken()).toBe("a1");
  });
});
