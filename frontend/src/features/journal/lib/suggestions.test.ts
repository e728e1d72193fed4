import { describe, expect, it } from "vitest";

import type { JournalLesson } from "../api/types";
import { suggestionLesson } from "./suggestions";

const lesson = (id: string, date: string, number = 1): JournalLesson => ({ id, date, number, status: "scheduled", topic: null });

describe("suggestionLesson", () => {
  const lessons = [lesson("mon", "2026-11-09"), lesson("wed", "2026-11-11"), lesson("wed2", "2026-11-11", 2), lesson("fri", "2026-11-13")];

  it("takes the last lesson on or before the result's date", () => {
    expect(suggestionLesson(lessons, "2026-11-12")?.id).toBe("wed2");
    expect(suggestionLesson(lessons, "2026-11-13")?.id).toBe("fri");
  });

  it("falls back to the first lesson when the result is older than all of them", () => {
    expect(suggestionLesson(lessons, "2026-11-01")?.id).toBe("mon");
    expect(suggestionLesson([], "2026-11-01")).toBeUndefined();
  });
});
