import { formatBytes } from "@hftool/core";
import type { CheckOutcome, DoctorCheck, Suggestion } from "../../types.js";
import { defaultModels } from "../shared/default-models.js";
import { probeAmd } from "./probe-amd.js";
import { probeApple } from "./probe-apple.js";
import { probeNvidia } from "./probe-nvidia.js";

const MiB = 1024 * 1024;

/** A GPU from any vendor, with memory in bytes where known. */
interface Device {
  vendor: "nvidia" | "amd" | "apple";
  name: string;
  totalBytes: number | undefined;
  freeBytes: number | undefined;
}

/**
 * GPUs seen without any ML framework: NVIDIA through nvidia-smi or /proc/driver/nvidia, AMD
 * through rocm-smi or the amdgpu sysfs files, Apple silicon through the platform, and their
 * memory against what the default models need.
 */
export const gpuCheck: DoctorCheck = {
  id: "gpu",
  title: "GPU",
  description: "GPUs (NVIDIA, AMD, Apple silicon) found without any ML framework, and their memory",
  category: "hardware",
  timeoutMs: () => 8000,
  async run(context): Promise<CheckOutcome> {
    const { environment } = context;
    const [nvidia, amd, apple] = await Promise.all([
      probeNvidia(context),
      environment.platform === "linux" ? probeAmd(context) : Promise.resolve(undefined),
      probeApple(context),
    ]);
    const data: Record<string, unknown> = { nvidia, ...(amd ? { amd } : {}), ...(apple ? { apple } : {}) };
    const details: string[] = [];
    const suggestions: Suggestion[] = [];

    const devices: Device[] = [
      ...nvidia.gpus.map((g) => ({
        vendor: "nvidia" as const,
        name: g.name,
        totalBytes: g.memoryTotalMiB === undefined ? undefined : g.memoryTotalMiB * MiB,
        freeBytes:
          g.memoryTotalMiB === undefined || g.memoryUsedMiB === undefined
            ? undefined
            : (g.memoryTotalMiB - g.memoryUsedMiB) * MiB,
      })),
      ...(amd?.gpus ?? []).map((g) => ({
        vendor: "amd" as const,
        name: g.name ?? `AMD GPU ${g.card}`,
        totalBytes: g.memoryTotalBytes,
        freeBytes:
          g.memoryTotalBytes === undefined || g.memoryUsedBytes === undefined
            ? undefined
            : g.memoryTotalBytes - g.memoryUsedBytes,
      })),
      ...(apple?.appleSilicon && !apple.rosetta
        ? [
            {
              vendor: "apple" as const,
              name: apple.chip ?? "Apple silicon",
              totalBytes: apple.memoryBytes,
              freeBytes: undefined,
            },
          ]
        : []),
    ];
    for (const device of devices) details.push(describe(device));
    if (nvidia.driverVersion || nvidia.cudaVersion) {
      details.push(
        `NVIDIA driver ${nvidia.driverVersion ?? "unknown"}${nvidia.cudaVersion ? `, supports CUDA up to ${nvidia.cudaVersion}` : ""}${nvidia.source === "proc" ? " (from /proc/driver/nvidia; nvidia-smi is not available)" : ""}.`,
      );
    }
    if (amd && amd.gpus.length > 0) {
      details.push(
        `AMD: read from ${amd.source === "rocm-smi" ? "rocm-smi" : "the amdgpu driver's sysfs files"}; ROCm compute driver ${amd.rocmDriver ? "loaded" : "not loaded"}. onnxruntime-node ships no ROCm provider, so hftool cannot use this GPU through CUDA; see the onnxruntime check for webgpu.`,
      );
    }

    // Driver trouble outranks everything: the GPU is there but unusable.
    if (nvidia.problem) {
      const { kind, message } = nvidia.problem;
      details.unshift(`nvidia-smi: ${message}`);
      if (kind === "version-mismatch") {
        return {
          status: "error",
          message:
            "The NVIDIA kernel driver and its libraries have different versions (the driver was updated without a reboot).",
          details,
          suggestions: [{ description: "Reboot, so the updated kernel module loads" }],
          data,
        };
      }
      if (kind === "driver-unreachable" || kind === "timeout" || kind === "failed") {
        return {
          status: "warning",
          message:
            kind === "timeout"
              ? "nvidia-smi did not answer in time: the NVIDIA driver may be hung."
              : "nvidia-smi is installed but cannot talk to the NVIDIA driver: models will run on the CPU.",
          details,
          suggestions: [
            { description: "Check that the kernel module is loaded", command: "lsmod | grep nvidia" },
            {
              description: "In a container, start it with GPU access, e.g.",
              command: "docker run --gpus all …",
            },
          ],
          data,
        };
      }
    }

    if (apple?.rosetta) {
      return {
        status: "warning",
        message: `This Node.js is an x64 build running under Rosetta 2 on ${apple.chip ?? "Apple silicon"}: slower, and without the Apple GPU.`,
        details,
        suggestions: [
          {
            description:
              "Install the Apple silicon (arm64) build of Node.js from https://nodejs.org/en/download",
          },
        ],
        data: { ...data, rosetta: true },
      };
    }

    if (devices.length === 0) {
      return {
        status: "info",
        message:
          environment.platform === "win32"
            ? "No NVIDIA GPU found; DirectML may still use your GPU (see the onnxruntime check)."
            : nvidia.problem?.kind === "no-devices"
              ? "The NVIDIA driver is installed but sees no GPU: models run on the CPU."
              : "No GPU found: models run on the CPU.",
        details,
        data,
      };
    }

    const models = defaultModels();
    const largest = models[0]!;
    data.largestDefaultModel = largest;
    const known = devices.filter((d) => d.vendor !== "apple" && d.freeBytes !== undefined);
    const best = known.sort((a, b) => b.freeBytes! - a.freeBytes!)[0];
    const headline = devices
      .map((d) => `${d.name}${d.totalBytes ? ` (${formatBytes(d.totalBytes)})` : ""}`)
      .join(", ");

    if (best && best.freeBytes! < largest.sizeBytes) {
      const tooBig = models.filter((m) => m.sizeBytes > best.freeBytes!);
      details.push(
        `Default models larger than the ${formatBytes(best.freeBytes!)} free: ${tooBig.map((m) => `${m.repo} (${formatBytes(m.sizeBytes)}, ${m.tasks.join(", ")})`).join("; ")}.`,
      );
      suggestions.push(
        {
          description: "See what holds GPU memory",
          command: best.vendor === "nvidia" ? "nvidia-smi" : "rocm-smi --showpids",
        },
        {
          description: "Or run the larger models in half precision",
          command: "hftool -t TASK -i INPUT --dtype fp16",
        },
      );
      return {
        status: "warning",
        message: `${headline}: only ${formatBytes(best.freeBytes!)} free, too little for ${tooBig.length} default model${tooBig.length === 1 ? "" : "s"} (largest ${largest.repo}, ${formatBytes(largest.sizeBytes)}).`,
        details,
        suggestions,
        data,
      };
    }
    if (devices.every((d) => d.vendor === "amd")) {
      return {
        status: "info",
        message: `${headline}: ONNX Runtime for Node has no ROCm provider, so hftool runs models on the CPU (or webgpu).`,
        details,
        data,
      };
    }
    details.push(
      best
        ? `Every default model fits in the ${formatBytes(best.freeBytes!)} free (largest: ${largest.repo}, ${formatBytes(largest.sizeBytes)}).`
        : `The largest default model (${largest.repo}) needs about ${formatBytes(largest.sizeBytes)} of GPU memory.`,
    );
    return { status: "ok", message: `${headline}.`, details, data };
  },
};

function describe(device: Device): string {
  const memory =
    device.totalBytes === undefined
      ? "memory unknown"
      : device.vendor === "apple"
        ? `${formatBytes(device.totalBytes)} unified memory (CoreML provider)`
        : `${formatBytes(device.totalBytes)}${device.freeBytes === undefined ? "" : `, ${formatBytes(device.freeBytes)} free`}`;
  return `${device.vendor === "nvidia" ? "NVIDIA" : device.vendor === "amd" ? "AMD" : "Apple"}: ${device.name}, ${memory}.`;
}
