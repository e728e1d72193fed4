/**
 * Input masks for fixed formats (UX.md): phone `+7 (999) 123-45-67`, SNILS `123-456-789 01`,
 * passport `45 09 123456`, issuer code `770-001`, dates `ДД.ММ.ГГГГ`. Each mask turns any
 * text — typed, autofilled or pasted unformatted — into its formatted form; the forms send
 * the server a normalised value and the server checks it again.
 */

export interface Mask {
  /** The formatted value for whatever is in the field now. */
  format(raw: string): string;
  /** The characters that carry meaning (digits); the rest is decoration. */
  significant: RegExp;
}

const onlyDigits = (text: string) => text.replace(/\D/g, "");

/** Groups `digits` as `[length, separator-before]` pairs; stops where the digits end. */
function group(digits: string, parts: ReadonlyArray<readonly [number, string]>): string {
  let out = "";
  let rest = digits;
  for (const [length, before] of parts) {
    if (!rest) break;
    out += (out ? before : "") + rest.slice(0, length);
    rest = rest.slice(length);
  }
  return out;
}

// ---- phone -------------------------------------------------------------------------

/**
 * The ten national digits of a Russian number as people write it: `+7 999…`, `8 999…`,
 * `7999…`, `999…`. A leading 8 or 7 on its own (the first key pressed) is the prefix.
 */
export function phoneNational(raw: string): string {
  const text = raw.trim();
  let digits = onlyDigits(text);
  if (text.startsWith("+")) {
    if (digits.startsWith("7")) digits = digits.slice(1);
    // "+7 (" followed by a pasted "8 999 …" or "7 999 …"
    if (digits.length === 11 && /^[78]/.test(digits)) digits = digits.slice(1);
  } else if ((digits.length === 11 || digits.length === 1) && /^[78]/.test(digits)) {
    digits = digits.slice(1);
  }
  return digits.slice(0, 10);
}

export function formatPhoneNational(national: string): string {
  if (!national) return "";
  let out = `+7 (${national.slice(0, 3)}`;
  if (national.length > 3) out += `) ${national.slice(3, 6)}`;
  if (national.length > 6) out += `-${national.slice(6, 8)}`;
  if (national.length > 8) out += `-${national.slice(8, 10)}`;
  return out;
}

export const phoneMask: Mask = {
  format(raw) {
    const national = phoneNational(raw);
    if (national) return formatPhoneNational(national);
    // Only the country prefix so far: keep it, so the next digit lands after it.
    const text = raw.trim();
    if (text === "+") return "+";
    return /^\+?[78]$/.test(text) ? "+7 (" : "";
  },
  significant: /\d/,
};

/** `+79991234567` for a complete number, else null. */
export function phoneToE164(value: string): string | null {
  const national = phoneNational(value);
  return national.length === 10 ? `+7${national}` : null;
}

/** `+79991234567` → `+7 (999) 123-45-67`; other text is returned as it is. */
export function formatPhone(e164: string): string {
  return /^\+7\d{10}$/.test(e164) ? formatPhoneNational(e164.slice(2)) : e164;
}

// ---- documents ----------------------------------------------------------------------

export const snilsMask: Mask = {
  format: (raw) => group(onlyDigits(raw).slice(0, 11), [[3, ""], [3, "-"], [3, "-"], [2, " "]]),
  significant: /\d/,
};

export const passportMask: Mask = {
  format: (raw) => group(onlyDigits(raw).slice(0, 10), [[2, ""], [2, " "], [6, " "]]),
  significant: /\d/,
};

export const issuerCodeMask: Mask = {
  format: (raw) => group(onlyDigits(raw).slice(0, 6), [[3, ""], [3, "-"]]),
  significant: /\d/,
};

/** Series and number of a passport from `45 09 123456` (or any spacing). */
export function splitPassport(value: string): { series: string; number: string } | null {
  const digits = onlyDigits(value);
  return digits.length === 10 ? { series: digits.slice(0, 4), number: digits.slice(4) } : null;
}

// Latin look-alikes typed on an English layout, in the Cyrillic letters of the series.
const TO_CYRILLIC: Record<string, string> = {
  A: "А", B: "В", E: "Е", K: "К", M: "М", H: "Н", O: "О", P: "Р", C: "С", T: "Т", X: "Х", Y: "У",
};
// Cyrillic look-alikes typed on a Russian layout, in the Roman numeral.
const TO_LATIN: Record<string, string> = { І: "I", Х: "X", С: "C", Л: "L" };

/**
 * A birth certificate `IV-МЮ 123456`: a Roman numeral in Latin letters, a hyphen, two
 * Cyrillic letters, six digits. Upper-cases, fixes look-alike letters where the part is
 * unambiguous (before the hyphen, after it), and puts the space before the number.
 */
export function formatBirthCertificate(raw: string): string {
  const text = raw.toUpperCase().replace(/\s+/g, " ").trimStart();
  const hyphen = text.search(/[-‐‑–—]/);
  if (hyphen < 0) return text.slice(0, 20);
  const roman = [...text.slice(0, hyphen).replace(/\s/g, "")].map((ch) => TO_LATIN[ch] ?? ch).join("");
  const rest = text.slice(hyphen + 1).replace(/^\s+/, "");
  const letters = [...(rest.match(/^[^\d\s]{0,2}/)?.[0] ?? "")].map((ch) => TO_CYRILLIC[ch] ?? ch).join("");
  const number = onlyDigits(rest.slice(letters.length)).slice(0, 6);
  const spacer = number || /\s$/.test(raw) ? " " : "";
  return `${roman}-${letters}${letters.length === 2 ? spacer : ""}${number}`.slice(0, 20);
}

// ---- dates --------------------------------------------------------------------------

/** `ДД.ММ.ГГГГ`; an ISO date pasted (`2026-11-28`) is turned round. */
export const dateMask: Mask = {
  format(raw) {
    const iso = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/.exec(raw);
    const digits = iso ? `${iso[3]}${iso[2]}${iso[1]}` : onlyDigits(raw).slice(0, 8);
    return group(digits, [[2, ""], [2, "."], [4, "."]]);
  },
  significant: /\d/,
};

/** `28.11.2026` → `2026-11-28` when it is a real calendar day, else null. */
export function ruDateToIso(value: string): string | null {
  const match = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(value.trim());
  if (!match) return null;
  const [, d, m, y] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) {
    return null;
  }
  return `${y}-${m}-${d}`;
}

/** `2026-11-28` → `28.11.2026`. */
export function isoToRuDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : iso;
}

// ---- editing ------------------------------------------------------------------------

function countSignificant(text: string, mask: Mask, end = text.length): number {
  let count = 0;
  for (let i = 0; i < end; i++) if (mask.significant.test(text[i]!)) count++;
  return count;
}

function positionAfter(text: string, mask: Mask, count: number): number {
  if (count <= 0) {
    // Before the first significant character, but after a fixed prefix such as "+7 (".
    const first = [...text].findIndex((ch) => mask.significant.test(ch));
    return first < 0 ? text.length : first;
  }
  let seen = 0;
  for (let i = 0; i < text.length; i++) {
    if (mask.significant.test(text[i]!)) {
      seen++;
      if (seen === count) return i + 1;
    }
  }
  return text.length;
}

/**
 * One edit of a masked field: the new formatted value and where the caret goes.
 * Deleting a separator (the ")" of a phone) deletes the digit before it instead, so
 * Backspace never gets stuck; the caret stays after the same digit it followed.
 */
export function applyMaskedEdit(
  previous: string,
  raw: string,
  caret: number | null,
  mask: Mask,
): { value: string; caret: number } {
  let text = raw;
  let at = caret ?? raw.length;
  // Exactly one separator removed by Backspace or Delete (not a paste over the whole value).
  const removedOnlyDecoration =
    raw.length === previous.length - 1 &&
    raw === previous.slice(0, at) + previous.slice(at + 1) &&
    !mask.significant.test(previous[at] ?? "");
  if (removedOnlyDecoration) {
    // Remove the significant character just before the caret.
    let i = Math.min(at, text.length) - 1;
    while (i >= 0 && !mask.significant.test(text[i]!)) i--;
    if (i >= 0) {
      text = text.slice(0, i) + text.slice(i + 1);
      at = i;
    }
  }
  const value = mask.format(text);
  if (at >= text.length) return { value, caret: value.length };
  const before = countSignificant(text, mask, at);
  // Whatever format() adds in front (the 7 of "+7") counts too.
  const offset = countSignificant(value, mask) - countSignificant(text, mask);
  return { value, caret: positionAfter(value, mask, before + Math.max(0, offset)) };
}
