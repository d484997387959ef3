import { stat } from "node:fs/promises";
import { repoCachePaths } from "../internal/cache/cache-layout.js";
import { resolveCachedRevision } from "../internal/cache/refs.js";
import { resolveSettings } from "../internal/settings.js";
import { parseRepoId } from "./parse-repo-id.js";

/** Parameters of {@link findCachedSnapshot}. */
export interface FindCachedSnapshotParams {
  /** Repo id: `org/name`, `datasets/org/name`. */
  repo: string;
  /** Branch, tag or commit. @default "main" */
  revision?: string;
  /** Hugging Face cache folder. @default HF_HUB_CACHE / HF_HOME/hub / ~/.cache/huggingface/hub */
  cacheDir?: string;
  /** Environment for the default cache folder. @default process.env */
  env?: NodeJS.ProcessEnv;
}

/**
 * The cached snapshot folder of a revision, without touching the network: `refs/<revision>` (or
 * the commit itself) → `snapshots/<commit>`. Works for caches written by Python `huggingface_hub`
 * too. The folder may hold only some of the repo's files (downloads can be filtered); use
 * `downloadSnapshot({ offline: true, include })` to check that specific files are there.
 *
 * @returns the absolute folder, or `undefined` when the revision is not cached.
 */
export async function findCachedSnapshot(params: FindCachedSnapshotParams): Promise<string | undefined> {
  const settings = resolveSettings({
    ...(params.cacheDir ? { cacheDir: params.cacheDir } : {}),
    ...(params.env ? { env: params.env } : {}),
    token: false,
  });
  const paths = repoCachePaths(settings.cacheDir, parseRepoId(params.repo));
  const commit = await resolveCachedRevision(paths, params.revision ?? "main");
  if (!commit) return undefined;
  const folder = paths.snapshot(commit);
  try {
    return (await stat(folder)).isDirectory() ? folder : undefined;
  } catch {
    return undefined;
  }
}
