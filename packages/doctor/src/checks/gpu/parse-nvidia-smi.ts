/** One NVIDIA GPU as `nvidia-smi --query-gpu` reports it. */
export interface NvidiaGpu {
  index: number;
  name: string;
  /** MiB; `undefined` when the driver says `[N/A]`. */
  memoryTotalMiB: number | undefined;
  memoryUsedMiB: number | undefined;
  driverVersion: string | undefined;
}

/** The fields {@link parseNvidiaSmiCsv} expects, in this order. */
export const NVIDIA_SMI_QUERY = "index,name,memory.total,memory.used,driver_version";

/**
 * Parses `nvidia-smi --query-gpu=index,name,memory.total,memory.used,driver_version
 * --format=csv,noheader,nounits` (one GPU per line: `0, NVIDIA H100 80GB HBM3, 81559, 0, 580.159.04`).
 * The CSV query is nvidia-smi's stable scripting interface; its table output is not.
 */
export function parseNvidiaSmiCsv(text: string): NvidiaGpu[] {
  const gpus: NvidiaGpu[] = [];
  for (const line of text.split(/\r?\n/)) {
    const fields = line.split(",").map((f) => f.trim());
    if (fields.length < 5 || !/^\d+$/.test(fields[0]!)) continue;
    // A name could contain a comma: take the fixed fields from both ends.
    const [driver, used, total] = [fields.pop()!, fields.pop()!, fields.pop()!];
    const index = Number(fields.shift());
    gpus.push({
      index,
      name: fields.join(", "),
      memoryTotalMiB: toNumber(total),
      memoryUsedMiB: toNumber(used),
      driverVersion: /^\d/.test(driver) ? driver : undefined,
    });
  }
  return gpus;
}

/** The driver and the newest CUDA version it supports, from plain `nvidia-smi`'s banner. */
export function parseNvidiaSmiBanner(text: string): { driverVersion?: string; cudaVersion?: string } {
  const driver = /Driver Version:\s*([\d.]+)/.exec(text)?.[1];
  const cuda = /CUDA Version:\s*([\d.]+)/.exec(text)?.[1];
  return { ...(driver ? { driverVersion: driver } : {}), ...(cuda ? { cudaVersion: cuda } : {}) };
}

/** The driver version in `/proc/driver/nvidia/version` (present while the kernel module is loaded). */
export function parseNvidiaProcVersion(text: string): string | undefined {
  return /NVRM version:.*?\s(\d+\.\d+(?:\.\d+)?)\s/.exec(text)?.[1];
}

/** The model name in `/proc/driver/nvidia/gpus/<bus>/information`. */
export function parseNvidiaProcInformation(text: string): string | undefined {
  return /^Model:\s*(.+?)\s*$/m.exec(text)?.[1];
}

function toNumber(text: string): number | undefined {
  const value = Number(text);
  return text !== "" && Number.isFinite(value) ? value : undefined;
}
