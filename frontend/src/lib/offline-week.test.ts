import { beforeEach, describe, expect, it } from "vitest";

import { createSession, type SessionHint } from "./auth/session";
import { forgetOfflineWeek, keepOfflineWeek, keepOnlyWeekOf, OFFLINE_WEEK_KEY, readOfflineWeek, type OfflineWeek } from "./offline-week";

const week = (accountId: string): OfflineWeek => ({
  accountId,
  savedAt: "2026-12-07T15:02:00.000Z",
  diary: {
    week: "2026-W50",
    timezone: "Europe/Moscow",
    days: [],
    events: [],
    student: {
      id: "s1",
      last_name: "Петров",
      first_name: "Пётр",
      middle_name: null,
      school: { id: "sc", name: "Школа № 1" },
      school_class: { id: "c", name: "5А" },
    },
  } as unknown as OfflineWeek["diary"],
});

function memoryHint(on: boolean): SessionHint {
  let value = on;
  return { read: () => value, write: (next) => (value = next) };
}

describe("the offline copy of the diary week", () => {
  beforeEach(() => forgetOfflineWeek());

  it("is read back as kept, with its account", () => {
    keepOfflineWeek(week("a1"));
    expect(readOfflineWeek()).toEqual(week("a1"));
  });

  it("goes when another account signs in, stays for the same one", () => {
    keepOfflineWeek(week("a1"));
    keepOnlyWeekOf("a1");
    expect(readOfflineWeek()?.accountId).toBe("a1");
    keepOnlyWeekOf("a2");
    expect(readOfflineWeek()).toBeNull();
  });

  it("a damaged copy is no copy (and is dropped)", () => {
    window.localStorage.setItem(OFFLINE_WEEK_KEY, "{not json");
    expect(readOfflineWeek()).toBeNull();
    window.localStorage.setItem(OFFLINE_WEEK_KEY, JSON.stringify({ accountId: "a1" }));
    expect(readOfflineWeek()).toBeNull();
    expect(window.localStorage.getItem(OFFLINE_WEEK_KEY)).toBeNull();
  });

  it("goes with the session: on sign-out here", () => {
    const session = createSession({
      requestRefresh: async () => ({ access_token: "a", expires_in: 900 }),
      lock: (fn) => fn(),
      channel: null,
      hint: memoryHint(true),
    });
    session.signIn({ access_token: "a", expires_in: 900 });
    keepOfflineWeek(week("a1"));
    session.signOut();
    expect(readOfflineWeek()).toBeNull();
  });

  it("stays when only the network is missing (the session may be alive)", async () => {
    const session = createSession({
      requestRefresh: async () => {
        throw new TypeError("Failed to fetch");
      },
      lock: (fn) => fn(),
      channel: null,
      hint: memoryHint(true),
    });
    keepOfflineWeek(week("a1"));
    await session.bootstrap();
    expect(session.snapshot().status).toBe("error");
    expect(readOfflineWeek()?.accountId).toBe("a1");
  });
});
