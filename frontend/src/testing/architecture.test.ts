import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

// bulletproof-react's one-way rule: app -> features -> shared (components, lib, api).
// Features never import each other; shared code never imports features or app.

const SRC = path.resolve(import.meta.dirname, "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

/** Imports of a file, resolved to paths relative to src/ ("features/health/api/get-health"). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(?\s*)["']([^"']+)["']/g)].map((m) => m[1]!);
  return specifiers.flatMap((spec) => {
    if (spec.startsWith("@/")) return [spec.slice(2)];
    if (spec.startsWith(".")) return [path.relative(SRC, path.resolve(path.dirname(file), spec))];
    return [];
  });
}

function area(relative: string): string {
  const [top, feature] = relative.split(path.sep).join("/").split("/");
  return top === "features" ? `features/${feature}` : (top ?? "");
}

// testing/ may use app/ (the providers), as in bulletproof-react.
const SHARED = new Set(["components", "lib", "api", "styles"]);

describe("module boundaries", () => {
  const files = sourceFiles(SRC).filter((f) => !f.endsWith(".test.ts") && !f.endsWith(".test.tsx"));

  it("finds the source files", () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it("keeps features apart and shared code free of features and app", () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = area(path.relative(SRC, file));
      for (const target of importsOf(file)) {
        const to = area(target);
        const featureToFeature = from.startsWith("features/") && to.startsWith("features/") && from !== to;
        const sharedToUpper = SHARED.has(from) && (to === "app" || to.startsWith("features/"));
        const toApp = from.startsWith("features/") && to === "app";
        if (featureToFeature || sharedToUpper || toApp) {
          violations.push(`${path.relative(SRC, file)} -> ${target}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });
});
