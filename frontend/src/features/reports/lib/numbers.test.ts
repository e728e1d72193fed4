import { describe, expect, it } from "vitest";

import { formatDelta, formatNumber, formatPercent, scale } from "./numbers";

describe("report numbers", () => {
  it("writes Russian decimals with a comma and percents with a no-break space", () => {
    expect(formatNumber(4.67, "ru")).toBe("4,67");
    expect(formatPercent(93.3, "ru")).toBe("93,3\u00a0%");
    expect(formatPercent(93.3, "en")).toBe("93.3%");
    expect(formatPercent(null, "ru")).toBe("—");
  });

  it("signs deltas with a real minus", () => {
    expect(formatDelta(-0.5, "ru")).toBe("\u22120,50");
    expect(formatDelta(0.5, "ru")).toBe("+0,50");
    expect(formatDelta(0, "ru")).toBe("0,00");
    expect(formatDelta(null, "ru")).toBe("—");
  });

  it("scales onto a range and survives a flat one", () => {
    expect(scale(3, 1, 5, 100, 0)).toBe(50);
    expect(scale(4, 4, 4, 0, 10)).toBe(5);
  });
});
