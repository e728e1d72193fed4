import { describe, expect, it } from "vitest";

import en from "./en.json";
import ru from "./ru.json";

type Tree = { [key: string]: string | Tree };

function keys(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`),
  );
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).sort();
}

function lookup(tree: Tree, key: string): string {
  return key.split(".").reduce<string | Tree>((node, part) => (node as Tree)[part]!, tree) as string;
}

describe("translations", () => {
  it("English has exactly the Russian keys", () => {
    expect(keys(en).sort()).toEqual(keys(ru).sort());
  });

  it("both languages use the same placeholders", () => {
    for (const key of keys(ru)) {
      expect(placeholders(lookup(en, key)), key).toEqual(placeholders(lookup(ru, key)));
    }
  });

  it("has no empty strings", () => {
    for (const key of keys(ru)) {
      expect(lookup(ru, key).trim(), key).not.toBe("");
      expect(lookup(en, key).trim(), key).not.toBe("");
    }
  });

  it("puts no full stop after a date in Russian: the date ends in «г.» already («7 декабря 2026 г.», not «г..»)", () => {
    // formatDate's output goes into these placeholders; times ({{until}}, «… в 15:30») may take one.
    const datePlaceholder = /\{\{(date|from|to|day|deadline)\}\}\./;
    const doubled = keys(ru).filter((key) => datePlaceholder.test(lookup(ru, key)));
    expect(doubled).toEqual([]);
  });

  it("calls a parent's application «заявление», never «заявка»", () => {
    expect(keys(ru).filter((key) => /заявк/i.test(lookup(ru, key)))).toEqual([]);
  });
});
