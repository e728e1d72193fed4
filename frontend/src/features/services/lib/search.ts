/**
 * Finding a service by what people type: «дневник», «электронный дневник», «дневник
 * ученика», «днивник», «Электроный Дневник». Client-side over a handful of services, so
 * plain code: every word of the query must match a word of the service — the same word,
 * its beginning («дневн»), or the word with a typo or two (Damerau–Levenshtein: one edit
 * for words of 4–6 letters, two from 7). Words of the service's title count double.
 */

const FOLD: Record<string, string> = { ё: "е", й: "и" };

/** Lower case, ё→е, й→и, punctuation and «№» dropped; the words. */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[ёй]/g, (ch) => FOLD[ch] ?? ch)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** The optimal string alignment distance, stopping early above `limit`. */
export function editDistance(a: string, b: string, limit = 2): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, previous2[j - 2]! + 1);
      }
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous2.splice(0, previous2.length, ...previous);
    previous = current;
  }
  return previous[b.length]!;
}

function typosAllowed(word: string): number {
  if (word.length >= 7) return 2;
  if (word.length >= 4) return 1;
  return 0;
}

/** How well one typed word matches one word of a service: 0 (not at all) to 3 (the same word). */
export function wordScore(typed: string, known: string): number {
  if (typed === known) return 3;
  if (typed.length >= 3 && known.startsWith(typed)) return 2.5;
  const allowed = typosAllowed(typed);
  if (allowed === 0) return 0;
  // The whole word with typos, or its beginning with typos (a word still being typed).
  if (editDistance(typed, known, allowed) <= allowed) return 2;
  if (typed.length >= 4 && known.length > typed.length && editDistance(typed, known.slice(0, typed.length), 1) <= 1) {
    return 1.5;
  }
  return 0;
}

export interface Searchable {
  /** The title's words count double. */
  title: string;
  keywords: readonly string[];
}

/** The score of a service for a query; 0 when some word of the query matches nothing. */
export function scoreService(query: string, service: Searchable): number {
  const typed = words(query);
  if (typed.length === 0) return 0;
  const titleWords = new Set(words(service.title));
  const allWords = new Set([...titleWords, ...service.keywords.flatMap(words)]);
  let total = 0;
  for (const word of typed) {
    let best = 0;
    for (const known of allWords) {
      const score = wordScore(word, known) * (titleWords.has(known) ? 2 : 1);
      if (score > best) best = score;
    }
    if (best === 0) return 0;
    total += best;
  }
  return total;
}

/** The services that match, best first. */
export function searchServices<T extends Searchable>(query: string, services: readonly T[]): T[] {
  return services
    .map((service, index) => ({ service, index, score: scoreService(query, service) }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((entry) => entry.service);
}
