const LABELS: Readonly<Record<string, string>> = {
  cpu: "CPU",
  cuda: "CUDA",
  tensorrt: "TensorRT",
  dml: "DirectML",
  coreml: "Core ML",
  webgpu: "WebGPU",
  rocm: "ROCm",
  migraphx: "MIGraphX",
  openvino: "OpenVINO",
};

/**
 * Execution providers as people name them: `["cuda"]` → `CUDA`, `["cuda", "tensorrt"]` →
 * `CUDA or TensorRT`.
 */
export function describeProviders(providers: readonly string[]): string {
  const names = providers.map((p) => LABELS[p.toLowerCase()] ?? p);
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}
