import { parseRepoId, type RepoId, type RepoType } from "./parse-repo-id.js";

/** Parameters of {@link repoFolderName}. */
export interface RepoFolderNameParams {
  /** Repo id: `org/name`, `datasets/org/name`, or a parsed {@link RepoId}. */
  repo: string | RepoId;
  /** Kind of repo, when `repo` has no `datasets/` or `spaces/` prefix. @default "model" */
  type?: RepoType;
}

/**
 * The cache folder name of a repo, as Python `huggingface_hub` names it:
 * `onnx-community/whisper-base` → `models--onnx-community--whisper-base`.
 */
export function repoFolderName({ repo, type }: RepoFolderNameParams): string {
  const id = parseRepoId(repo);
  const kind = type ?? id.type;
  return [`${kind}s`, ...id.name.split("/")].join("--");
}
