import { homedir } from "node:os";
import { dirname, isAbsolute, resolve } from "node:path";
import { ConfigError } from "../errors/errors.js";
import { expandTilde, getHftoolHome } from "../paths/get-hftool-home.js";
import { getHubCacheDir } from "../paths/get-hub-cache-dir.js";
import { suggestClosest } from "../suggest/suggest-closest.js";
import { findTask } from "../tasks/resolve-task.js";
import { TASKS } from "../tasks/task-registry.js";
import { CONFIG_KEYS, FIXED_SECTIONS, TASK_TABLE_KEYS, type ConfigKeySpec } from "./config-schema.js";
import { findConfigFiles, type ConfigFileInfo } from "./find-config-files.js";
import { parseConfigValue } from "./parse-config-value.js";
import { readConfigFile } from "./read-config-file.js";

/** Where an effective value came from. */
export type ConfigSource =
  | { kind: "default" }
  | { kind: "user" | "project"; file: string }
  | { kind: "env"; variable: string }
  | { kind: "flag" };

/** Something odd in the config that did not stop hftool: an unknown key, a bad env value. */
export interface ConfigWarning {
  message: string;
  file?: string;
  key?: string;
}

/** One task's table: its default model, device, dtype, revision, and pipeline parameters. */
export interface TaskSettings {
  model?: string;
  device?: string;
  dtype?: string;
  revision?: string;
  /** Every other key of the table, passed to the pipeline (below `--` parameters). */
  params: Record<string, unknown>;
}

/** A key, its effective value and where it came from. */
export interface ConfigEntry {
  key: string;
  value: unknown;
  source: ConfigSource;
}

/** Parameters of {@link loadConfig}. */
export interface LoadConfigParams {
  /** Working folder: project config search and relative paths. @default process.cwd() */
  cwd?: string;
  /** Environment for `HFTOOL_*` and `HF_*`. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** The user's home folder. @default os.homedir() */
  homeDir?: string;
  /**
   * Values from command-line flags, by key (`{"defaults.device": "cpu"}`); they beat everything.
   * `undefined` values are ignored.
   */
  overrides?: Readonly<Record<string, unknown>>;
  /** Read the project config. @default true */
  project?: boolean;
}

/** The effective configuration after merging every layer. */
export interface HftoolConfig {
  /** hftool home. */
  home: string;
  /** The files that were considered, in precedence order (user, then project). */
  files: ConfigFileInfo[];
  /** Unknown keys, ignored env values and the like. */
  warnings: ConfigWarning[];
  defaults: {
    device: string;
    gpu: string | undefined;
    dtype: string;
    autoOpen: boolean;
    autoDownload: boolean;
    verbose: boolean;
    interactive: boolean;
  };
  paths: { modelsDir: string; outputDir: string; historyFile: string };
  hub: { endpoint: string; offline: boolean };
  download: { maxWorkers: number };
  /** Model aliases from `[aliases]`. */
  aliases: Record<string, string>;
  /** A task's table (by canonical name or alias), merged across files. */
  task(name: string): TaskSettings;
  /** The effective value of a key (`defaults.device`, `aliases.fast`, `text-to-image.steps`). */
  get(key: string): unknown;
  /** Where a key's value came from, or `undefined` when it has none. */
  sourceOf(key: string): ConfigSource | undefined;
  /** Every key with a value, documented keys first. */
  entries(): ConfigEntry[];
}

type Layer = Map<string, { value: unknown; source: ConfigSource }>;

const SPEC_BY_KEY = new Map(CONFIG_KEYS.map((s) => [s.key, s]));

/**
 * Loads hftool's configuration: built-in defaults < user `config.toml` < project
 * `.hftool/config.toml` < `HFTOOL_*` / `HF_*` environment < command-line `overrides`.
 *
 * Unknown keys and unparsable env values become `warnings`; a malformed file is an error.
 * Relative paths in a file are relative to the folder that holds its `.hftool` folder.
 *
 * @throws {ConfigError} for malformed TOML (file, line, column) and values of the wrong type.
 */
export function loadConfig(params: LoadConfigParams = {}): HftoolConfig {
  const env = params.env ?? process.env;
  const homeDir = params.homeDir ?? homedir();
  const cwd = resolve(params.cwd ?? process.cwd());
  const home = getHftoolHome({ env, homeDir });
  const warnings: ConfigWarning[] = [];
  const values: Layer = new Map();

  const context = { home, hubCacheDir: getHubCacheDir({ env, homeDir }), cwd };
  for (const spec of CONFIG_KEYS) {
    if (spec.default) values.set(spec.key, { value: spec.default(context), source: { kind: "default" } });
  }

  const files = findConfigFiles({ cwd, env, homeDir }).filter(
    (f) => params.project !== false || f.scope === "user",
  );
  for (const file of files) {
    if (!file.exists) continue;
    const data = readConfigFile(file.path);
    if (!data) continue;
    const base = dirname(dirname(file.path));
    applyFile(data, file, base, homeDir, values, warnings);
  }

  for (const spec of CONFIG_KEYS) {
    for (const variable of spec.env ?? []) {
      const raw = env[variable];
      if (raw === undefined || raw === "") continue;
      try {
        let value = parseConfigValue(spec, raw, `Environment variable ${variable}`);
        if (spec.type === "path") value = resolve(cwd, expandTilde(value as string, homeDir));
        values.set(spec.key, { value, source: { kind: "env", variable } });
      } catch (error) {
        warnings.push({ message: `${(error as Error).message} Ignoring it.`, key: spec.key });
      }
      break;
    }
  }

  for (const [key, raw] of Object.entries(params.overrides ?? {})) {
    if (raw === undefined) continue;
    const spec = SPEC_BY_KEY.get(key);
    let value = spec ? parseConfigValue(spec, raw, "Command line") : raw;
    if (spec?.type === "path") value = resolve(cwd, expandTilde(value as string, homeDir));
    values.set(key, { value, source: { kind: "flag" } });
  }

  const get = (key: string) => values.get(key)?.value;
  const str = (key: string) => get(key) as string;
  const bool = (key: string) => get(key) === true;

  const aliases: Record<string, string> = {};
  for (const [key, { value }] of values) {
    if (key.startsWith("aliases.")) aliases[key.slice("aliases.".length)] = String(value);
  }

  // `[paths] output_dir` wins over its older spelling `[defaults] output_dir` unless only the latter is set.
  const outputDirSource = values.get("paths.output_dir")?.source.kind;
  const outputDir =
    outputDirSource === "default" && values.has("defaults.output_dir")
      ? str("defaults.output_dir")
      : str("paths.output_dir");

  return {
    home,
    files,
    warnings,
    defaults: {
      device: str("defaults.device"),
      gpu: get("defaults.gpu") as string | undefined,
      dtype: str("defaults.dtype"),
      autoOpen: bool("defaults.auto_open"),
      autoDownload: bool("defaults.auto_download"),
      verbose: bool("defaults.verbose"),
      interactive: bool("defaults.interactive"),
    },
    paths: { modelsDir: str("paths.models_dir"), outputDir, historyFile: str("paths.history_file") },
    hub: { endpoint: str("hub.endpoint").replace(/\/+$/, ""), offline: bool("hub.offline") },
    download: { maxWorkers: get("download.max_workers") as number },
    aliases,
    task(name: string): TaskSettings {
      const task = findTask(name);
      const canonical = task ? task.name : name;
      const settings: TaskSettings = { params: {} };
      const prefix = `${canonical}.`;
      for (const [key, { value }] of values) {
        if (!key.startsWith(prefix)) continue;
        const field = key.slice(prefix.length);
        if ((TASK_TABLE_KEYS as readonly string[]).includes(field)) {
          (settings as unknown as Record<string, unknown>)[field] = String(value);
        } else {
          settings.params[field] = value;
        }
      }
      return settings;
    },
    get,
    sourceOf: (key) => values.get(key)?.source,
    entries() {
      const documented = CONFIG_KEYS.filter((s) => values.has(s.key)).map((s) => ({
        key: s.key,
        ...values.get(s.key)!,
      }));
      const rest = [...values.entries()]
        .filter(([key]) => !SPEC_BY_KEY.has(key))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, v]) => ({ key, ...v }));
      return [...documented, ...rest];
    },
  };
}

function applyFile(
  data: Record<string, unknown>,
  file: ConfigFileInfo,
  base: string,
  homeDir: string,
  values: Layer,
  warnings: ConfigWarning[],
): void {
  const source: ConfigSource = { kind: file.scope, file: file.path };
  const knownSections = [...FIXED_SECTIONS, ...TASKS.flatMap((t) => [t.name, ...t.aliases])];
  for (const [section, table] of Object.entries(data)) {
    if (table === null || typeof table !== "object" || Array.isArray(table)) {
      const hint = suggestClosest({
        input: section,
        candidates: CONFIG_KEYS.map((s) => s.key.split(".")[1]!),
      });
      warnings.push({
        file: file.path,
        key: section,
        message: `${file.path}: '${section}' is outside any [section] and is ignored.${hint.length ? ` Did you mean [defaults] ${hint[0]}?` : ""}`,
      });
      continue;
    }
    const entries = Object.entries(table as Record<string, unknown>);
    if (section === "aliases") {
      for (const [name, target] of entries) {
        if (typeof target !== "string" || target.trim() === "") {
          throw new ConfigError(`${file.path}: alias '${name}' must be a model name or repo id in quotes.`, {
            file: file.path,
            hint: `Write it as ${name} = "org/model".`,
          });
        }
        values.set(`aliases.${name}`, { value: target.trim(), source });
      }
      continue;
    }
    if ((FIXED_SECTIONS as readonly string[]).includes(section)) {
      for (const [name, raw] of entries) {
        const key = `${section}.${name}`;
        const spec = SPEC_BY_KEY.get(key);
        if (!spec) {
          const near = suggestClosest({
            input: name,
            candidates: CONFIG_KEYS.filter((s) => s.key.startsWith(`${section}.`)).map(
              (s) => s.key.split(".")[1]!,
            ),
          });
          warnings.push({
            file: file.path,
            key,
            message: `${file.path}: unknown key '${name}' in [${section}] is ignored.${near.length ? ` Did you mean '${near[0]}'?` : ""}`,
          });
          continue;
        }
        let value = parseConfigValue(spec, raw, file.path);
        if (spec.type === "path") value = resolvePath(value as string, base, homeDir);
        values.set(key, { value, source });
      }
      continue;
    }
    const task = findTask(section);
    if (!task) {
      const near = suggestClosest({ input: section, candidates: knownSections });
      warnings.push({
        file: file.path,
        key: section,
        message: `${file.path}: unknown section [${section}] is ignored.${near.length ? ` Did you mean [${near[0]}]?` : ""}`,
      });
      continue;
    }
    for (const [name, raw] of entries) {
      const key = `${task.name}.${name}`;
      if (name === "device" || name === "dtype") {
        values.set(key, {
          value: parseConfigValue(SPEC_BY_KEY.get(`defaults.${name}`) as ConfigKeySpec, raw, file.path),
          source,
        });
      } else if (name === "model" || name === "revision") {
        if (typeof raw !== "string") {
          throw new ConfigError(`${file.path}: '${key}' must be a string, got ${JSON.stringify(raw)}.`, {
            file: file.path,
            hint: `Write it as ${name} = "…".`,
          });
        }
        values.set(key, { value: raw, source });
      } else {
        const known = task.params.some((p) => p.name === name);
        if (!known && task.params.length > 0) {
          const near = suggestClosest({
            input: name,
            candidates: [...task.params.map((p) => p.name), ...TASK_TABLE_KEYS],
          });
          if (near.length > 0 && near[0] !== name) {
            warnings.push({
              file: file.path,
              key,
              message: `${file.path}: [${section}] '${name}' is not a documented parameter of ${task.name} (did you mean '${near[0]}'?); it is passed to the model as is.`,
            });
          }
        }
        values.set(key, { value: raw, source });
      }
    }
  }
}

function resolvePath(value: string, base: string, homeDir: string): string {
  const expanded = expandTilde(value, homeDir);
  return isAbsolute(expanded) ? expanded : resolve(base, expanded);
}
