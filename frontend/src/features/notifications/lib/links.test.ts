import { describe, expect, it } from "vitest";

import { notificationTarget } from "./links";

const ID = "3f1c2b9a-1d2e-4f5a-8b6c-7d8e9f0a1b2c";
const HW = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

describe("where a notification leads", () => {
  it("opens the week of a grade or an absence in the diary", () => {
    expect(notificationTarget(`/students/${ID}/diary?week=2026-W48`)).toBe(`/diary/${ID}?week=2026-W48`);
    expect(notificationTarget(`/students/${ID}/diary`)).toBe(`/diary/${ID}`);
  });

  it("opens absence notes for the family, and the class teacher's page for staff", () => {
    expect(notificationTarget(`/students/${ID}/absence-notes`)).toBe(`/diary/${ID}/attendance`);
    expect(notificationTarget(`/students/${ID}/absence-notes`, true)).toBe(`/teach/students/${ID}/absence-notes`);
  });

  it("opens homework", () => {
    expect(notificationTarget(`/students/${ID}/homework/${HW}`)).toBe(`/diary/${ID}/homework`);
    expect(notificationTarget(`/students/${ID}/homework`)).toBe(`/diary/${ID}/homework`);
  });

  it("never leads off the site", () => {
    expect(notificationTarget("https://evil.example/")).toBeNull();
    expect(notificationTarget("//evil.example/x")).toBeNull();
    expect(notificationTarget(null)).toBeNull();
    expect(notificationTarget("/profile")).toBe("/profile");
  });
});
