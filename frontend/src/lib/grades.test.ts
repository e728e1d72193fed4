import { describe, expect, it } from "vitest";

import {
  averageTone,
  finalGrade,
  formatAverage,
  formatWeight,
  gradeText,
  gradeTone,
  gradeWord,
} from "./grades";

describe("grade colours and labels", () => {
  it("colours grades by value: 5 green, 4 light green, 3 amber, 2 and 1 red", () => {
    expect(gradeTone(5)).toBe("excellent");
    expect(gradeTone(4)).toBe("good");
    expect(gradeTone(3)).toBe("fair");
    expect(gradeTone(2)).toBe("poor");
    expect(gradeTone(1)).toBe("poor");
  });

  it("colours «зачёт» like a pass and «незачёт» like a fail", () => {
    expect(gradeTone("pass")).toBe("pass");
    expect(gradeTone("fail")).toBe("fail");
  });

  it("always shows the value in text, pass/fail in Russian or English", () => {
    expect(gradeText(5)).toBe("5");
    expect(gradeText(2)).toBe("2");
    expect(gradeText("pass")).toBe("зач");
    expect(gradeText("fail")).toBe("н/з");
    expect(gradeWord("pass")).toBe("зачёт");
    expect(gradeWord("fail")).toBe("незачёт");
    expect(gradeWord("pass", "en")).toBe("pass");
    expect(gradeText("fail", "en")).toBe("F");
  });

  it("writes weights and averages with a decimal comma", () => {
    expect(formatWeight(2)).toBe("2");
    expect(formatWeight(1.5)).toBe("1,5");
    expect(formatWeight(1.5, "en")).toBe("1.5");
    expect(formatAverage(4.5)).toBe("4,50");
    expect(formatAverage(3.666)).toBe("3,67");
  });

  it("rounds an average to a term grade by the school's thresholds", () => {
    const strict = { five_from: 4.65, four_from: 3.5, three_from: 2.5 };
    expect(finalGrade(4.6, strict)).toBe(4);
    expect(finalGrade(4.65, strict)).toBe(5);
    expect(finalGrade(4.6, { five_from: 4.5, four_from: 3.5, three_from: 2.5 })).toBe(5);
    expect(finalGrade(2.49, strict)).toBe(2);
    expect(averageTone(3.5)).toBe("good");
    expect(averageTone(2.4)).toBe("poor");
  });
});
