import { readdir } from "node:fs/promises";
import type { CheckContext } from "../../types.js";

/**
 * Shared libraries onnxruntime-node's CUDA 12 provider needs at run time (CUDA 12 runtime,
 * cuBLAS, cuFFT, cuRAND and cuDNN 9). Missing ones are the usual reason a provider that is
 * installed still fails with "Failed to load shared library".
 */
export const CUDA_RUNTIME_LIBRARIES = [
  "libcudart.so.12",
  "libcublas.so.12",
  "libcublasLt.so.12",
  "libcufft.so.11",
  "libcurand.so.10",
  "libcudnn.so.9",
] as const;

/** Which of {@link CUDA_RUNTIME_LIBRARIES} the dynamic loader can find. */
export interface CudaLibraries {
  found: string[];
  missing: string[];
  /** Other major versions present (`libcudart.so.13`): CUDA is installed, just not version 12. */
  otherVersions: string[];
}

/**
 * Looks where the Linux loader looks: the `ldconfig -p` cache and the folders of
 * LD_LIBRARY_PATH. `undefined` off Linux or when neither can be read.
 */
export async function findCudaLibraries({
  environment,
  signal,
}: CheckContext): Promise<CudaLibraries | undefined> {
  if (environment.platform !== "linux") return undefined;
  const names = new Set<string>();
  const ldconfig = (await environment.findExecutable("ldconfig")) ?? "/sbin/ldconfig";
  const cache = await environment.runCommand(ldconfig, ["-p"], { timeoutMs: 3000, signal });
  let readable = cache.exitCode === 0;
  if (readable) {
    for (const match of cache.stdout.matchAll(/^\s*(\S+)\s+\(/gm)) names.add(match[1]!);
  }
  for (const dir of (environment.env.LD_LIBRARY_PATH ?? "").split(":").filter(Boolean)) {
    const entries = await readdir(dir).catch(() => undefined);
    if (!entries) continue;
    readable = true;
    for (const entry of entries) names.add(entry);
  }
  if (!readable) return undefined;
  const found = CUDA_RUNTIME_LIBRARIES.filter((l) => names.has(l));
  const missing = CUDA_RUNTIME_LIBRARIES.filter((l) => !names.has(l));
  const otherVersions = missing.flatMap((lib) => {
    const stem = lib.replace(/\.\d+$/, ".");
    return [...names].filter((n) => n.startsWith(stem) && /\.so\.\d+$/.test(n) && n !== lib);
  });
  return { found, missing, otherVersions: [...new Set(otherVersions)].sort() };
}
