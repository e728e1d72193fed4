import { useCallback, useState } from "react";

/**
 * A form draft kept in sessionStorage: it survives a reload, a failed submit and Back,
 * and disappears with the tab. Secrets never go in: `omit` names the keys left out
 * (a password is retyped after a reload, never stored).
 */
export function readDraft<T extends object>(key: string, fallback: T): T {
  try {
    const text = window.sessionStorage.getItem(key);
    if (!text) return fallback;
    const stored = JSON.parse(text) as unknown;
    return typeof stored === "object" && stored !== null ? { ...fallback, ...(stored as Partial<T>) } : fallback;
  } catch {
    return fallback;
  }
}

export function writeDraft<T extends object>(key: string, value: T, omit: readonly (keyof T)[] = []): void {
  try {
    const copy: Partial<T> = { ...value };
    for (const k of omit) delete copy[k];
    window.sessionStorage.setItem(key, JSON.stringify(copy));
  } catch {
    // Not kept; the form still works.
  }
}

export function clearDraft(key: string): void {
  try {
    window.sessionStorage.removeItem(key);
  } catch {
    // nothing to clear
  }
}

export function useSessionDraft<T extends object>(key: string, initial: T, omit: readonly (keyof T)[] = []) {
  const [draft, setDraftState] = useState<T>(() => readDraft(key, initial));

  const update = useCallback(
    (patch: Partial<T>) => {
      setDraftState((current) => {
        const next = { ...current, ...patch };
        writeDraft(key, next, omit);
        return next;
      });
    },
    // omit is a constant list at each call site
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );

  const clear = useCallback(() => {
    clearDraft(key);
    setDraftState(initial);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  return [draft, update, clear] as const;
}
