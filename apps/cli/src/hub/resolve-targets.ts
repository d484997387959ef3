import {
  findModel,
  getDefaultModel,
  listModels,
  MODELS,
  ModelNotFoundError,
  resolveTask,
  suggestClosest,
  UsageError,
  type ModelEntry,
} from "@hftool/core";

/** One repo to act on, and how the user named it. */
export interface ModelTarget {
  /** Hub repo id (`org/name`, `datasets/org/name`). */
  repo: string;
  /** Revision the user or the registry asked for; undefined means `main`. */
  revision: string | undefined;
  /** What the user typed (or the registry name). */
  label: string;
  /** The registry entry, when it is one. */
  entry: ModelEntry | undefined;
}

const REPO_ID = /^(?:(?:datasets|spaces)\/)?[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/;

/**
 * Turns what the user typed into repos: registry names (`whisper-base`), config aliases, Hub repo
 * ids (`org/name`, `datasets/org/name`), each optionally `@revision`.
 */
export function resolveModelName(
  name: string,
  aliases: Readonly<Record<string, string>>,
  task?: string,
): ModelTarget {
  let value = name.trim();
  const seen = new Set<string>();
  while (aliases[value] !== undefined && !seen.has(value)) {
    seen.add(value);
    value = aliases[value]!.trim();
  }
  let revision: string | undefined;
  const at = value.lastIndexOf("@");
  if (at > 0) {
    revision = value.slice(at + 1);
    value = value.slice(0, at);
  }
  const [entry] = findModel({ name: value, ...(task ? { task } : {}) });
  if (entry) return { repo: entry.repo, revision: revision ?? entry.revision, label: name, entry };
  if (REPO_ID.test(value) && value.includes("/"))
    return { repo: value, revision, label: name, entry: undefined };
  const candidates = [...MODELS.flatMap((m) => [m.name, m.repo]), ...Object.keys(aliases)];
  const near = suggestClosest({ input: value, candidates });
  throw new ModelNotFoundError(
    name,
    `'${name}' is neither a registry model nor a Hub repo id.${near.length ? ` Did you mean '${near[0]}'?` : ""}`,
    near,
    { hint: "Use a name from 'hftool models', or a Hub repo id such as onnx-community/whisper-base." },
  );
}

/** `-m`/positional names, `-t TASK` (its default, or all with `--all`), or `--all`. Duplicates removed. */
export function resolveDownloadTargets(params: {
  names: readonly string[];
  task: string | undefined;
  all: boolean;
  aliases: Readonly<Record<string, string>>;
}): ModelTarget[] {
  const task = params.task ? resolveTask(params.task).name : undefined;
  const targets: ModelTarget[] = [];
  if (params.names.length > 0) {
    if (params.all) throw new UsageError("Pass either model names or --all, not both.");
    for (const name of params.names) targets.push(resolveModelName(name, params.aliases, task));
  } else if (params.all) {
    for (const entry of listModels(task ? { task } : {}))
      targets.push({ repo: entry.repo, revision: entry.revision, label: entry.name, entry });
  } else if (task) {
    const entry = getDefaultModel(task);
    if (!entry) {
      throw new UsageError(`The task '${task}' has no default model.`, {
        hint: "Name one with -m org/name.",
      });
    }
    targets.push({ repo: entry.repo, revision: entry.revision, label: entry.name, entry });
  } else {
    throw new UsageError("What should be downloaded? Name a model, a task or --all.", {
      hint: "Examples: hftool download -m whisper-base | hftool download -t asr | hftool download org/name",
    });
  }
  const seen = new Set<string>();
  return targets.filter((t) => {
    const key = `${t.repo}@${t.revision ?? "main"}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
