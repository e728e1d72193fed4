import { describe, expect, it } from "vitest";

import { checkEvent, eventBody, type EventValues } from "./event-form";

const values = (fields: Partial<EventValues> = {}): EventValues => ({
  kind: "parent_meeting",
  title: "Родительское собрание 9-Б",
  classIds: [],
  startDay: "10.12.2026",
  startTime: "18:00",
  endDay: "",
  endTime: "19:00",
  place: "Актовый зал",
  description: "",
  ...fields,
});

const TODAY = "2026-12-07";

describe("checkEvent", () => {
  it("passes a good event", () => {
    expect(checkEvent(values(), TODAY)).toEqual({});
  });

  it("puts each problem on its field", () => {
    expect(checkEvent(values({ title: "  " }), TODAY)).toEqual({ title: "events.event.errors.title" });
    expect(checkEvent(values({ startDay: "31.02.2026" }), TODAY)).toEqual({ startDay: "events.event.errors.day" });
    expect(checkEvent(values({ startDay: "01.12.2026" }), TODAY)).toEqual({ startDay: "events.event.errors.dayPast" });
    expect(checkEvent(values({ startTime: "18.00" }), TODAY)).toEqual({ startTime: "events.event.errors.time" });
    expect(checkEvent(values({ endTime: "17:00" }), TODAY)).toEqual({ endTime: "events.event.errors.order" });
    expect(checkEvent(values({ endDay: "09.12.2026" }), TODAY)).toEqual({ endDay: "events.event.errors.order" });
  });

  it("asks no times of a holiday, and lets it last one day", () => {
    expect(checkEvent(values({ kind: "holiday", startTime: "", endTime: "" }), TODAY)).toEqual({});
  });
});

describe("eventBody", () => {
  it("sends the school's clock and the whole school when no class is chosen", () => {
    expect(eventBody(values(), "school", "Asia/Vladivostok")).toEqual({
      school_id: "school",
      class_ids: null,
      kind: "parent_meeting",
      title: "Родительское собрание 9-Б",
      starts_at: "2026-12-10T18:00:00+10:00",
      ends_at: "2026-12-10T19:00:00+10:00",
      place: "Актовый зал",
      description: null,
    });
  });

  it("makes a holiday whole days: midnight to the midnight after its last day", () => {
    const body = eventBody(
      values({ kind: "holiday", title: "Зимние каникулы", startDay: "29.12.2026", endDay: "31.12.2026", classIds: ["a"], place: "" }),
      "school",
      "Europe/Moscow",
    );
    expect(body).toMatchObject({
      class_ids: ["a"],
      starts_at: "2026-12-29T00:00:00+03:00",
      ends_at: "2027-01-01T00:00:00+03:00",
      place: null,
    });
  });
});
