import { DTYPES, onnxFileDtype, UsageError, type Dtype } from "@hftool/core";

/**
 * The files to leave out so only one variant's weights download from a repo whose task is not
 * known (configs, tokenizers and everything else stay). Repos of a known task get exactly the
 * files that task reads instead (`selectModelFiles`).
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
