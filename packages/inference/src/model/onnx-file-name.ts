import type { Dtype } from "@hftool/core";

/** File-name suffix of each dtype, as transformers.js and the onnx-community/Xenova repos name them. */
export const DTYPE_SUFFIXES: Readonly<Record<Dtype, string>> = {
  fp32: "",
  fp16: "_fp16",
  q8: "_quantized",
  int8: "_int8",
  uint8: "_uint8",
  q4: "_q4",
  q4f16: "_q4f16",
  bnb4: "_bnb4",
};

/** `(model, q8)` → `model_quantized.onnx`. */
export function onnxFileName(base: string, dtype: Dtype): string {
  return `${base}${DTYPE_SUFFIXES[dtype]}.onnx`;
}
