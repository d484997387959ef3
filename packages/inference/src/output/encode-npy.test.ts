import { describe, expect, it } from "@jest/globals";
import { encodeNpy } from "./encode-npy.js";

/** Reads a .npy v1.0 float32 file back, independently of the writer. */
function parseNpy(bytes: Uint8Array): {
  header: string;
  shape: number[];
  data: Float32Array;
  dataOffset: number;
} {
  expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const headerLength = bytes[8]! | (bytes[9]! << 8);
  const header = Buffer.from(bytes.subarray(10, 10 + headerLength)).toString("latin1");
  const shapeText = /'shape': \(([^)]*)\)/.exec(header)![1]!;
  const shape = shapeText
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  const dataOffset = 10 + headerLength;
  const copy = bytes.slice(dataOffset);
  const data = new Float32Array(copy.buffer, copy.byteOffset, copy.length / 4);
  return { header, shape, data, dataOffset };
}

describe("encodeNpy", () => {
  it("writes a NumPy v1.0 header and little-endian float32 data that read back exactly", () => {
    const data = Float32Array.from({ length: 12 }, (_, i) => i / 7 - 0.5);
    const parsed = parseNpy(encodeNpy({ data, shape: [3, 4] }));
    expect(parsed.header).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(3, 4\), \} *\n$/);
    expect(parsed.shape).toEqual([3, 4]);
    expect(parsed.dataOffset % 64).toBe(0);
    expect(Array.from(parsed.data)).toEqual(Array.from(data));
  });

  it("writes one-dimensional shapes as a one-element tuple", () => {
    const parsed = parseNpy(encodeNpy({ data: Float32Array.of(1, 2), shape: [2] }));
    expect(parsed.header).toContain("'shape': (2,)");
    expect(parsed.shape).toEqual([2]);
  });

  it("refuses a shape that does not match the data", () => {
    expect(() => encodeNpy({ data: new Float32Array(5), shape: [2, 3] })).toThrow(RangeError);
  });
});
