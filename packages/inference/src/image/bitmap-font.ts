/**
 * A 5×7 pixel font for printable ASCII, drawn for hftool: labels on pictures are painted from it,
 * so they read the same on every machine, fonts installed or not (a container without fonts
 * would otherwise get boxes instead of letters), and the PNG bytes do not depend on the system.
 * Each glyph is 7 rows of 5 bits (leftmost pixel = highest bit), two hex digits a row, for the
 * characters 32 (space) to 126 (~) in order.
 */
const GLYPHS =
  "00000000000000040404040400040a0a00000000000a0a1f0a1f0a0a040f140e051e04181902040813030c12140815120d0404000000000002040808080402080402020204080004150e1504000004041f040400000000000c04080000001f00000000000000000c0c000102040810000e11131519110e040c040404040e0e11010204081f1f02040201110e02060a121f02021f101e0101110e0608101e11110e1f0102040808080e11110e11110e0e11110f01020c000c0c000c0c00000c0c000c04080204081008040200001f001f0000080402010204080e1101020400040e11010d15150e0e11111f1111111e11111e11111e0e11101010110e1c12111111121c1f10101e10101f1f10101e1010100e11101711110f1111111f1111110e04040404040e0702020202120c111214181412111010101010101f111b1515111111111119151311110e11111111110e1e11111e1010100e11111115120d1e11111e1412110f10100e01011e1f0404040404041111111111110e11111111110a041111111515150a11110a040a11111111110a0404041f01020408101f0e08080808080e001008040201000e02020202020e040a11000000000000000000001f0804000000000000000e010f110f1010161911111e00000e1010110e01010d1311110f00000e111f100e0609081c080808000f11110f010e1010161911111104000c0404040e0200060202120c101012141814120c04040404040e00001a151511110000161911111100000e1111110e00001e111e101000000d130f01010000161910101000000e100e011e08081c080809060000111111130d00001111110a040000111115150a0000110a040a11000011110f010e00001f0204081f02040408040402040404040404040804040204040800000815020000";

const FIRST = 32;
const LAST = 126;
/** Pixels of a glyph, and of the gap after it. */
export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;
export const GLYPH_ADVANCE = 6;

function rowBits(code: number, row: number): number {
  const at = ((code - FIRST) * GLYPH_HEIGHT + row) * 2;
  return Number.parseInt(GLYPHS.slice(at, at + 2), 16);
}

/** The text as the font can draw it: accents dropped (é → e), other characters outside ASCII shown as ?. */
export function bitmapFontText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, "?");
}

/** Width in pixels of `text` drawn at `scale` (no gap after the last letter). */
export function bitmapTextWidth(text: string, scale: number): number {
  const length = bitmapFontText(text).length;
  return length === 0 ? 0 : (length * GLYPH_ADVANCE - 1) * scale;
}

/**
 * SVG path data that paints `text` with its top-left corner at (x, y), each font pixel a
 * `scale`×`scale` square; runs of pixels in a row become one rectangle.
 */
export function bitmapTextPath(text: string, x: number, y: number, scale: number): string {
  const parts: string[] = [];
  [...bitmapFontText(text)].forEach((char, index) => {
    const code = char.charCodeAt(0);
    if (code < FIRST || code > LAST) return;
    const left = x + index * GLYPH_ADVANCE * scale;
    for (let row = 0; row < GLYPH_HEIGHT; row++) {
      const bits = rowBits(code, row);
      let column = 0;
      while (column < GLYPH_WIDTH) {
        if (!(bits & (1 << (GLYPH_WIDTH - 1 - column)))) {
          column++;
          continue;
        }
        const start = column;
        while (column < GLYPH_WIDTH && bits & (1 << (GLYPH_WIDTH - 1 - column))) column++;
        parts.push(
          `M${left + start * scale} ${y + row * scale}h${(column - start) * scale}v${scale}h${-(column - start) * scale}z`,
        );
      }
    }
  });
  return parts.join("");
}
