import { join } from "node:path";
import { DTYPES } from "../models/types.js";

/** Value types a config key can hold. */
export type ConfigValueType = "string" | "boolean" | "integer" | "path";

/** What hftool needs to compute default values. */
export interface ConfigDefaultsContext {
  /** hftool home (`HFTOOL_HOME` or `~/.hftool`). */
  home: string;
  /** Hugging Face cache folder from `HF_HUB_CACHE` / `HF_HOME` / XDG / `~/.cache`. */
  hubCacheDir: string;
  /** Working folder. */
  cwd: string;
}

/** One documented config key. */
export interface ConfigKeySpec {
  /** `section.name`, as written in TOML. */
  key: string;
  type: ConfigValueType;
  description: string;
  /** Allowed values, for closed sets. */
  choices?: readonly string[];
  /** Environment variables that set it, first match wins. */
  env?: readonly string[];
  /** Built-in value. */
  default?: (context: ConfigDefaultsContext) => unknown;
}

/** Execution devices `--device` accepts. */
export const DEVICES = [
  "auto",
  "cpu",
  "cuda",
  "tensorrt",
  "coreml",
  "dml",
  "webgpu",
  "rocm",
  "migraphx",
  "openvino",
] as const;

/**
 * Every key hftool reads from `config.toml`, besides `[aliases]` (name = "model") and one table per
 * task (`[text-to-image]`: `model`, `device`, `dtype`, `revision`, and any pipeline parameter).
 * Each key here takes effect; `config init` writes them all, commented, with these descriptions.
 */
export const CONFIG_KEYS: readonly ConfigKeySpec[] = [
  {
    key: "defaults.device",
    type: "string",
    description: "Where models run: auto picks the best provider that loads.",
    choices: DEVICES,
    env: ["HFTOOL_DEVICE"],
    default: () => "auto",
  },
  {
    key: "defaults.gpu",
    type: "string",
    description: "Which GPU to use (its index), when there are several.",
    env: ["HFTOOL_GPU"],
  },
  {
    key: "defaults.dtype",
    type: "string",
    description: "Weight variant: auto uses each model's recommended one.",
    choices: ["auto", ...DTYPES],
    env: ["HFTOOL_DTYPE"],
    default: () => "auto",
  },
  {
    key: "defaults.output_dir",
    type: "path",
    description: "Where outputs go when -o is omitted (same as [paths] output_dir).",
    env: [],
  },
  {
    key: "defaults.auto_open",
    type: "boolean",
    description: "Open outputs with the system viewer (only on a terminal, never in CI).",
    env: ["HFTOOL_AUTO_OPEN"],
    default: () => true,
  },
  {
    key: "defaults.auto_download",
    type: "boolean",
    description: "Download missing models without asking.",
    env: ["HFTOOL_AUTO_DOWNLOAD"],
    default: () => false,
  },
  {
    key: "defaults.verbose",
    type: "boolean",
    description: "Print more detail (as -v).",
    env: ["HFTOOL_VERBOSE"],
    default: () => false,
  },
  {
    key: "defaults.interactive",
    type: "boolean",
    description: "Bare 'hftool' starts the wizard instead of printing help.",
    env: ["HFTOOL_INTERACTIVE"],
    default: () => false,
  },
  {
    key: "paths.models_dir",
    type: "path",
    description: "Model cache, in the Hugging Face layout (shared with Python tools).",
    env: ["HFTOOL_MODELS_DIR"],
    default: (c) => c.hubCacheDir,
  },
  {
    key: "paths.output_dir",
    type: "path",
    description: "Where outputs go when -o is omitted.",
    env: ["HFTOOL_OUTPUT_DIR"],
    default: (c) => c.cwd,
  },
  {
    key: "paths.history_file",
    type: "path",
    description: "Run history (JSON lines).",
    env: ["HFTOOL_HISTORY_FILE"],
    default: (c) => join(c.home, "history.jsonl"),
  },
  {
    key: "hub.endpoint",
    type: "string",
    description: "Hub or mirror URL (e.g. a 'hftool serve' on your network).",
    env: ["HF_ENDPOINT"],
    default: () => "https://huggingface.co",
  },
  {
    key: "hub.offline",
    type: "boolean",
    description: "Never use the network; only the cache.",
    env: ["HF_HUB_OFFLINE", "HFTOOL_OFFLINE"],
    default: () => false,
  },
  {
    key: "download.max_workers",
    type: "integer",
    description: "Files and parts downloaded at once.",
    env: ["HFTOOL_MAX_WORKERS"],
    default: () => 8,
  },
];

/** Keys a task table understands besides pipeline parameters. */
export const TASK_TABLE_KEYS = ["model", "device", "dtype", "revision"] as const;

/** Sections that are not task tables. */
export const FIXED_SECTIONS = ["defaults", "paths", "aliases", "hub", "download"] as const;
