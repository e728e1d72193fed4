import { describe, expect, it } from "vitest";

import { passFail, weightedAverage, whatIf } from "./what-if";

const THRESHOLDS = { five_from: 4.5, four_from: 3.5, three_from: 2.5 };

describe("the weighted average", () => {
  it("is Σ(grade × weight) / Σ weights, to hundredths", () => {
    // 5×1 + 4×1 + 3×2 = 15 over 4 → 3,75
    expect(
      weightedAverage([
        { value: 5, weight: 1 },
        { value: 4, weight: 1 },
        { value: 3, weight: 2 },
      ]),
    ).toEqual({ weightedSum: 15, weightTotal: 4, average: 3.75 });
  });

  it("rounds half up like the server, without float surprises", () => {
    // 5×1 + 4×1 + 4×1 + 5×1.5 + 4×0.5 = 22.5 / 5 = 4.5
    expect(
      weightedAverage([
        { value: 5, weight: 1 },
        { value: 4, weight: 1 },
        { value: 4, weight: 1 },
        { value: 5, weight: 1.5 },
        { value: 4, weight: 0.5 },
      ]).average,
    ).toBe(4.5);
    // 14/3 = 4.666… → 4.67; 37/8 = 4.625 → 4.63 (half up)
    expect(weightedAverage([5, 5, 4].map((value) => ({ value, weight: 1 }))).average).toBe(4.67);
    expect(
      weightedAverage([
        { value: 5, weight: 1.5 },
        { value: 4, weight: 1 },
        { value: 5, weight: 1.5 },
        { value: 4, weight: 1.5 },
        { value: 5, weight: 1 },
        { value: 4, weight: 1.5 },
      ]).average,
    ).toBe(4.5);
    expect(
      weightedAverage([
        { value: 5, weight: 5 },
        { value: 4, weight: 3 },
      ]).average,
    ).toBe(4.63);
  });

  it("ignores pass/fail marks and has no average without numeric grades", () => {
    expect(weightedAverage([{ value: "pass", weight: 1 }]).average).toBeNull();
    expect(weightedAverage([]).average).toBeNull();
  });
});

describe("«Что если»", () => {
  const grades = [
    { value: 4, weight: 1 },
    { value: 4, weight: 1 },
    { value: 5, weight: 2 },
  ];

  it("adds hypothetical grades and gives the term grade by the thresholds", () => {
    expect(whatIf(grades, [], THRESHOLDS, "graded")).toMatchObject({ average: 4.5, result: 5 });
    expect(whatIf(grades, [{ value: 2, weight: 2 }], THRESHOLDS, "graded")).toMatchObject({
      average: 3.67,
      result: 4,
    });
    expect(
      whatIf(grades, [{ value: 3, weight: 1 }], { ...THRESHOLDS, five_from: 4.65 }, "graded"),
    ).toMatchObject({ average: 4.2, result: 4 });
  });

  it("starts from nothing: one hypothetical grade is the average", () => {
    expect(whatIf([], [{ value: 3, weight: 2 }], THRESHOLDS, "graded")).toEqual({
      weightedSum: 6,
      weightTotal: 2,
      average: 3,
      result: 3,
    });
    expect(whatIf([], [], THRESHOLDS, "graded").result).toBeNull();
  });

  it("passes a pass/fail subject when passes are at least as many as fails", () => {
    const marks = [{ value: "pass" as const, weight: 1 }, { value: "fail" as const, weight: 1 }];
    expect(passFail(marks)).toBe("pass");
    expect(whatIf(marks, [{ value: "fail", weight: 1 }], THRESHOLDS, "pass_fail").result).toBe("fail");
    expect(whatIf([], [], THRESHOLDS, "pass_fail").result).toBeNull();
  });
});
