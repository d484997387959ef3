import { UsageError } from "@hftool/core";

/** Kinds of Hub repositories. */
export type RepoType = "model" | "dataset" | "space";

/** A repo id split into its kind and name. */
export interface RepoId {
  type: RepoType;
  /** `org/name` (or a bare `name` for the Hub's few canonical repos). */
  name: string;
}

const PREFIXES: Record<string, RepoType> = { models: "model", datasets: "dataset", spaces: "space" };
const SEGMENT = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?$/;

/**
 * Reads a repo id the way the `hf` CLI accepts it: `org/name` is a model, `datasets/org/name` and
 * `spaces/org/name` name the other kinds; `hf://` URIs work too. Rejects anything that is not a
 * valid id (no `..`, no `--`, at most two segments), so ids are safe as cache folder names.
 *
 * @throws {UsageError} for a malformed id.
 */
export function parseRepoId(repo: string | RepoId): RepoId {
  if (typeof repo !== "string") return parseRepoId(`${repo.type}s/${repo.name}`);
  let rest = repo.trim().replace(/^hf:\/\//, "");
  let type: RepoType = "model";
  const first = rest.split("/")[0]!;
  if (PREFIXES[first] && rest.split("/").length > 1) {
    type = PREFIXES[first]!;
    rest = rest.slice(first.length + 1);
  }
  const segments = rest.split("/");
  const valid =
    segments.length >= 1 &&
    segments.length <= 2 &&
    rest.length <= 96 &&
    !rest.includes("--") &&
    !rest.includes("..") &&
    segments.every((s) => SEGMENT.test(s));
  if (!valid) {
    throw new UsageError(`'${repo}' is not a valid Hub repo id.`, {
      hint: "Use org/name (e.g. onnx-community/whisper-base); datasets/org/name for a dataset.",
    });
  }
  return { type, name: rest };
}

/** `{type: "dataset", name: "org/x"}` → `datasets/org/x`; models have no prefix. */
export function formatRepoId(id: RepoId): string {
  return id.type === "model" ? id.name : `${id.type}s/${id.name}`;
}
