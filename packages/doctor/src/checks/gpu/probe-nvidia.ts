import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { CheckContext } from "../../types.js";
import {
  NVIDIA_SMI_QUERY,
  parseNvidiaProcInformation,
  parseNvidiaProcVersion,
  parseNvidiaSmiBanner,
  parseNvidiaSmiCsv,
  type NvidiaGpu,
} from "./parse-nvidia-smi.js";

/** Why nvidia-smi could not list the GPUs. */
export type NvidiaProblem = "driver-unreachable" | "version-mismatch" | "no-devices" | "timeout" | "failed";

/** What the machine says about NVIDIA GPUs, without any ML framework. */
export interface NvidiaProbe {
  /** Where the facts come from: `none` means no NVIDIA driver or tool at all. */
  source: "nvidia-smi" | "proc" | "none";
  /** nvidia-smi's path, when it is on PATH. */
  smiPath?: string;
  gpus: NvidiaGpu[];
  driverVersion?: string;
  /** Newest CUDA version the driver supports (nvidia-smi banner). */
  cudaVersion?: string;
  problem?: { kind: NvidiaProblem; message: string };
}

const SMI_TIMEOUT_MS = 4000;

/**
 * Asks `nvidia-smi` (CSV query and banner, in parallel), and falls back to the kernel module's
 * `/proc/driver/nvidia` files when the tool is missing or fails. Shared by the GPU and ONNX
 * Runtime checks, so nvidia-smi runs once per doctor run.
 */
export function probeNvidia(context: CheckContext): Promise<NvidiaProbe> {
  return context.shared("nvidia", () => detect(context));
}

async function detect({ environment, signal }: CheckContext): Promise<NvidiaProbe> {
  const smiPath = await environment.findExecutable("nvidia-smi");
  const proc = await readProc(environment.procRoot);
  if (!smiPath) {
    if (proc.driverVersion || proc.gpus.length > 0) {
      return {
        source: "proc",
        gpus: proc.gpus,
        ...(proc.driverVersion ? { driverVersion: proc.driverVersion } : {}),
      };
    }
    return { source: "none", gpus: [] };
  }
  const [query, banner] = await Promise.all([
    environment.runCommand(smiPath, [`--query-gpu=${NVIDIA_SMI_QUERY}`, "--format=csv,noheader,nounits"], {
      timeoutMs: SMI_TIMEOUT_MS,
      signal,
    }),
    environment.runCommand(smiPath, [], { timeoutMs: SMI_TIMEOUT_MS, signal }),
  ]);
  const fromBanner = banner.exitCode === 0 ? parseNvidiaSmiBanner(banner.stdout) : {};
  const base = {
    smiPath,
    ...(proc.driverVersion ? { driverVersion: proc.driverVersion } : {}),
    ...fromBanner,
  };
  const gpus = query.exitCode === 0 ? parseNvidiaSmiCsv(query.stdout) : [];
  if (gpus.length > 0) {
    const driverVersion = gpus[0]!.driverVersion ?? base.driverVersion;
    return { source: "nvidia-smi", ...base, gpus, ...(driverVersion ? { driverVersion } : {}) };
  }
  const output = `${query.stdout}\n${query.stderr}`.trim();
  const problem = classify(query.failure, output, query.exitCode);
  // The kernel module may still name the GPUs when the tool cannot talk to it.
  return { source: proc.gpus.length > 0 ? "proc" : "nvidia-smi", ...base, gpus: proc.gpus, problem };
}

function classify(
  failure: string | undefined,
  output: string,
  exitCode: number | null,
): { kind: NvidiaProblem; message: string } {
  const firstLine =
    output
      .split("\n")
      .find((l) => l.trim())
      ?.trim() ?? "";
  if (failure === "timeout")
    return { kind: "timeout", message: "nvidia-smi did not answer (a hung driver?)." };
  if (/version mismatch/i.test(output)) return { kind: "version-mismatch", message: firstLine };
  if (/couldn't communicate with the NVIDIA driver|driver.*not (loaded|running)/i.test(output)) {
    return { kind: "driver-unreachable", message: firstLine };
  }
  if (/No devices were found/i.test(output)) return { kind: "no-devices", message: firstLine };
  return {
    kind: "failed",
    message: firstLine || `nvidia-smi ${failure ? `failed (${failure})` : `exited with code ${exitCode}`}.`,
  };
}

async function readProc(procRoot: string): Promise<{ driverVersion?: string; gpus: NvidiaGpu[] }> {
  const root = join(procRoot, "driver", "nvidia");
  const version = await readFile(join(root, "version"), "utf8").catch(() => undefined);
  const driverVersion = version ? parseNvidiaProcVersion(version) : undefined;
  const buses = await readdir(join(root, "gpus")).catch(() => [] as string[]);
  const gpus: NvidiaGpu[] = [];
  for (const [index, bus] of buses.sort().entries()) {
    const info = await readFile(join(root, "gpus", bus, "information"), "utf8").catch(() => undefined);
    gpus.push({
      index,
      name: (info && parseNvidiaProcInformation(info)) ?? `NVIDIA GPU at ${bus}`,
      memoryTotalMiB: undefined,
      memoryUsedMiB: undefined,
      driverVersion,
    });
  }
  return { ...(driverVersion ? { driverVersion } : {}), gpus };
}
