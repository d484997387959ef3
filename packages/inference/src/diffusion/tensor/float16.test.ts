import { describe, expect, it } from "@jest/globals";
import { float16ToFloat32, float32ToFloat16 } from "./float16.js";

const bits = (values: number[]) => Array.from(float32ToFloat16(values));

describe("float32ToFloat16", () => {
  it("encodes the IEEE 754 binary16 reference values", () => {
    // Values from the binary16 table (Wikipedia "Half-precision floating-point format").
    expect(bits([0, -0, 1, -2, 0.5, 65504, 2 ** -14, 2 ** -24, 0.333251953125])).toEqual([
      0x0000, 0x8000, 0x3c00, 0xc000, 0x3800, 0x7bff, 0x0400, 0x0001, 0x3555,
    ]);
    expect(bits([Infinity, -Infinity])).toEqual([0x7c00, 0xfc00]);
    expect(bits([NaN])[0]! & 0x7c00).toBe(0x7c00);
    expect(bits([NaN])[0]! & 0x3ff).not.toBe(0);
  });

  it("rounds to nearest with ties to even, overflows to infinity and underflows to zero", () => {
    // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties go to the even mantissa (1).
    expect(bits([1 + 2 ** -11])).toEqual([0x3c00]);
    // 1 + 3·2^-11 lies halfway between 1+2^-10 (odd) and 1+2^-9 (even).
    expect(bits([1 + 3 * 2 ** -11])).toEqual([0x3c02]);
    expect(bits([1 + 2 ** -11 + 2 ** -20])).toEqual([0x3c01]);
    expect(bits([0.1])).toEqual([0x2e66]);
    expect(bits([65520, 1e6])).toEqual([0x7c00, 0x7c00]);
    expect(bits([65519])).toEqual([0x7bff]);
    expect(bits([2 ** -26, -(2 ** -26)])).toEqual([0x0000, 0x8000]);
    // 1.5·2^-24 is a tie between subnormals 1 and 2: even wins.
    expect(bits([1.5 * 2 ** -24])).toEqual([0x0002]);
  });
});

describe("float16ToFloat32", () => {
  it("decodes every finite half exactly and round-trips", () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const floats = float16ToFloat32(all);
    expect(floats[0x3c00]).toBe(1);
    expect(floats[0x0001]).toBe(2 ** -24);
    expect(floats[0x7bff]).toBe(65504);
    expect(floats[0xfc00]).toBe(-Infinity);
    expect(Number.isNaN(floats[0x7e00])).toBe(true);
    const back = float32ToFloat16(floats);
    for (let h = 0; h < 65536; h++) {
      const isNaN = (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;
      if (!isNaN && back[h] !== h) throw new Error(`half 0x${h.toString(16)} did not round-trip`);
    }
  });
});
