/**
 * localStorage that never throws: private browsing, disabled storage and quota errors
 * must not break the page, the preference is simply not remembered.
 */
export function readPreference(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writePreference(key: string, value: string | null): void {
  try {
    if (value === null) {
      window.localStorage.removeItem(key);
    } else {
      window.localStorage.setItem(key, value);
    }
  } catch {
    // Not remembered; the choice still applies to this page view.
  }
}
