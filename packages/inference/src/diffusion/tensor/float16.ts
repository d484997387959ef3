/*
 * IEEE 754 half-precision conversion. Node 20 has no Float16Array, and onnxruntime-node takes and
 * returns float16 tensors as the raw bits in a Uint16Array, so fp16 models need these two.
 */

const floatView = new Float32Array(1);
const bitsView = new Uint32Array(floatView.buffer);

function halfBitsOf(value: number): number {
  floatView[0] = value;
  const x = bitsView[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) {
    // Infinity stays infinity; every NaN becomes a quiet NaN.
    return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0);
  }
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00; // overflow → ±Infinity
  if (halfExponent <= 0) {
    if (halfExponent < -10) return sign; // underflow → ±0
    // Subnormal half: shift the mantissa (with its implicit 1) and round to nearest, ties to even.
    mantissa |= 0x800000;
    const shift = 14 - halfExponent;
    const half = mantissa >>> shift;
    const remainder = mantissa & ((1 << shift) - 1);
    const midpoint = 1 << (shift - 1);
    const roundUp = remainder > midpoint || (remainder === midpoint && (half & 1) === 1);
    return sign | (half + (roundUp ? 1 : 0));
  }
  const half = (halfExponent << 10) | (mantissa >>> 13);
  const remainder = mantissa & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to Infinity).
  const roundUp = remainder > 0x1000 || (remainder === 0x1000 && (half & 1) === 1);
  return sign | (half + (roundUp ? 1 : 0));
}

let halfToFloatTable: Float32Array | undefined;

function buildHalfToFloatTable(): Float32Array {
  const table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >>> 10) & 0x1f;
    const mantissa = h & 0x3ff;
    let value: number;
    if (exponent === 0) value = mantissa * 2 ** -24;
    else if (exponent === 0x1f) value = mantissa === 0 ? Infinity : NaN;
    else value = (1 + mantissa / 1024) * 2 ** (exponent - 15);
    table[h] = sign * value;
  }
  return table;
}

/** Converts float32 values to float16 bits (round to nearest, ties to even; overflow → ±Infinity). */
export function float32ToFloat16(
  values: ArrayLike<number>,
  out = new Uint16Array(values.length),
): Uint16Array {
  for (let i = 0; i < values.length; i++) out[i] = halfBitsOf(values[i]!);
  return out;
}

/** Converts float16 bits to float32 values (exact: every half is a float). */
export function float16ToFloat32(bits: Uint16Array, out = new Float32Array(bits.length)): Float32Array {
  const table = (halfToFloatTable ??= buildHalfToFloatTable());
  for (let i = 0; i < bits.length; i++) out[i] = table[bits[i]!]!;
  return out;
}
