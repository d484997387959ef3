import { DTYPE_SUFFIXES, type Dtype } from "./types.js";

// Longest suffix first: `_q4f16` must not be read as `_q4`… and `_fp16`.
const BY_SUFFIX = (Object.entries(DTYPE_SUFFIXES) as [Dtype, string][])
  .filter(([, suffix]) => suffix !== "")
  .sort((a, b) => b[1].length - a[1].length);

/**
 * The weight variant an ONNX file belongs to (`onnx/decoder_model_merged_q4.onnx` → `q4`,
 * `model.onnx_data` → `fp32`), or `undefined` for files that are not ONNX weights.
 */
export function onnxFileDtype(path: string): Dtype | undefined {
  const match = /^(.*)\.onnx(?:_data(?:_\d+)?)?$/.exec(path);
  if (!match) return undefined;
  const base = match[1]!;
  for (const [dtype, suffix] of BY_SUFFIX) if (base.endsWith(suffix)) return dtype;
  return "fp32";
}
