import { DTYPE_SUFFIXES, type Dtype } from "./types.js";

/** `(model, q8)` → `model_quantized.onnx`: the file of one weight variant. */
export function onnxFileName(base: string, dtype: Dtype): string {
  return `${base}${DTYPE_SUFFIXES[dtype]}.onnx`;
}
