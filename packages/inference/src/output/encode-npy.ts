/** Parameters of {@link encodeNpy}. */
export interface EncodeNpyParams {
  /** The values, in C (row-major) order. */
  data: Float32Array;
  /** The array's shape; its product must be `data.length`. */
  shape: readonly number[];
}

/**
 * Encodes a float32 array as a NumPy `.npy` file (format version 1.0: magic, a Python-dict header
 * padded so the data starts on a 64-byte boundary, then little-endian `<f4` values), which
 * `numpy.load` reads directly. Written by hand: the format is small and fixed, and no dependency
 * is worth it.
 *
 * @throws {RangeError} when the shape does not match the data.
 */
export function encodeNpy({ data, shape }: EncodeNpyParams): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) {
    throw new RangeError(`Shape [${shape.join(", ")}] holds ${count} values, but there are ${data.length}.`);
  }
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${tuple}, }`;
  // magic (6) + version (2) + header length (2) + header, padded with spaces and ended by \n
  const unpadded = 10 + dict.length + 1;
  const headerLength = dict.length + 1 + ((64 - (unpadded % 64)) % 64);
  if (headerLength > 0xffff)
    throw new RangeError("The array has too many dimensions for a .npy v1.0 header.");
  const out = new Uint8Array(10 + headerLength + data.length * 4);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  const view = new DataView(out.buffer);
  view.setUint16(8, headerLength, true);
  const header = dict.padEnd(headerLength - 1, " ") + "\n";
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const offset = 10 + headerLength;
  for (let i = 0; i < data.length; i++) view.setFloat32(offset + i * 4, data[i]!, true);
  return out;
}
