import { join } from "node:path";
import { repoFolderName } from "../../lib/repo-folder-name.js";
import type { RepoId } from "../../lib/parse-repo-id.js";

/** Every path of one repo inside a Hugging Face cache folder. */
export interface RepoCachePaths {
  cacheDir: string;
  /** `models--org--name` */
  folderName: string;
  /** `<cache>/models--org--name` */
  repoDir: string;
  blobsDir: string;
  snapshotsDir: string;
  refsDir: string;
  /** `<repo>/trees`, Python's tree-listing cache (`<commit>.json`). */
  treesDir: string;
  /** `<cache>/.locks/models--org--name` */
  locksDir: string;
  blob(etag: string): string;
  snapshot(commit: string): string;
  ref(revision: string): string;
  tree(commit: string): string;
  /** Where a blob downloads to before it is verified. */
  partial(etag: string): string;
  /** The partial's progress record. */
  partialState(etag: string): string;
  lock(etag: string): string;
}

/** Suffix of hftool's partial downloads (Python's `hf cache prune` also removes `*.incomplete`). */
export const PARTIAL_SUFFIX = ".hftool.incomplete";
export const PARTIAL_STATE_SUFFIX = ".hftool.incomplete.json";
export const LOCK_SUFFIX = ".hftool.lock";

export function repoCachePaths(cacheDir: string, repo: RepoId): RepoCachePaths {
  const folderName = repoFolderName({ repo });
  const repoDir = join(cacheDir, folderName);
  const blobsDir = join(repoDir, "blobs");
  const snapshotsDir = join(repoDir, "snapshots");
  const refsDir = join(repoDir, "refs");
  const treesDir = join(repoDir, "trees");
  const locksDir = join(cacheDir, ".locks", folderName);
  return {
    cacheDir,
    folderName,
    repoDir,
    blobsDir,
    snapshotsDir,
    refsDir,
    treesDir,
    locksDir,
    blob: (etag) => join(blobsDir, etag),
    snapshot: (commit) => join(snapshotsDir, commit),
    ref: (revision) => join(refsDir, ...revision.split("/")),
    tree: (commit) => join(treesDir, `${commit}.json`),
    partial: (etag) => join(blobsDir, `${etag}${PARTIAL_SUFFIX}`),
    partialState: (etag) => join(blobsDir, `${etag}${PARTIAL_STATE_SUFFIX}`),
    lock: (etag) => join(locksDir, `${etag}${LOCK_SUFFIX}`),
  };
}
