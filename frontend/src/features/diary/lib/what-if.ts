/**
 * «Что если»: the weighted average and the term grade with hypothetical grades added,
 * computed the way the server does (api/diary/grades/averages.py), so the answer shows
 * as the parent types; the server's what-if endpoint stays the reference.
 *
 * average = Σ(grade × weight) / Σ weights over numeric grades, rounded half up to
 * hundredths; the term grade follows the school's thresholds; a pass/fail subject is
 * passed when passes are at least as many as fails.
 */

import {
  finalGrade,
  passFail,
  weightedAverage,
  type GradeValue,
  type Thresholds,
  type WeightedGrade,
  type WeightedSums,
} from "@/lib/grades";

export { passFail, weightedAverage, type WeightedGrade } from "@/lib/grades";

export interface AverageResult extends WeightedSums {
  result: GradeValue | null;
}

export function whatIf(
  grades: readonly WeightedGrade[],
  hypothetical: readonly WeightedGrade[],
  thresholds: Thresholds,
  assessment: "graded" | "pass_fail",
): AverageResult {
  const all = [...grades, ...hypothetical];
  const sums = weightedAverage(all);
  if (assessment === "pass_fail") {
    return { ...sums, result: passFail(all) };
  }
  return { ...sums, result: sums.average === null ? null : finalGrade(sums.average, thresholds) };
}
