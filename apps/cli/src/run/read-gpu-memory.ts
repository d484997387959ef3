import { execFile } from "node:child_process";

/** GPU memory as the NVIDIA driver reports it. */
export interface GpuMemory {
  /** Bytes the process holds on the GPU(s); absent where the driver does not list it (a container with its own PIDs). */
  processBytes?: number;
  /** Bytes in use on the GPU(s), by every process. */
  deviceUsedBytes: number;
  /** The GPU(s)' total memory. */
  totalBytes: number;
}

/** Parameters of {@link readGpuMemory}. */
export interface ReadGpuMemoryParams {
  /** @default process.pid */
  pid?: number;
  /** Environment to find `nvidia-smi` on. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** @default 5000 */
  timeoutMs?: number;
}

function query(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile("nvidia-smi", args, { timeout: timeoutMs, env }, (error, stdout) =>
      resolve(error ? undefined : stdout),
    );
  });
}

/** Numbers of a `--format=csv,noheader,nounits` answer, one row per line. */
function rows(text: string): number[][] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => line.split(",").map((cell) => Number(cell.trim())));
}

/**
 * GPU memory on NVIDIA GPUs (`nvidia-smi`): what process `pid` holds, and what is used in all, or
 * `undefined` without an NVIDIA driver. onnxruntime keeps CUDA memory in an arena that does not
 * shrink, so what a process holds after its runs is its peak.
 */
export async function readGpuMemory(params: ReadGpuMemoryParams = {}): Promise<GpuMemory | undefined> {
  const { pid = process.pid, env = process.env, timeoutMs = 5000 } = params;
  const gpus = await query(
    ["--query-gpu=memory.used,memory.total", "--format=csv,noheader,nounits"],
    env,
    timeoutMs,
  );
  if (gpus === undefined) return undefined;
  const MiB = 1024 * 1024;
  let used = 0;
  let total = 0;
  for (const [u, t] of rows(gpus)) {
    if (Number.isFinite(u) && Number.isFinite(t)) {
      used += u! * MiB;
      total += t! * MiB;
    }
  }
  if (total === 0) return undefined;
  const apps = await query(
    ["--query-compute-apps=pid,used_memory", "--format=csv,noheader,nounits"],
    env,
    timeoutMs,
  );
  const mine = rows(apps ?? "").filter(([p, u]) => p === pid && Number.isFinite(u));
  return {
    ...(mine.length > 0 ? { processBytes: mine.reduce((sum, [, u]) => sum + u! * MiB, 0) } : {}),
    deviceUsedBytes: used,
    totalBytes: total,
  };
}
