import { describe, expect, it } from "vitest";

import { DIARY } from "../testing/fixtures";
import { eventDays, eventsOn } from "./events";

const holiday = {
  ...DIARY.events[0]!,
  id: "h",
  kind: "holiday" as const,
  title: "Карантин",
  all_day: true,
  starts_at: "2026-11-26T00:00:00+10:00",
  ends_at: "2026-11-28T00:00:00+10:00",
};

describe("eventDays", () => {
  it("ends a whole-day event on the day before the midnight it ends at", () => {
    expect(eventDays(holiday)).toEqual({ first: "2026-11-26", last: "2026-11-27" });
  });

  it("puts a test on its lesson's day only", () => {
    const test = DIARY.events[0]!;
    expect(eventsOn([test, holiday], "2026-11-26").map((e) => e.id)).toEqual([test.id, "h"]);
    expect(eventsOn([test, holiday], "2026-11-27").map((e) => e.id)).toEqual(["h"]);
    expect(eventsOn([test, holiday], "2026-11-28")).toEqual([]);
  });
});
