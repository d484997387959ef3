import type { Dtype } from "@hftool/core";

const SUFFIX: Record<Dtype, string> = {
  fp32: "",
  fp16: "_fp16",
  q8: "_quantized",
  int8: "_int8",
  uint8: "_uint8",
  q4: "_q4",
  q4f16: "_q4f16",
  bnb4: "_bnb4",
};

/** File name of an ONNX weight variant as transformers.js repos name them: (`model`, `q8`) → `model_quantized.onnx`. */
export function variantFileName(base: string, dtype: Dtype): string {
  return `${base}${SUFFIX[dtype]}.onnx`;
}
