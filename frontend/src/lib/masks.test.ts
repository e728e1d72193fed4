import { describe, expect, it } from "vitest";

import {
  applyMaskedEdit,
  dateMask,
  formatBirthCertificate,
  formatPhone,
  issuerCodeMask,
  passportMask,
  phoneMask,
  phoneNational,
  phoneToE164,
  ruDateToIso,
  snilsMask,
  splitPassport,
  type Mask,
} from "./masks";

/** Types `text` one key at a time at the end of the field, as a person would. */
function type(mask: Mask, text: string, start = ""): string {
  let value = start;
  for (const ch of text) value = applyMaskedEdit(value, value + ch, value.length + 1, mask).value;
  return value;
}

/** A paste replacing the whole field. */
const paste = (mask: Mask, text: string) => applyMaskedEdit("", text, text.length, mask).value;

describe("the phone mask", () => {
  it.each([
    ["89991234567", "+7 (999) 123-45-67"],
    ["+79991234567", "+7 (999) 123-45-67"],
    ["79991234567", "+7 (999) 123-45-67"],
    ["9991234567", "+7 (999) 123-45-67"],
    ["8 (999) 123-45-67", "+7 (999) 123-45-67"],
    ["+7 999 123 45 67", "+7 (999) 123-45-67"],
    ["+7-999-123-45-67", "+7 (999) 123-45-67"],
    ["+7 (701) 123 45 67", "+7 (701) 123-45-67"],
  ])("formats a pasted %s", (raw, formatted) => {
    expect(paste(phoneMask, raw)).toBe(formatted);
  });

  it("formats while typing, whether the person starts with +7, 8 or the code", () => {
    expect(type(phoneMask, "+79991234567")).toBe("+7 (999) 123-45-67");
    expect(type(phoneMask, "89991234567")).toBe("+7 (999) 123-45-67");
    expect(type(phoneMask, "9991234567")).toBe("+7 (999) 123-45-67");
    expect(type(phoneMask, "+77011234567")).toBe("+7 (701) 123-45-67");
    expect(type(phoneMask, "999")).toBe("+7 (999");
    expect(type(phoneMask, "9991")).toBe("+7 (999) 1");
  });

  it("takes a paste after the prefix the mask already shows", () => {
    expect(applyMaskedEdit("+7 (", "+7 (89991234567", 15, phoneMask).value).toBe("+7 (999) 123-45-67");
  });

  it("never holds more than ten national digits", () => {
    expect(type(phoneMask, "999123456789")).toBe("+7 (999) 123-45-67");
  });

  it("Backspace over a separator deletes the digit before it", () => {
    // caret after "+7 (999) " ; the user deletes the space
    const result = applyMaskedEdit("+7 (999) 1", "+7 (999)1", 8, phoneMask);
    expect(result.value).toBe("+7 (991");
  });

  it("empties the field when the last digit goes", () => {
    expect(applyMaskedEdit("+7 (9", "+7 (", 4, phoneMask).value).toBe("");
  });

  it("keeps the caret after the digit it followed when editing in the middle", () => {
    // "+7 (999) 123-45-67" with "5" typed after "+7 (99"
    const result = applyMaskedEdit("+7 (999) 123-45-6", "+7 (9959) 123-45-6", 7, phoneMask);
    expect(result.value).toBe("+7 (995) 912-34-56");
    expect(result.caret).toBe(7);
  });

  it("gives E.164 only for a complete number", () => {
    expect(phoneToE164("+7 (999) 123-45-67")).toBe("+79991234567");
    expect(phoneToE164("+7 (999) 123-45")).toBeNull();
    expect(phoneNational("8 999 123-45-67")).toBe("9991234567");
    expect(formatPhone("+79991234567")).toBe("+7 (999) 123-45-67");
    expect(formatPhone("+77011234567")).toBe("+7 (701) 123-45-67");
  });
});

describe("document masks", () => {
  it("formats SNILS typed or pasted without separators", () => {
    expect(paste(snilsMask, "11223344595")).toBe("112-233-445 95");
    expect(paste(snilsMask, "112 233 445 95")).toBe("112-233-445 95");
    expect(type(snilsMask, "1122334")).toBe("112-233-4");
    expect(paste(snilsMask, "112233445951234")).toBe("112-233-445 95");
  });

  it("formats a passport as «45 09 123456» and splits it", () => {
    expect(paste(passportMask, "4509123456")).toBe("45 09 123456");
    expect(paste(passportMask, "4509 123456")).toBe("45 09 123456");
    expect(type(passportMask, "450")).toBe("45 0");
    expect(splitPassport("45 09 123456")).toEqual({ series: "4509", number: "123456" });
    expect(splitPassport("45 09 1234")).toBeNull();
  });

  it("formats an issuer code as «770-001»", () => {
    expect(paste(issuerCodeMask, "770001")).toBe("770-001");
    expect(type(issuerCodeMask, "7700")).toBe("770-0");
  });

  it("formats dates as ДД.ММ.ГГГГ and turns a pasted ISO date round", () => {
    expect(type(dateMask, "28112026")).toBe("28.11.2026");
    expect(paste(dateMask, "2026-11-28")).toBe("28.11.2026");
    expect(ruDateToIso("28.11.2026")).toBe("2026-11-28");
    expect(ruDateToIso("31.02.2026")).toBeNull();
    expect(ruDateToIso("28.11.26")).toBeNull();
  });

  it("writes a birth certificate the way the registry does", () => {
    expect(formatBirthCertificate("iv-мю 123456")).toBe("IV-МЮ 123456");
    expect(formatBirthCertificate("IV-MЮ123456")).toBe("IV-МЮ 123456"); // Latin M → Cyrillic М
    expect(formatBirthCertificate("ІV-МЮ 123456")).toBe("IV-МЮ 123456"); // Cyrillic І → Latin I
    expect(formatBirthCertificate("IV-МЮ")).toBe("IV-МЮ");
  });
});

describe("editing a masked field", () => {
  it("replaces the whole value on a paste, even with as many digits as before", () => {
    expect(applyMaskedEdit("112-233-445 96", "97126439835", 11, snilsMask).value).toBe("971-264-398 35");
  });

  it("deletes the digit after a separator removed with Delete", () => {
    // caret before "-" in "112-233": Delete removes "-"
    expect(applyMaskedEdit("112-233", "112233", 3, snilsMask).value).toBe("112-33");
  });
});
