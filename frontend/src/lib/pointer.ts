import { useSyncExternalStore } from "react";

const COARSE = "(pointer: coarse)";

function subscribe(onChange: () => void): () => void {
  if (typeof window === "undefined" || !window.matchMedia) return () => undefined;
  const query = window.matchMedia(COARSE);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

function coarse(): boolean {
  return typeof window !== "undefined" && !!window.matchMedia && window.matchMedia(COARSE).matches;
}

/**
 * A finger is the main pointer (phone, tablet): keyboard hints («Ctrl+Z», «Tab») mean
 * nothing there, and touch users get hints about buttons instead.
 */
export function useCoarsePointer(): boolean {
  return useSyncExternalStore(subscribe, coarse, () => false);
}
