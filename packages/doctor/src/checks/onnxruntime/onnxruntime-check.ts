import type { CheckOutcome, DoctorCheck, Suggestion } from "../../types.js";
import { probeNvidia } from "../gpu/probe-nvidia.js";
import { cudaInstallSuggestion } from "./cuda-install-suggestion.js";
import { findCudaLibraries } from "./find-cuda-libraries.js";
import { probeOnnxRuntime } from "./probe-onnxruntime.js";
import { providerLibrariesInstalled } from "./provider-libraries-installed.js";

/** The onnxruntime-node version hftool is built and tested against. */
export const ONNXRUNTIME_VERSION = "1.30.0";

/** How long the probe child may take: loading is ~0.1 s, a CUDA session a few seconds at worst. */
const PROBE_TIMEOUT_MS = 8000;

const CUDA_REQUIREMENTS =
  "https://onnxruntime.ai/docs/execution-providers/CUDA-ExecutionProvider.html#requirements";

/**
 * onnxruntime-node: installed, its version, whether it loads, and which execution providers
 * really create a session. `listSupportedBackends()` only says what the binary was built with;
 * the probe creates a session on a tiny model with each provider alone.
 */
export const onnxruntimeCheck: DoctorCheck = {
  id: "onnxruntime",
  title: "ONNX Runtime",
  description:
    "onnxruntime-node loads, and which execution providers (cpu, cuda, coreml, dml, webgpu…) really work",
  category: "runtime",
  timeoutMs: () => PROBE_TIMEOUT_MS + 2000,
  async run(context): Promise<CheckOutcome> {
    const { environment } = context;
    const location = environment.resolvePackage("onnxruntime-node");
    if (!location) {
      return {
        status: "error",
        message: "onnxruntime-node is not installed: hftool cannot run any model.",
        suggestions: [{ description: "Reinstall hftool", command: "npm install -g @hftool/cli" }],
        data: { installed: false },
      };
    }
    const [probe, nvidia] = await Promise.all([
      probeOnnxRuntime({
        environment,
        entry: location.entry,
        timeoutMs: PROBE_TIMEOUT_MS,
        signal: context.signal,
      }),
      probeNvidia(context),
    ]);
    const libraryInstalled = (provider: string) =>
      providerLibrariesInstalled({ environment, onnxruntime: location, provider });
    const providers = probe.backends.map((backend) => {
      const tried = probe.providers.find((p) => p.name === backend.name);
      return {
        name: backend.name,
        bundled: backend.bundled,
        libraryInstalled: backend.bundled || libraryInstalled(backend.name),
        works: tried?.works ?? false,
        tried: tried !== undefined,
        ...(tried?.error ? { error: shorten(tried.error) } : {}),
        ...(tried?.timedOut ? { timedOut: true } : {}),
        ...(tried?.durationMs !== undefined ? { durationMs: tried.durationMs } : {}),
      };
    });
    const data: Record<string, unknown> = {
      installed: true,
      version: probe.version ?? location.version,
      expectedVersion: ONNXRUNTIME_VERSION,
      path: location.dir,
      providers,
      working: providers.filter((p) => p.works).map((p) => p.name),
    };
    const name = `onnxruntime-node ${probe.version ?? location.version}`;
    const details: string[] = [`Loaded from ${location.dir}.`];
    if (location.version !== ONNXRUNTIME_VERSION) {
      details.push(`hftool is tested with onnxruntime-node ${ONNXRUNTIME_VERSION}.`);
    }

    if (probe.loadError) {
      details.push(probe.loadError);
      return {
        status: "error",
        message: `${name} is installed but does not load on ${environment.platform}-${environment.arch}.`,
        details,
        suggestions: [
          {
            description:
              "onnxruntime-node ships binaries for linux (x64, arm64), macOS (arm64) and Windows (x64, arm64); reinstall hftool",
            command: "npm install -g @hftool/cli",
          },
        ],
        data,
      };
    }

    for (const p of providers) details.push(describeProvider(p));
    if (probe.timedOut) details.push(`The probe was stopped after ${PROBE_TIMEOUT_MS / 1000} s.`);
    const working = providers.filter((p) => p.works).map((p) => p.name);
    const cpu = providers.find((p) => p.name === "cpu");
    if (!cpu?.works) {
      return {
        status: "error",
        message: `${name} loads, but cannot run even the CPU provider: ${cpu?.error ?? "not listed"}.`,
        details,
        suggestions: [{ description: "Reinstall hftool", command: "npm install -g @hftool/cli" }],
        data,
      };
    }
    const summary = `${name}: ${working.join(", ")} ${working.length === 1 ? "works" : "work"}`;
    const hasNvidia = nvidia.gpus.length > 0;
    const cuda = providers.find((p) => p.name === "cuda");

    if (hasNvidia && cuda && !cuda.works) {
      const suggestions: Suggestion[] = [];
      if (!cuda.libraryInstalled) {
        if (environment.platform === "linux" && environment.arch === "x64") {
          const install = await cudaInstallSuggestion({ onnxruntime: location, env: environment.env });
          suggestions.push(...install.suggestions);
          details.push(...install.details);
        }
        return {
          status: "warning",
          message: `${summary}; the NVIDIA GPU is unused because onnxruntime-node's CUDA provider is not installed (its install step was skipped).`,
          details,
          suggestions,
          data,
        };
      }
      const loaderErrors = probe.loaderErrors.filter((e) => /providers_(cuda|shared)/.test(e.library));
      for (const e of loaderErrors) details.push(`ONNX Runtime could not load ${e.library}: ${e.error}.`);
      if (loaderErrors.length > 0) data.loaderErrors = loaderErrors;
      const libraries = await findCudaLibraries(context);
      if (libraries) {
        data.cudaLibraries = libraries;
        if (libraries.missing.length > 0) {
          details.push(
            `The loader cannot find ${libraries.missing.join(", ")}${libraries.otherVersions.length ? ` (found other versions: ${libraries.otherVersions.join(", ")})` : ""}.`,
          );
        }
      }
      if (nvidia.cudaVersion && Number.parseFloat(nvidia.cudaVersion) < 12) {
        details.push(
          `The NVIDIA driver supports CUDA up to ${nvidia.cudaVersion}; the provider needs CUDA 12.`,
        );
        suggestions.push({ description: "Update the NVIDIA driver to one that supports CUDA 12" });
      }
      suggestions.push({
        description: `Install the CUDA 12 runtime and cuDNN 9 libraries it needs (${CUDA_REQUIREMENTS}), then check again`,
        command: "hftool doctor --check onnxruntime",
      });
      return {
        status: "error",
        message: `${summary}; the CUDA provider is installed but fails: ${cuda.error ?? "no reason given"}.`,
        details,
        suggestions,
        data,
      };
    }
    if (hasNvidia && !cuda) {
      return {
        status: "info",
        message: `${summary}; onnxruntime-node has no CUDA provider for ${environment.platform}-${environment.arch}, so the NVIDIA GPU is unused.`,
        details,
        data,
      };
    }
    if (probe.timedOut) {
      return {
        status: "warning",
        message: `${summary}; some providers did not answer in time.`,
        details,
        data,
      };
    }
    const gpuProviders = working.filter((n) => n !== "cpu");
    return {
      status: "ok",
      message: gpuProviders.length > 0 ? `${summary}.` : `${summary} (no GPU provider is usable here).`,
      details,
      data,
    };
  },
};

function describeProvider(p: {
  name: string;
  works: boolean;
  tried: boolean;
  libraryInstalled: boolean;
  error?: string;
  timedOut?: boolean;
  durationMs?: number;
}): string {
  if (p.works) return `${p.name}: works (session created and ran in ${p.durationMs ?? "?"} ms).`;
  if (p.timedOut) return `${p.name}: did not answer.`;
  if (!p.libraryInstalled) return `${p.name}: provider library not installed.`;
  if (!p.tried) return `${p.name}: not tried (the probe stopped first).`;
  return `${p.name}: ${p.error ?? "fails"}.`;
}

/** ONNX Runtime errors start with a source path and a C++ lambda; keep the sentence. */
function shorten(message: string): string {
  const firstLine = message.split("\n")[0]!.trim();
  const sentence =
    /was false\.\s*(.+)$/.exec(firstLine)?.[1] ?? firstLine.replace(/^\/onnxruntime_src\/\S+\s+/, "");
  const clean = sentence.replace(/\.$/, "");
  return clean.length > 240 ? `${clean.slice(0, 237)}…` : clean;
}
