import { execFile } from "node:child_process";

/** GPU memory a process holds, as the NVIDIA driver reports it. */
export interface GpuMemory {
  /** Bytes this process holds on the GPU. */
  usedBytes: number;
  /** The GPU's total memory. */
  totalBytes?: number;
}

function query(args: string[], timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile("nvidia-smi", args, { timeout: timeoutMs }, (error, stdout) =>
      resolve(error ? undefined : stdout),
    );
  });
}

/**
 * GPU memory held by process `pid` on NVIDIA GPUs (`nvidia-smi --query-compute-apps`), or
 * `undefined` where there is no NVIDIA driver or the process holds none. onnxruntime keeps its
 * CUDA memory in an arena, so what the driver reports is what the process really took.
 */
export async function readGpuMemory(
  pid: number = process.pid,
  timeoutMs = 5000,
): Promise<GpuMemory | undefined> {
  const apps = await query(
    ["--query-compute-apps=pid,used_memory", "--format=csv,noheader,nounits"],
    timeoutMs,
  );
  if (apps === undefined) return undefined;
  let usedMiB = 0;
  let found = false;
  for (const line of apps.split("\n")) {
    const [p, used] = line.split(",").map((s) => s.trim());
    if (Number(p) === pid && Number.isFinite(Number(used))) {
      usedMiB += Number(used);
      found = true;
    }
  }
  if (!found) return undefined;
  const total = await query(["--query-gpu=memory.total", "--format=csv,noheader,nounits"], timeoutMs);
  const totalMiB = total
    ?.split("\n")
    .map((l) => Number(l.trim()))
    .find((n) => Number.isFinite(n) && n > 0);
  return { usedBytes: usedMiB * 1024 * 1024, ...(totalMiB ? { totalBytes: totalMiB * 1024 * 1024 } : {}) };
}
