import { readPreference, writePreference } from "@/lib/storage";

/** «Версия для слабовидящих»: larger text, high contrast. A class on <html>. */
export const ACCESSIBILITY_CLASS = "a11y-mode";
export const ACCESSIBILITY_STORAGE_KEY = "edudiary.a11y-mode";

export function isAccessibilityModeOn(): boolean {
  return document.documentElement.classList.contains(ACCESSIBILITY_CLASS);
}

export function setAccessibilityMode(on: boolean): void {
  document.documentElement.classList.toggle(ACCESSIBILITY_CLASS, on);
  writePreference(ACCESSIBILITY_STORAGE_KEY, on ? "on" : null);
}

/** Applies the stored choice; called once before the first render. */
export function restoreAccessibilityMode(): void {
  document.documentElement.classList.toggle(
    ACCESSIBILITY_CLASS,
    readPreference(ACCESSIBILITY_STORAGE_KEY) === "on",
  );
}
