import { describe, expect, it } from "@jest/globals";
import { bitmapFontText, bitmapTextPath, bitmapTextWidth, GLYPH_ADVANCE } from "./bitmap-font.js";

describe("bitmap font", () => {
  it("measures text: 6 pixels a letter at scale 1, no gap after the last", () => {
    expect(bitmapTextWidth("", 3)).toBe(0);
    expect(bitmapTextWidth("a", 1)).toBe(5);
    expect(bitmapTextWidth("cat 97%", 2)).toBe((7 * GLYPH_ADVANCE - 1) * 2);
  });

  it("draws what ASCII can show: accents dropped, the rest as ?", () => {
    expect(bitmapFontText("café crème")).toBe("cafe creme");
    expect(bitmapFontText("猫 cat")).toBe("? cat");
  });

  it("paints each row's runs of pixels as rectangles", () => {
    // "-" is one full-width run in its middle row; "." a 2×2 block at the bottom
    expect(bitmapTextPath("-", 10, 20, 1)).toBe("M10 23h5v1h-5z");
    expect(bitmapTextPath("-", 0, 0, 2)).toBe("M0 6h10v2h-10z");
    expect(bitmapTextPath(".", 0, 0, 1)).toBe("M1 5h2v1h-2zM1 6h2v1h-2z");
    expect(bitmapTextPath(" ", 0, 0, 1)).toBe("");
    expect(bitmapTextPath("--", 0, 0, 1)).toBe("M0 3h5v1h-5zM6 3h5v1h-5z");
  });
});
