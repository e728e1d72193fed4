import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";

import { applyLiveEvent } from "./live-updates";

describe("a live event", () => {
  it("makes stale what it concerns: the bell, the conversation list, that thread, the badge", () => {
    const client = new QueryClient();
    const keys = [
      ["notifications", 8, 0],
      ["messaging", "unread"],
      ["messaging", "conversations", false],
      ["messaging", "messages", "c1"],
      ["messaging", "messages", "c2"],
      ["messaging", "announcements", "mine"],
    ];
    for (const key of keys) client.setQueryData(key, { x: 1 });
    const stale = () => keys.filter((key) => client.getQueryState(key)?.isInvalidated).map((key) => key.join("/"));

    applyLiveEvent(client, { type: "message", id: "8", data: { type: "message", id: "m1", conversation_id: "c1" } });
    expect(stale()).toEqual(["messaging/unread", "messaging/conversations/false", "messaging/messages/c1"]);

    applyLiveEvent(client, { type: "notification", id: "9", data: { type: "notification", id: "n1" } });
    applyLiveEvent(client, { type: "announcement", id: "10", data: { type: "announcement", id: "a1" } });
    expect(stale()).toEqual([
      "notifications/8/0",
      "messaging/unread",
      "messaging/conversations/false",
      "messaging/messages/c1",
      "messaging/announcements/mine",
    ]);
  });
});
