import { spawn } from "node:child_process";
import { basename } from "node:path";
import { stripVTControlCharacters } from "node:util";
import type { DoctorEnvironment } from "../../environment/doctor-environment.js";
import { IDENTITY_MODEL_BASE64 } from "./identity-model.js";
import { PROBE_SCRIPT } from "./probe-script.js";

/** One execution provider as the probe found it. */
export interface ProviderProbe {
  name: string;
  /** A session on the test model was created and ran correctly. */
  works: boolean;
  /** Why not, in ONNX Runtime's words. */
  error?: string;
  /** The probe was killed while trying this provider. */
  timedOut?: boolean;
  durationMs?: number;
}

/** What the child process learnt. */
export interface OnnxRuntimeProbe {
  /** `require('onnxruntime-node')` failed with this message. */
  loadError?: string;
  /** `ort.env.versions.node`. */
  version?: string;
  /** `listSupportedBackends()`: what the binary was built with (not what works). */
  backends: { name: string; bundled: boolean }[];
  providers: ProviderProbe[];
  /** The child did not finish within the deadline. */
  timedOut: boolean;
  /** What the child wrote to stderr (native logs), without colours, trimmed. */
  stderr: string;
  /** ONNX Runtime's "Failed to load library X with error: Y" lines, one per library and reason. */
  loaderErrors: { library: string; error: string }[];
}

/** Parameters of {@link probeOnnxRuntime}. */
export interface ProbeOnnxRuntimeParams {
  environment: DoctorEnvironment;
  /** Path `require` loads for onnxruntime-node. */
  entry: string;
  /** Providers to try; empty tries every one the binary lists. @default [] */
  providers?: readonly string[];
  /** Kill the child after this many ms. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Loads onnxruntime-node in a child Node process and tries each execution provider on a
 * 100-byte identity model. Never throws: a child that cannot start or dies is reported as such.
 */
export function probeOnnxRuntime({
  environment,
  entry,
  providers = [],
  timeoutMs,
  signal,
}: ProbeOnnxRuntimeParams): Promise<OnnxRuntimeProbe> {
  return new Promise((resolve) => {
    const result: OnnxRuntimeProbe = {
      backends: [],
      providers: [],
      timedOut: false,
      stderr: "",
      loaderErrors: [],
    };
    let current: string | undefined;
    let buffer = "";
    let stderr = "";
    let settled = false;
    let loaded = false;
    const child = spawn(
      environment.execPath,
      ["-e", PROBE_SCRIPT, "--", entry, JSON.stringify(providers), IDENTITY_MODEL_BASE64],
      {
        env: { ...environment.env, NODE_OPTIONS: "" } as NodeJS.ProcessEnv,
        stdio: ["ignore", "pipe", "pipe"],
        windowsHide: true,
      },
    );
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      if (current && !result.providers.some((p) => p.name === current)) {
        result.providers.push({ name: current, works: false, timedOut: true, error: "did not answer" });
      }
      result.stderr = stripVTControlCharacters(stderr).trim().slice(-4000);
      result.loaderErrors = parseLoaderErrors(result.stderr);
      resolve(result);
    };
    const kill = () => {
      result.timedOut = true;
      child.kill("SIGKILL");
    };
    const onAbort = () => kill();
    signal?.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(kill, timeoutMs);
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      buffer += chunk;
      let newline: number;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        handle(line);
      }
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      if (stderr.length < 64_000) stderr += chunk;
    });
    child.on("error", (error) => {
      result.loadError = `Cannot start ${environment.execPath}: ${error.message}`;
      finish();
    });
    child.on("close", (code, killedBy) => {
      if (buffer.trim()) handle(buffer);
      if (!result.loadError && !loaded && !result.timedOut) {
        const lastLine = stderr.trim().split("\n").at(-1) ?? "";
        result.loadError = `The probe process ended (${killedBy ?? `exit code ${code}`}) before onnxruntime-node loaded${lastLine ? `: ${lastLine}` : "."}`;
      } else if (current && !result.timedOut) {
        // Died inside a provider: a native crash is a finding about that provider.
        result.providers.push({
          name: current,
          works: false,
          error: `the process crashed (${killedBy ?? `exit code ${code}`}) while creating the session`,
        });
        current = undefined;
      }
      finish();
    });

    function handle(line: string): void {
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      switch (message.type) {
        case "load-error":
          result.loadError = String(message.message);
          break;
        case "loaded":
          loaded = true;
          result.version = typeof message.version === "string" ? message.version : undefined;
          result.backends = Array.isArray(message.backends)
            ? (message.backends as { name: unknown; bundled: unknown }[]).map((b) => ({
                name: String(b.name),
                bundled: b.bundled !== false,
              }))
            : [];
          break;
        case "start":
          current = String(message.name);
          break;
        case "provider":
          result.providers.push({
            name: String(message.name),
            works: message.ok === true,
            ...(typeof message.error === "string" ? { error: message.error } : {}),
            ...(typeof message.ms === "number" ? { durationMs: message.ms } : {}),
          });
          current = undefined;
          break;
      }
    }
  });
}

/** `Failed to load library /x/libonnxruntime_providers_cuda.so with error: libcublasLt.so.12: cannot open…` */
function parseLoaderErrors(stderr: string): { library: string; error: string }[] {
  const seen = new Set<string>();
  const errors: { library: string; error: string }[] = [];
  for (const match of stderr.matchAll(/Failed to load library (\S+) with error: (.+)$/gm)) {
    const library = basename(match[1]!);
    // dlerror() repeats the path: "…/libX.so: file too short" → "file too short".
    const error = match[2]!.trim().replace(`${match[1]!}: `, "");
    const key = `${library}\n${error}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push({ library, error });
  }
  return errors;
}
