import { existsSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, resolve } from "node:path";
import { ModelNotFoundError, ModelProviderError, NotSupportedError } from "../errors/errors.js";
import { suggestClosest } from "../suggest/suggest-closest.js";
import { resolveTask } from "../tasks/resolve-task.js";
import { describeProviders } from "./describe-providers.js";
import { findModel } from "./find-model.js";
import { MODELS } from "./model-registry.js";
import { modelRunsOn } from "./model-runs-on.js";
import type { ModelEntry, ResolvedModel } from "./types.js";

/** Parameters of {@link resolveModel}. */
export interface ResolveModelParams {
  /** Task name or alias the model must serve. */
  task: string;
  /**
   * What the user asked for: a registry short name, a Hub repo id (optionally `repo@revision`), a
   * config alias, or a local folder. The task's default when omitted.
   */
  model?: string;
  /** Model aliases from config (`[aliases]`), name → model. @default {} */
  aliases?: Readonly<Record<string, string>>;
  /** Folder that relative paths are resolved against. @default process.cwd() */
  cwd?: string;
  /** Revision to use instead of the entry's or `main`. */
  revision?: string;
  /**
   * Execution providers the run will use (the names in a resolved device's `executionProviders`:
   * `["cuda"]`, `["cpu"]`). Given, the default is the task's default when its weights run there,
   * else the first of the task's registry entries that does (see `replacedDefault`); and a
   * registry model named explicitly whose weights cannot run there throws a
   * {@link ModelProviderError} before anything is downloaded. Omitted: any provider.
   */
  providers?: readonly string[];
}

const REPO_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

function looksLikePath(value: string): boolean {
  return (
    value.startsWith("./") ||
    value.startsWith("../") ||
    value.startsWith("~") ||
    value === "." ||
    isAbsolute(value) ||
    /^[A-Za-z]:[\\/]/.test(value) ||
    value.startsWith(".\\")
  );
}

function expandHome(value: string): string {
  return value === "~" || value.startsWith("~/") ? homedir() + value.slice(1) : value;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Decides which model a run uses: `-m` value (through config aliases) or the task's default, as a
 * registry entry, any Hub repo, or a local folder laid out like a Hub repo.
 *
 * @throws {TaskNotFoundError} for an unknown task.
 * @throws {ModelNotFoundError} when the name matches nothing (with suggestions), when a path does
 *   not exist, or when a registry model belongs to another task.
 * @throws {NotSupportedError} when the task has no default model and none was given.
 * @throws {ModelProviderError} with `providers`, for a registry model (or a task whose registry
 *   models all) built for other execution providers.
 */
export function resolveModel(params: ResolveModelParams): ResolvedModel {
  const task = resolveTask(params.task);
  const aliases = params.aliases ?? {};
  const cwd = params.cwd ?? process.cwd();

  const providers = params.providers;

  if (params.model === undefined || params.model.trim() === "") {
    const fallback = MODELS.find((m) => m.task === task.name && m.default);
    if (!fallback) {
      throw new NotSupportedError(`The task '${task.name}' has no model that runs on ONNX Runtime yet.`, {
        hint: task.unsupportedReason ?? "Pass a model with -m.",
      });
    }
    let entry = fallback;
    if (providers && !modelRunsOn({ entry, providers })) {
      const runnable = MODELS.find((m) => m.task === task.name && modelRunsOn({ entry: m, providers }));
      if (!runnable) throw providerError(fallback, providers, task.name);
      entry = runnable;
    }
    return {
      kind: "registry",
      repo: entry.repo,
      revision: params.revision ?? entry.revision ?? "main",
      entry,
      requested: entry.name,
      ...(entry !== fallback ? { replacedDefault: fallback } : {}),
    };
  }

  const requested = params.model.trim();
  let name = requested;
  const seen = new Set<string>();
  while (aliases[name] !== undefined && !seen.has(name)) {
    seen.add(name);
    name = aliases[name]!.trim();
  }

  let revision = params.revision;
  if (!looksLikePath(name)) {
    const at = name.lastIndexOf("@");
    if (at > 0) {
      revision ??= name.slice(at + 1);
      name = name.slice(0, at);
    }
  }

  if (looksLikePath(name)) {
    const path = resolve(cwd, expandHome(name));
    if (!existsSync(path)) {
      throw new ModelNotFoundError(requested, `Model folder '${path}' does not exist.`, [], {
        hint: "Check the path, or pass a Hub repo id such as onnx-community/whisper-base.",
      });
    }
    if (!isDirectory(path)) {
      throw new ModelNotFoundError(requested, `'${path}' is a file, not a model folder.`, [], {
        hint: "Pass the folder that holds config.json and the onnx/ files.",
      });
    }
    return { kind: "local", path, requested };
  }

  const matches = findModel({ name, task: task.name });
  const forTask = matches.find((m) => m.task === task.name);
  if (forTask) {
    if (providers && !modelRunsOn({ entry: forTask, providers })) {
      throw providerError(forTask, providers, task.name);
    }
    return {
      kind: "registry",
      repo: forTask.repo,
      revision: revision ?? forTask.revision ?? "main",
      entry: forTask,
      requested,
    };
  }

  const relative = resolve(cwd, name);
  if (isDirectory(relative)) return { kind: "local", path: relative, requested };

  if (matches.length > 0 && !REPO_ID.test(name)) {
    const other = matches[0]!;
    throw new ModelNotFoundError(
      requested,
      `'${requested}' is a ${other.task} model, not a ${task.name} model.`,
      [],
      { hint: `Run 'hftool models -t ${task.name}' to see models for this task, or use -t ${other.task}.` },
    );
  }

  if (REPO_ID.test(name)) return { kind: "hub", repo: name, revision: revision ?? "main", requested };

  const candidates = [
    ...MODELS.filter((m) => m.task === task.name).flatMap((m) => [m.name, m.repo]),
    ...Object.keys(aliases),
  ];
  const suggestions = suggestClosest({ input: name, candidates });
  const didYouMean =
    suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `'${s}'`).join(" or ")}?` : "";
  throw new ModelNotFoundError(
    requested,
    `Unknown model '${requested}' for task '${task.name}'.${didYouMean}`,
    suggestions,
    {
      hint: `Use a name from 'hftool models -t ${task.name}', a Hub repo id (org/name), a local folder, or an alias from [aliases] in your config.`,
    },
  );
}

/** Why a registry model cannot run on this run's providers, and which models can. */
function providerError(entry: ModelEntry, providers: readonly string[], task: string): ModelProviderError {
  const needed = entry.providers ?? [];
  const alternatives = MODELS.filter((m) => m.task === task && modelRunsOn({ entry: m, providers }));
  const here = providers[0] === "cpu" ? "the CPU" : describeProviders(providers.slice(0, 1));
  const device = needed[0] ?? "cuda";
  return new ModelProviderError(
    entry.name,
    needed,
    providers,
    `${entry.name} (${entry.repo}) runs only on ${describeProviders(needed)}, and this run uses ${here}: its ONNX weights are built with operators that only ${describeProviders(needed)} has.`,
    {
      hint:
        alternatives.length > 0
          ? `Use -m ${alternatives[0]!.name} (runs on ${here}), or --device ${device} on a machine where it works ('hftool doctor' checks).`
          : `Run it with --device ${device} on a machine where that works ('hftool doctor' checks), or pass another model with -m.`,
    },
  );
}
