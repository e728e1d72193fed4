type Document = Record<string, unknown>;

export interface Saved {
  document: Document;
  signature: string;
}

/** The saved record, or null unless it is JSON with an object `document` and a string `signature`. */
export function parseRecord(text: string): Saved | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null) return null;
    const { document, signature } = value as { document?: unknown; signature?: unknown };
    if (typeof document !== "object" || document === null || Array.isArray(document)) return null;
    if (typeof signature !== "string") return null;
    return { document: document as Document, signature };
  } catch {
    return null;
  }
}
