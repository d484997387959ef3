import type { DoctorEnvironment } from "./environment/doctor-environment.js";

/**
 * Outcome of one check. `ok` and `info` leave the exit code at 0, `warning` makes it 1, `error` 2.
 * `info` is for facts that are neither good nor bad ("no GPU: models run on the CPU").
 */
export type CheckStatus = "ok" | "warning" | "error" | "info";

/** Where a check belongs; renderers may group by it. */
export type CheckCategory = "runtime" | "hardware" | "tools" | "network" | "configuration" | "storage";

/** Something the user can do: a command to run, or an instruction when there is no single command. */
export interface Suggestion {
  /** What it achieves, or the instruction itself when there is no command. */
  description: string;
  /** A shell command to run, exactly as shown. */
  command?: string;
}

/**
 * A repair `--fix` can make. Only local, reversible-or-harmless changes are planned as fixes
 * (create a folder, remove a dangling link, take over a stale lock); anything that deletes
 * downloaded data is marked `deletesData` and needs a confirmation.
 */
export interface FixPlan {
  /** Stable within its check (`create-models-dir`). */
  id: string;
  /** What it does, in the imperative ("Create /home/u/.cache/huggingface/hub"). */
  description: string;
  /** Removes downloaded bytes (a partial download, a blob): asked before it runs. */
  deletesData: boolean;
  apply(signal: AbortSignal): Promise<void>;
}

/** What a check's `run` returns; the runner adds id, title, timing. */
export interface CheckOutcome {
  status: CheckStatus;
  /** One line. */
  message: string;
  /** Further lines, most useful first. */
  details?: string[];
  suggestions?: Suggestion[];
  /** Structured facts for `--json` (versions, GPUs, providers …). */
  data?: Record<string, unknown>;
  /** Repairs `--fix` may apply. */
  fixes?: FixPlan[];
}

/** Memoised probes shared by the checks of one run (nvidia-smi feeds the GPU and ONNX Runtime checks). */
export type SharedProbe = <T>(key: string, compute: () => Promise<T>) => Promise<T>;

/** Everything a check may use. Checks read the machine only through `environment`. */
export interface CheckContext {
  environment: DoctorEnvironment;
  /** Aborted when the check runs out of time or the whole run is cancelled. */
  signal: AbortSignal;
  /** How long the network check waits for the Hub, in ms. */
  networkTimeoutMs: number;
  shared: SharedProbe;
}

/** One independent check. */
export interface DoctorCheck {
  /** Stable id, accepted by `--check` (`onnxruntime`). */
  id: string;
  /** Short title ("ONNX Runtime"). */
  title: string;
  /** One line for `--help`, completion and the README. */
  description: string;
  category: CheckCategory;
  /** Longest the check may run before it is reported as timed out, in ms. */
  timeoutMs(context: { networkTimeoutMs: number }): number;
  run(context: CheckContext): Promise<CheckOutcome>;
}

/** What happened to one planned fix. */
export interface FixRecord {
  checkId: string;
  fixId: string;
  description: string;
  deletesData: boolean;
  outcome: "applied" | "declined" | "failed";
  /** Why it failed. */
  error?: string;
}

/** One check's result, as the report and `--json` carry it. */
export interface CheckResult {
  id: string;
  title: string;
  category: CheckCategory;
  status: CheckStatus;
  message: string;
  details: string[];
  suggestions: Suggestion[];
  /** Wall time of the check, in ms. */
  durationMs: number;
  /** The check ran out of time (its status is then `warning`). */
  timedOut: boolean;
  data: Record<string, unknown>;
  /** Fixes `--fix` could apply (also listed without `--fix`, so users know it would help). */
  fixable: { id: string; description: string; deletesData: boolean }[];
}

/** Counts per status. */
export interface ReportSummary {
  total: number;
  ok: number;
  warning: number;
  error: number;
  info: number;
  /** Wall time of the whole run, in ms. */
  durationMs: number;
}

/** The full report: `--json` prints exactly this object. */
export interface DoctorReport {
  /** Bumped on any incompatible change to this shape. */
  schemaVersion: 1;
  tool: { name: string; version: string };
  /** ISO 8601. */
  generatedAt: string;
  platform: { os: string; arch: string; release: string; node: string };
  /** 0: only ok/info, 1: warnings, 2: errors. */
  exitCode: 0 | 1 | 2;
  summary: ReportSummary;
  checks: CheckResult[];
  /** What `--fix` did (empty without `--fix`). */
  fixes: FixRecord[];
}
