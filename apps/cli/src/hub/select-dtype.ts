import { DTYPES, UsageError, type Dtype } from "@hftool/core";

/**
 * transformers.js names each ONNX weight variant with a suffix: `model.onnx` (fp32),
 * `model_fp16.onnx`, `model_quantized.onnx` (q8), `model_int8.onnx`, `model_uint8.onnx`,
 * `model_q4.onnx`, `model_q4f16.onnx`, `model_bnb4.onnx`; large ones add `.onnx_data` files.
 */
const SUFFIXES: [suffix: string, dtype: Dtype][] = [
  ["_q4f16", "q4f16"],
  ["_fp16", "fp16"],
  ["_quantized", "q8"],
  ["_uint8", "uint8"],
  ["_int8", "int8"],
  ["_bnb4", "bnb4"],
  ["_q4", "q4"],
];

/** The variant an ONNX file belongs to, or undefined for files that are not ONNX weights. */
export function onnxFileDtype(path: string): Dtype | undefined {
  const match = /^(.*)\.onnx(?:_data(?:_\d+)?)?$/.exec(path);
  if (!match) return undefined;
  const base = match[1]!;
  for (const [suffix, dtype] of SUFFIXES) if (base.endsWith(suffix)) return dtype;
  return "fp32";
}

/**
 * The files to leave out so only one variant's weights download (configs, tokenizers and
 * everything else stay).
 * @throws {UsageError} when the repo has ONNX weights but none of that variant.
 */
export function excludeOtherDtypes(files: readonly { path: string }[], dtype: Dtype, repo: string): string[] {
  const onnx = files.filter((f) => onnxFileDtype(f.path) !== undefined);
  if (onnx.length === 0) return [];
  const present = new Set(onnx.map((f) => onnxFileDtype(f.path)!));
  const available = DTYPES.filter((d) => present.has(d));
  if (!available.includes(dtype)) {
    throw new UsageError(`'${repo}' has no ${dtype} weights.`, {
      hint: `Pick one of: ${available.join(", ")} (--dtype).`,
    });
  }
  return onnx.filter((f) => onnxFileDtype(f.path) !== dtype).map((f) => f.path);
}
