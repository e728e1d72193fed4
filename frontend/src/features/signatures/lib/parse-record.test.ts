import { describe, expect, it } from "vitest";

import { parseRecord } from "./parse-record";

describe("parseRecord", () => {
  it("takes a saved record: an object document and a string signature", () => {
    const saved = { id: "1", document: { grades: [] }, signature: "a..b", key_id: "k" };
    expect(parseRecord(JSON.stringify(saved))).toEqual({ document: { grades: [] }, signature: "a..b" });
  });

  it("refuses anything else instead of sending it", () => {
    expect(parseRecord("not json")).toBeNull();
    expect(parseRecord("[1, 2]")).toBeNull();
    expect(parseRecord('{"document": [], "signature": "a..b"}')).toBeNull();
    expect(parseRecord('{"document": {}, "signature": 5}')).toBeNull();
    expect(parseRecord('{"signature": "a..b"}')).toBeNull();
  });
});
