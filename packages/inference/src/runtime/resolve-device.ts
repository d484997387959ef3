import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { DEVICES, UsageError } from "@hftool/core";
import { DeviceUnavailableError } from "../errors/errors.js";
import { executionProvidersFor, type ExecutionProvider } from "./execution-providers-for.js";
import { loadOnnxRuntime } from "./load-onnxruntime.js";
import { PROBE_MODEL } from "./probe-model.js";

/** Parameters of {@link resolveDevice}. */
export interface ResolveDeviceParams {
  /** `auto`, or a device name (`cpu`, `cuda`, `tensorrt`, `coreml`, `dml`, `webgpu`, …). @default "auto" */
  device?: string;
  /** GPU index (`--gpu`), as a number or a string of digits. @default 0 */
  gpu?: number | string;
  /** Platform whose `auto` order is used. @default process.platform */
  platform?: NodeJS.Platform;
  /** CPU architecture for the `auto` order. @default process.arch */
  arch?: string;
}

/** A device that was tried and did not load. */
export interface DeviceAttempt {
  device: string;
  reason: string;
}

/** The device a run uses, proven to load. */
export interface ResolvedDevice {
  /** What was asked for (`auto`, `cuda`). */
  requested: string;
  /** What runs (`cuda`, `cpu`). */
  device: string;
  /** The execution providers sessions are created with. */
  executionProviders: ExecutionProvider[];
  /** GPU index, for GPU devices. */
  gpu?: number;
  /** Devices `auto` tried before this one, and why they did not load. */
  skipped: DeviceAttempt[];
}

/** Devices that take a GPU index. */
const GPU_DEVICES = new Set(["cuda", "tensorrt", "dml"]);

const cache = new Map<string, Promise<ResolvedDevice>>();

/**
 * What `auto` tries, best first: the GPU provider the platform's onnxruntime-node build has
 * (CUDA on Linux x64, DirectML on Windows, CoreML on macOS), then the CPU.
 */
export function autoDeviceOrder(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string[] {
  if (platform === "linux" && arch === "x64") return ["cuda", "cpu"];
  if (platform === "win32") return ["dml", "cpu"];
  if (platform === "darwin") return ["coreml", "cpu"];
  return ["cpu"];
}

function parseGpu(gpu: number | string | undefined): number | undefined {
  if (gpu === undefined || gpu === "") return undefined;
  const value = typeof gpu === "number" ? gpu : /^\d+$/.test(gpu.trim()) ? Number(gpu.trim()) : Number.NaN;
  if (!Number.isInteger(value) || value < 0) {
    throw new UsageError(`--gpu must be a GPU index such as 0 or 1, not '${gpu}'.`, {
      hint: "Run 'nvidia-smi -L' (or 'hftool doctor') to list your GPUs.",
    });
  }
  return value;
}

/** A short reason from onnxruntime's error text. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/Failed to load shared library|cannot open shared object|libonnxruntime_providers/i.test(message)) {
    return "its provider libraries are not installed";
  }
  if (/backend not found|no available backend/i.test(message)) {
    return "this onnxruntime-node build does not include it";
  }
  if (/adapter/i.test(message)) return "no compatible GPU adapter was found";
  return message.split("\n")[0]!.slice(0, 200);
}

/** Where onnxruntime-node's install script is, for the exact command that adds the CUDA provider. */
function ortInstallScript(): string {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve("onnxruntime-node/package.json")), "script", "install.js");
  } catch {
    return "<path to onnxruntime-node>/script/install.js";
  }
}

function hintFor(device: string, platform: NodeJS.Platform, error: unknown): string {
  switch (device) {
    case "cuda":
    case "tensorrt":
      return platform === "linux"
        ? "onnxruntime-node fetches its CUDA 12 provider from NuGet during install, and that step was skipped or failed. " +
            `On a machine with an NVIDIA driver, CUDA 12 and cuDNN 9, add it with: ONNXRUNTIME_NODE_INSTALL=cuda12 node ${ortInstallScript()} ` +
            "(needs access to api.nuget.org); or use --device cpu. 'hftool doctor' checks this."
        : "onnxruntime-node ships CUDA support for Linux x64 only. Use --device auto or --device cpu.";
    case "coreml":
      return "CoreML exists only on macOS. Use --device auto or --device cpu.";
    case "dml":
      return "DirectML exists only on Windows. Use --device auto or --device cpu.";
    case "webgpu":
      return /vulkan/i.test(error instanceof Error ? error.message : String(error))
        ? "WebGPU on Linux runs on Vulkan: install the Vulkan loader (libvulkan1) and your GPU's Vulkan driver. Or use --device auto or --device cpu."
        : "WebGPU needs a GPU with Vulkan, Metal or Direct3D 12 drivers. Use --device auto or --device cpu.";
    default:
      return "The onnxruntime-node package from npm does not include this provider. Use --device auto or --device cpu.";
  }
}

async function probe(device: string, gpu: number | undefined): Promise<ExecutionProvider[]> {
  const ort = await loadOnnxRuntime();
  const executionProviders = executionProvidersFor({ device, ...(gpu !== undefined ? { gpu } : {}) });
  const session = await ort.InferenceSession.create(PROBE_MODEL, { executionProviders });
  await session.release();
  return executionProviders;
}

async function resolve(params: ResolveDeviceParams): Promise<ResolvedDevice> {
  const requested = (params.device ?? "auto").trim().toLowerCase() || "auto";
  const platform = params.platform ?? process.platform;
  const gpu = parseGpu(params.gpu);
  if (requested !== "auto" && !(DEVICES as readonly string[]).includes(requested)) {
    throw new UsageError(`Unknown device '${requested}'.`, { hint: `Use one of: ${DEVICES.join(", ")}.` });
  }
  const candidates = requested === "auto" ? autoDeviceOrder(platform, params.arch) : [requested];
  const skipped: DeviceAttempt[] = [];
  for (const device of candidates) {
    try {
      const executionProviders = await probe(device, gpu);
      return {
        requested,
        device,
        executionProviders,
        ...(GPU_DEVICES.has(device) ? { gpu: gpu ?? 0 } : {}),
        skipped,
      };
    } catch (error) {
      if (requested !== "auto") {
        throw new DeviceUnavailableError(
          requested,
          `The ${requested} device does not load on this machine: ${reasonOf(error)}.`,
          { hint: hintFor(requested, platform, error), cause: error },
        );
      }
      skipped.push({ device, reason: reasonOf(error) });
    }
  }
  // the CPU provider is built into onnxruntime-node; reaching this means onnxruntime itself is broken
  throw new DeviceUnavailableError(requested, "onnxruntime-node cannot create a session on any device.", {
    hint: `Reinstall onnxruntime-node (ONNXRUNTIME_NODE_INSTALL=skip npm rebuild onnxruntime-node, or pnpm install --force) and run 'hftool doctor'.`,
    details: { skipped },
  });
}

/**
 * Finds the device a model will run on, by creating a tiny session with each candidate's
 * execution providers: onnxruntime-node lists providers it was built with, not ones that load, and
 * a session asked for a missing one fails instead of falling back. `auto` takes the first that
 * loads (see {@link autoDeviceOrder}) and says what it skipped; a named device must load or this
 * throws. Results are cached for the process.
 *
 * @throws {DeviceUnavailableError} when a named device does not load (with what to do).
 * @throws {UsageError} for an unknown device name or a bad GPU index.
 */
export function resolveDevice(params: ResolveDeviceParams = {}): Promise<ResolvedDevice> {
  const key = JSON.stringify([
    params.device ?? "auto",
    params.gpu ?? "",
    params.platform ?? "",
    params.arch ?? "",
  ]);
  let result = cache.get(key);
  if (!result) {
    result = resolve(params);
    cache.set(key, result);
    result.catch(() => cache.delete(key));
  }
  return result;
}
