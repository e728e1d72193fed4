import { describe, expect, it } from "vitest";

import { qrImageSource } from "./TotpSection";

describe("the QR code image", () => {
  it("gets the namespace and a viewBox an <img> needs", () => {
    const src = qrImageSource('<svg width="132" height="132" class="segno"><path d="M4 4.5h7"/></svg>');
    const svg = decodeURIComponent(src.replace("data:image/svg+xml;charset=utf-8,", ""));
    expect(svg).toMatch(/^<svg viewBox="0 0 132 132" xmlns="http:\/\/www.w3.org\/2000\/svg" width="132"/);
  });

  it("leaves a complete SVG alone", () => {
    const complete = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="10" height="10"></svg>';
    expect(decodeURIComponent(qrImageSource(complete).split(",")[1]!)).toBe(complete);
  });
});
