import { act, renderHook } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";

import { clearDraft, readDraft, useSessionDraft, writeDraft } from "./draft";

type Draft = { name: string; password: string; step: number };
const EMPTY: Draft = { name: "", password: "", step: 1 };

beforeEach(() => window.sessionStorage.clear());

describe("form drafts", () => {
  it("writes without the omitted keys and reads back over the defaults", () => {
    writeDraft("d", { name: "Анна", password: "секрет", step: 2 }, ["password"]);
    expect(window.sessionStorage.getItem("d")).toBe('{"name":"Анна","step":2}');
    expect(readDraft("d", EMPTY)).toEqual({ name: "Анна", password: "", step: 2 });
    clearDraft("d");
    expect(readDraft("d", EMPTY)).toEqual(EMPTY);
  });

  it("survives a broken stored value", () => {
    window.sessionStorage.setItem("d", "{not json");
    expect(readDraft("d", EMPTY)).toEqual(EMPTY);
  });

  it("a remounted form gets what was typed before", () => {
    const first = renderHook(() => useSessionDraft("d", EMPTY, ["password"]));
    act(() => first.result.current[1]({ name: "Анна", password: "секрет" }));
    first.unmount();

    const second = renderHook(() => useSessionDraft("d", EMPTY, ["password"]));
    expect(second.result.current[0]).toEqual({ name: "Анна", password: "", step: 1 });

    act(() => second.result.current[2]());
    expect(window.sessionStorage.getItem("d")).toBeNull();
    expect(second.result.current[0]).toEqual(EMPTY);
  });
});
