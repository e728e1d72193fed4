/**
 * How a grade looks: its tone (colour) and the text always shown with it, so the value
 * never depends on colour alone. 5 green, 4 light green, 3 amber, 2 and 1 red;
 * «зачёт» green, «незачёт» red.
 */

export type GradeValue = number | "pass" | "fail";
export type GradeTone = "excellent" | "good" | "fair" | "poor" | "pass" | "fail";

export function gradeTone(value: GradeValue): GradeTone {
  if (value === "pass") return "pass";
  if (value === "fail") return "fail";
  if (value >= 5) return "excellent";
  if (value === 4) return "good";
  if (value === 3) return "fair";
  return "poor";
}

type Language = "ru" | "en";

const PASS_FAIL: Record<Language, { short: Record<"pass" | "fail", string>; long: Record<"pass" | "fail", string> }> = {
  ru: { short: { pass: "зач", fail: "н/з" }, long: { pass: "зачёт", fail: "незачёт" } },
  en: { short: { pass: "P", fail: "F" }, long: { pass: "pass", fail: "fail" } },
};

/** What the badge shows: «5», «зач», «н/з». */
export function gradeText(value: GradeValue, language: Language = "ru"): string {
  return typeof value === "number" ? String(value) : PASS_FAIL[language].short[value];
}

/** What a screen reader and the tooltip say: «5», «зачёт», «незачёт». */
export function gradeWord(value: GradeValue, language: Language = "ru"): string {
  return typeof value === "number" ? String(value) : PASS_FAIL[language].long[value];
}

/** «2» for weight 2.0, «1,5» for 1.5 (Russian decimal comma). */
export function formatWeight(weight: number, language: Language = "ru"): string {
  return new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(weight);
}

/** «4,57» — an average to hundredths. */
export function formatAverage(average: number, language: Language = "ru"): string {
  return new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(average);
}

/** The tone of an average, by the grade it rounds to under the school's thresholds. */
export function averageTone(
  average: number,
  thresholds: { five_from: number; four_from: number; three_from: number } = DEFAULT_THRESHOLDS,
): GradeTone {
  return gradeTone(finalGrade(average, thresholds));
}

export const DEFAULT_THRESHOLDS = { five_from: 4.5, four_from: 3.5, three_from: 2.5 } as const;

export interface Thresholds {
  five_from: number;
  four_from: number;
  three_from: number;
}

/** The term grade an average gives under the school's thresholds (as the server's averages.py). */
export function finalGrade(average: number, thresholds: Thresholds): number {
  if (average >= thresholds.five_from) return 5;
  if (average >= thresholds.four_from) return 4;
  return average >= thresholds.three_from ? 3 : 2;
}

export interface WeightedGrade {
  value: GradeValue;
  weight: number;
}

// Weights are multiples of 0.1; work in hundredths of a weight to stay in integers.
const SCALE = 100;

export interface WeightedSums {
  weightedSum: number;
  weightTotal: number;
  average: number | null;
}

/**
 * Σ(grade × weight) / Σ weights over numeric grades, rounded half up to hundredths, as
 * the server's averages.py does; pass/fail marks do not count.
 */
export function weightedAverage(grades: readonly WeightedGrade[]): WeightedSums {
  let total = 0;
  let weights = 0;
  for (const grade of grades) {
    if (typeof grade.value !== "number") continue;
    const weight = Math.round(grade.weight * SCALE);
    total += grade.value * weight;
    weights += weight;
  }
  if (weights === 0) {
    return { weightedSum: total / SCALE, weightTotal: 0, average: null };
  }
  // Half up to hundredths with integers: floor((200·p + q) / (2·q)) / 100 for p/q.
  const hundredths = Math.floor((200 * total + weights) / (2 * weights));
  return { weightedSum: total / SCALE, weightTotal: weights / SCALE, average: hundredths / 100 };
}

/** A pass/fail subject is passed when passes are at least as many as fails. */
export function passFail(grades: readonly WeightedGrade[]): "pass" | "fail" | null {
  const marks = grades.filter((g) => typeof g.value !== "number");
  if (marks.length === 0) return null;
  const passes = marks.filter((g) => g.value === "pass").length;
  return passes >= marks.length - passes ? "pass" : "fail";
}

