import type * as Ort from "onnxruntime-node";

/** The onnxruntime-node module. */
export type OnnxRuntime = typeof Ort;

/** How much onnxruntime-node itself writes to stderr. */
export type OnnxLogLevel = "verbose" | "info" | "warning" | "error" | "fatal";

let runtime: Promise<OnnxRuntime> | undefined;
let logLevel: OnnxLogLevel = "fatal";

/**
 * Sets how much onnxruntime-node writes to stderr on its own. hftool keeps it at `fatal`, because a
 * missing execution provider is reported through errors (and probing for one would otherwise
 * print "Failed to load shared library" lines); raise it to `warning` or `verbose` to debug.
 * Takes effect before the first session of the process is created.
 */
export function setOnnxLogLevel(level: OnnxLogLevel): void {
  logLevel = level;
  if (runtime) void runtime.then((ort) => (ort.env.logLevel = level));
}

/** The log level set with {@link setOnnxLogLevel}. */
export function getOnnxLogLevel(): OnnxLogLevel {
  return logLevel;
}

/**
 * Imports onnxruntime-node once, on first use (it is a 290 MB native module: commands that do
 * not run a model never load it), with its log level set (see {@link setOnnxLogLevel}).
 */
export function loadOnnxRuntime(): Promise<OnnxRuntime> {
  // onnxruntime-node 1.29+ sends usage telemetry and writes a device id under ~/.cache/Microsoft
  // unless this is set before it initializes; an explicit value (ORT_DISABLE_TELEMETRY=0) wins
  process.env.ORT_DISABLE_TELEMETRY ??= "1";
  runtime ??= import("onnxruntime-node").then((module) => {
    const ort = ((module as unknown as { default?: OnnxRuntime }).default ?? module) as OnnxRuntime;
    ort.env.logLevel = logLevel;
    return ort;
  });
  return runtime;
}
