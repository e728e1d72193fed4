import { describe, expect, it } from "vitest";

import { qrImageSource } from "./TotpSection";

describe("the QR code image", () => {
  it("embeds the server's standalone SVG unchanged as a data URL", () => {
    const complete = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 37 37"><path d="M4 4.5h7"/></svg>';
    const src = qrImageSource(`  ${complete}\n`);
    expect(src.startsWith("data:image/svg+xml;charset=utf-8,")).toBe(true);
    expect(decodeURIComponent(src.split(",")[1]!)).toBe(complete);
  });
});
