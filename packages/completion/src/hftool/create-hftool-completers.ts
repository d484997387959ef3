import {
  CONFIG_KEYS,
  DEVICES,
  DTYPES,
  findModel,
  findTask,
  formatBytes,
  getHubCacheDir,
  getHftoolHome,
  listModels,
  listTasks,
  loadConfig,
  MODELS,
  TASK_TABLE_KEYS,
  type HftoolConfig,
  type TaskDefinition,
} from "@hftool/core";
import { join } from "node:path";
import { COMPLETION_DIRECTIVE as D } from "../directive.js";
import { completeFilePicker } from "../paths/complete-file-picker.js";
import { completePath } from "../paths/complete-path.js";
import { SHELLS, type Shell } from "../shells.js";
import type { CompleterContext, CompleterMap, CompletionItem, CompletionResult } from "../types.js";
import { INPUT_EXTENSIONS } from "./input-extensions.js";
import { listCachedModels } from "./list-cached-models.js";
import { readHistoryEntries } from "./read-history-entries.js";

/** Parameters of {@link createHftoolCompleters}. */
export interface CreateHftoolCompletersParams {
  /**
   * Loads the configuration (models folder, history file, model aliases). Called at most once, and
   * only by completers that need it.
   * @default loadConfig from `@hftool/core` with the completer's cwd, env and home
   */
  loadConfig?: (context: CompleterContext) => HftoolConfig;
}

const DEVICE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  auto: "The best provider that loads here (default)",
  cpu: "The CPU: works everywhere",
  cuda: "NVIDIA GPU (CUDA 12 + cuDNN 9)",
  tensorrt: "NVIDIA GPU through TensorRT",
  coreml: "Apple Neural Engine / GPU (macOS)",
  dml: "DirectML GPU (Windows)",
  webgpu: "WebGPU (Dawn)",
  rocm: "AMD GPU (ROCm)",
  migraphx: "AMD GPU (MIGraphX)",
  openvino: "Intel CPU / GPU / NPU (OpenVINO)",
};

const SECTION_DESCRIPTIONS: Readonly<Record<string, string>> = {
  defaults: "Device, dtype, output folder, prompts",
  paths: "Model cache, output folder, history file",
  hub: "Hub endpoint (a mirror) and offline mode",
  download: "Parallel downloads",
  aliases: "Your short names for models",
};

const SHELL_DESCRIPTIONS: Readonly<Record<Shell, string>> = {
  bash: "GNU Bash (with or without bash-completion)",
  zsh: "Z shell",
  fish: "fish, the friendly interactive shell",
  powershell: "PowerShell 7 (pwsh) or Windows PowerShell",
};

const last = (values: readonly string[] | undefined) => values?.[values.length - 1];

/** The task named on the line (`-t asr`), if it is a known one. */
function taskOnLine(context: CompleterContext): TaskDefinition | undefined {
  const name = last(context.optionValues.get("task")) ?? last(context.positionalValues.get("task"));
  return name ? findTask(name) : undefined;
}

function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function age(time: string | undefined, now: number): string | undefined {
  const at = time ? Date.parse(time) : NaN;
  if (Number.isNaN(at)) return undefined;
  const minutes = Math.max(0, Math.round((now - at) / 60_000));
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h ago`;
  return `${Math.round(minutes / 1440)} days ago`;
}

/**
 * The completers hftool's commands name in their `complete` fields: tasks and aliases, models
 * (registry, config aliases and the local cache, filtered by the task on the line), devices,
 * dtypes, output formats, files, folders, inputs with the `@` file picker, history ids, shells,
 * config keys and values, and the task's parameters after `--` (`task-param`).
 *
 * None of them touches the network; the ones that read files read little (folder names, the end of
 * the history file).
 */
export function createHftoolCompleters(params: CreateHftoolCompletersParams = {}): CompleterMap {
  let config: HftoolConfig | null | undefined;
  const configOf = (context: CompleterContext): HftoolConfig | null => {
    if (config === undefined) {
      try {
        config = params.loadConfig
          ? params.loadConfig(context)
          : loadConfig({ cwd: context.cwd, env: context.env, homeDir: context.homeDir });
      } catch {
        config = null; // a broken config.toml must not break Tab
      }
    }
    return config;
  };
  const modelsDir = (context: CompleterContext) =>
    configOf(context)?.paths.modelsDir ?? getHubCacheDir({ env: context.env, homeDir: context.homeDir });

  const task = (): CompletionItem[] =>
    listTasks().flatMap((t) => {
      const note = t.status === "available" ? "" : " (not available yet)";
      return [
        { value: t.name, description: `${t.description}${note}` },
        ...t.aliases.map((alias) => ({ value: alias, description: `${t.name}: ${t.description}${note}` })),
      ];
    });

  const models = async (context: CompleterContext, taskName?: string): Promise<CompletionResult> => {
    const onLine = taskName ? findTask(taskName) : taskOnLine(context);
    const registry = onLine ? listModels({ task: onLine.name }) : MODELS;
    const cached = new Set(await listCachedModels({ modelsDir: modelsDir(context) }));
    const items: CompletionItem[] = [];
    for (const m of registry) {
      const notes = [
        m.default ? "default" : "",
        formatBytes(m.sizeBytes),
        cached.has(m.repo) ? "downloaded" : "",
        m.gated ? "gated" : "",
        onLine ? "" : m.task,
      ].filter(Boolean);
      items.push({ value: m.name, description: `${m.description} (${notes.join(", ")})` });
      if (context.current.includes("/")) items.push({ value: m.repo, description: m.description });
    }
    for (const [alias, target] of Object.entries(configOf(context)?.aliases ?? {})) {
      items.push({ value: alias, description: `Your alias for ${target}` });
    }
    for (const repo of cached) {
      // Registry models are offered above by their short name (or belong to another task).
      if (MODELS.some((m) => m.repo === repo)) continue;
      items.push({ value: repo, description: "Downloaded, not in hftool's registry" });
    }
    return { items, directive: D.NoFileComp | D.KeepOrder };
  };

  const dtypes = (context: CompleterContext): CompletionResult => {
    const model = last(context.optionValues.get("model"));
    const onLine = taskOnLine(context);
    const entry = model ? findModel({ name: model, ...(onLine ? { task: onLine.name } : {}) })[0] : undefined;
    if (entry) {
      const preferred = entry.defaultDtype ?? "fp32";
      return {
        items: entry.dtypes.map((d) => ({
          value: d,
          description: d === preferred ? `${entry.name}'s default` : `Variant of ${entry.name}`,
        })),
        directive: D.NoFileComp,
      };
    }
    return {
      items: [
        { value: "auto", description: "Each model's recommended variant" },
        ...DTYPES.map((d) => ({ value: d })),
      ],
      directive: D.NoFileComp,
    };
  };

  const devices = (): CompletionResult => ({
    items: DEVICES.map((d) => ({ value: d, description: DEVICE_DESCRIPTIONS[d] ?? d })),
    directive: D.NoFileComp,
  });

  const input = async (context: CompleterContext): Promise<CompletionResult> => {
    const onLine = taskOnLine(context);
    const extensions = onLine ? INPUT_EXTENSIONS[onLine.input] : undefined;
    const base = { cwd: context.cwd, homeDir: context.homeDir, ...(extensions ? { extensions } : {}) };
    if (context.current.startsWith("@")) {
      return {
        items: await completeFilePicker({ ...base, current: context.current }),
        directive: D.NoFileComp,
      };
    }
    const items = await completePath({ ...base, current: context.current });
    if (context.current === "") {
      items.push({ value: "@", description: "Pick a file (@. below here, @~ home, @@ recent, @? guided)" });
      items.push({ value: "-", description: "Read from standard input" });
    }
    return { items, directive: D.NoFileComp };
  };

  const configKey = (context: CompleterContext): CompletionResult => {
    const { current } = context;
    const dot = current.indexOf(".");
    if (dot === -1) {
      const sections = new Set(CONFIG_KEYS.map((k) => k.key.split(".")[0]!));
      return {
        items: [
          ...[...sections, "aliases"].map((s) => ({
            value: `${s}.`,
            description: SECTION_DESCRIPTIONS[s] ?? s,
          })),
          ...listTasks().map((t) => ({ value: `${t.name}.`, description: `Settings for ${t.name}` })),
        ],
        directive: D.NoFileComp,
      };
    }
    const section = current.slice(0, dot);
    const inSection = CONFIG_KEYS.filter((k) => k.key.startsWith(`${section}.`));
    if (inSection.length > 0) {
      return {
        items: inSection.map((k) => ({ value: k.key, description: k.description })),
        directive: D.NoFileComp,
      };
    }
    if (section === "aliases") {
      return {
        items: Object.entries(configOf(context)?.aliases ?? {}).map(([name, target]) => ({
          value: `aliases.${name}`,
          description: target,
        })),
        directive: D.NoFileComp,
      };
    }
    const taskDef = findTask(section);
    if (!taskDef) return { items: [], directive: D.NoFileComp };
    return {
      items: [
        ...TASK_TABLE_KEYS.map((k) => ({
          value: `${section}.${k}`,
          description: `Default ${k} for ${taskDef.name}`,
        })),
        ...taskDef.params.map((p) => ({ value: `${section}.${p.name}`, description: p.description })),
      ],
      directive: D.NoFileComp,
    };
  };

  const configValue = async (context: CompleterContext): Promise<CompletionItem[] | CompletionResult> => {
    const key = last(context.positionalValues.get("key"));
    if (!key) return { items: [], directive: D.NoFileComp };
    const spec = CONFIG_KEYS.find((k) => k.key === key);
    if (spec?.choices) return { items: spec.choices.map((c) => ({ value: c })), directive: D.NoFileComp };
    if (spec?.type === "boolean")
      return { items: [{ value: "true" }, { value: "false" }], directive: D.NoFileComp };
    if (spec?.type === "path") {
      const kind = key.endsWith("_dir") ? "directory" : "any";
      return { items: await completePath({ ...context, kind }), directive: D.NoFileComp };
    }
    const [section, name] = [key.slice(0, key.indexOf(".")), key.slice(key.indexOf(".") + 1)];
    if (section === "aliases") return models(context);
    const taskDef = findTask(section);
    if (taskDef) {
      if (name === "model") return models(context, taskDef.name);
      if (name === "device") return devices();
      if (name === "dtype") return dtypes(context);
      const param = taskDef.params.find((p) => p.name === name);
      if (param?.choices) return { items: param.choices.map((c) => ({ value: c })), directive: D.NoFileComp };
      if (param?.type === "boolean")
        return { items: [{ value: "true" }, { value: "false" }], directive: D.NoFileComp };
    }
    return { items: [], directive: D.NoFileComp };
  };

  const taskParam = (context: CompleterContext): CompletionResult => {
    const onLine = taskOnLine(context);
    if (!onLine) return { items: [], directive: D.Default };
    const previous = last(context.passthrough ?? []);
    const named = previous?.startsWith("--")
      ? onLine.params.find((p) => p.name === previous.slice(2).replace(/-/g, "_"))
      : undefined;
    if (named && !context.current.startsWith("-")) {
      if (named.choices) return { items: named.choices.map((c) => ({ value: c })), directive: D.NoFileComp };
      if (named.type === "boolean")
        return { items: [{ value: "true" }, { value: "false" }], directive: D.NoFileComp };
      return { items: [], directive: named.type === "string" ? D.Default : D.NoFileComp };
    }
    const given = new Set(
      (context.passthrough ?? []).filter((w) => w.startsWith("--")).map((w) => w.slice(2).replace(/-/g, "_")),
    );
    return {
      items: onLine.params
        .filter((p) => !given.has(p.name))
        .map((p) => ({
          value: `--${p.name}`,
          description: `${p.description}${p.default !== undefined ? ` (default ${JSON.stringify(p.default)})` : ""}`,
        })),
      directive: D.NoFileComp,
    };
  };

  return {
    task,
    model: (context) => models(context),
    "cached-model": async (context) => {
      const repos = await listCachedModels({ modelsDir: modelsDir(context) });
      return {
        items: repos.map((repo) => {
          const known = MODELS.find((m) => m.repo === repo);
          return { value: repo, description: known ? `${known.name}: ${known.description}` : "Downloaded" };
        }),
        directive: D.NoFileComp,
      };
    },
    device: devices,
    dtype: dtypes,
    format: (context) => {
      const onLine = taskOnLine(context);
      const formats = onLine ? onLine.formats : [...new Set(listTasks().flatMap((t) => t.formats))];
      return { items: formats.map((f) => ({ value: f })), directive: D.NoFileComp };
    },
    file: async (context) => ({ items: await completePath(context), directive: D.NoFileComp }),
    directory: async (context) => ({
      items: await completePath({ ...context, kind: "directory" }),
      directive: D.NoFileComp,
    }),
    input,
    "history-id": async (context) => {
      const file =
        configOf(context)?.paths.historyFile ??
        join(getHftoolHome({ env: context.env, homeDir: context.homeDir }), "history.jsonl");
      const now = Date.now();
      const entries = await readHistoryEntries({ file });
      return {
        items: entries.map((e) => ({
          value: e.id,
          description: [e.task, e.input ? truncate(e.input, 48) : undefined, age(e.time, now)]
            .filter(Boolean)
            .join(" · "),
        })),
        directive: D.NoFileComp | D.KeepOrder,
      };
    },
    shell: () => ({
      items: SHELLS.map((s) => ({ value: s, description: SHELL_DESCRIPTIONS[s] })),
      directive: D.NoFileComp,
    }),
    "config-key": configKey,
    "config-value": configValue,
    "task-param": taskParam,
  };
}
