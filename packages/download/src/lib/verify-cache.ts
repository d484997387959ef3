import { rm, stat } from "node:fs/promises";
import { repoCachePaths } from "../internal/cache/cache-layout.js";
import { readTreeCache } from "../internal/cache/tree-cache.js";
import { isCommitHash } from "../internal/safe-path.js";
import { resolveSettings, type HubConnectionParams } from "../internal/settings.js";
import { algorithmForBlobName, Hasher, type HashAlgorithm } from "../internal/transfer/hasher.js";
import { downloadSnapshot } from "./download-snapshot.js";
import { parseRepoId } from "./parse-repo-id.js";
import { escapeGlob } from "./escape-glob.js";
import { scanCache } from "./scan-cache.js";

/** Parameters of {@link verifyCache}. */
export interface VerifyCacheParams extends HubConnectionParams {
  /** Only these repos. @default every repo in the cache */
  repos?: readonly string[];
  /** Delete what is corrupt and download it again (offline: only delete). @default false */
  repair?: boolean;
  signal?: AbortSignal;
  /** Called before each file is hashed, and as repairs download. */
  onProgress?: (event: VerifyEvent) => void;
}

export type VerifyEvent =
  | { type: "check"; repo: string; path: string; size: number; index: number; count: number }
  | { type: "repair"; repo: string; commit: string; paths: string[] };

/** A problem found in the cache. */
export interface VerifyIssue {
  repo: string;
  commit: string | undefined;
  /** Repo paths affected (several files can share a blob). */
  paths: string[];
  /** Absolute path of the bad blob or file. */
  localPath: string;
  kind: "corrupt" | "wrong-size" | "missing-blob";
  message: string;
  expected?: string;
  actual?: string;
  /** With `repair`: fixed (removed and downloaded again). */
  repaired?: boolean;
}

export interface VerifyCacheResult {
  checkedFiles: number;
  checkedBytes: number;
  /** Copied files with no saved listing to check them against. */
  uncheckable: number;
  issues: VerifyIssue[];
  /** True when nothing is (or, after repair, remains) wrong. */
  ok: boolean;
}

/**
 * Re-hashes every blob of the cache (or of some repos) against its name (sha256 or git sha1) and
 * the saved listing's sizes, and finds links whose blob is gone: catches silent corruption, a
 * truncated file, or a blob edited through its snapshot link. With `repair`, bad blobs are
 * deleted and downloaded again (offline, only deleted: the next download fetches them).
 */
export async function verifyCache(params: VerifyCacheParams = {}): Promise<VerifyCacheResult> {
  const settings = resolveSettings(params);
  const scan = await scanCache({ cacheDir: settings.cacheDir, env: settings.env });
  const wanted = params.repos?.map((r) => parseRepoId(r));
  const repos = scan.repos.filter(
    (r) =>
      !wanted ||
      wanted.some(
        (w) => w.type === r.type && `${w.type === "model" ? "" : `${w.type}s/`}${w.name}` === r.repo,
      ),
  );
  const issues: VerifyIssue[] = [];
  let checkedFiles = 0;
  let checkedBytes = 0;
  let uncheckable = 0;
  const hasher = new Hasher();
  hasher.acquire();
  try {
    for (const repo of repos) {
      const id = parseRepoId(repo.repo);
      const paths = repoCachePaths(settings.cacheDir, id);
      // Group files by what backs them: a blob (shared) or a copied file.
      const targets = new Map<
        string,
        {
          paths: string[];
          commit: string;
          expected?: { algorithm: HashAlgorithm; digest: string };
          size?: number;
          missing: boolean;
        }
      >();
      for (const revision of repo.revisions) {
        const listing = isCommitHash(revision.commit)
          ? await readTreeCache(paths, revision.commit)
          : undefined;
        const byPath = new Map((listing ?? []).map((f) => [f.path, f]));
        for (const file of revision.files) {
          const listed = byPath.get(file.path);
          const key = file.blob ? paths.blob(file.blob) : file.localPath;
          const entry = targets.get(key) ?? { paths: [], commit: revision.commit, missing: !file.present };
          entry.paths.push(file.path);
          if (file.blob) {
            const algorithm = algorithmForBlobName(file.blob);
            if (algorithm) entry.expected = { algorithm, digest: file.blob };
          } else if (listed) {
            entry.expected = listed.lfs
              ? { algorithm: "sha256", digest: listed.lfs.sha256 }
              : listed.oid
                ? { algorithm: "git-sha1", digest: listed.oid }
                : undefined;
          }
          if (listed) entry.size = listed.size;
          targets.set(key, entry);
        }
      }
      const list = [...targets];
      for (const [index, [localPath, target]] of list.entries()) {
        if (params.signal?.aborted) throw params.signal.reason;
        if (target.missing) {
          issues.push({
            repo: repo.repo,
            commit: target.commit,
            paths: target.paths,
            localPath,
            kind: "missing-blob",
            message: `${target.paths[0]} links to a blob that is gone.`,
          });
          continue;
        }
        const size = await stat(localPath).then(
          (s) => s.size,
          () => -1,
        );
        params.onProgress?.({
          type: "check",
          repo: repo.repo,
          path: target.paths[0]!,
          size,
          index,
          count: list.length,
        });
        if (target.size !== undefined && size !== target.size) {
          issues.push({
            repo: repo.repo,
            commit: target.commit,
            paths: target.paths,
            localPath,
            kind: "wrong-size",
            message: `${target.paths[0]} has ${size} bytes, expected ${target.size}.`,
            expected: String(target.size),
            actual: String(size),
          });
          continue;
        }
        if (!target.expected) {
          uncheckable++;
          continue;
        }
        const job = hasher.start({ path: localPath, algorithm: target.expected.algorithm, size });
        const digest = await job.finish(size);
        checkedFiles++;
        checkedBytes += size;
        if (digest !== target.expected.digest) {
          issues.push({
            repo: repo.repo,
            commit: target.commit,
            paths: target.paths,
            localPath,
            kind: "corrupt",
            message: `${target.paths[0]} is corrupted: its ${target.expected.algorithm} is ${digest}, expected ${target.expected.digest}.`,
            expected: target.expected.digest,
            actual: digest,
          });
        }
      }
    }
  } finally {
    hasher.release();
  }

  if (params.repair && issues.length > 0) {
    for (const issue of issues) {
      await rm(issue.localPath, { force: true });
      for (const path of issue.paths) {
        const repo = scan.repos.find((r) => r.repo === issue.repo)!;
        const revision = repo.revisions.find((r) => r.commit === issue.commit);
        const file = revision?.files.find((f) => f.path === path);
        if (file) await rm(file.localPath, { force: true });
      }
    }
    if (!settings.offline) {
      const groups = new Map<string, VerifyIssue[]>();
      for (const issue of issues) {
        if (!issue.commit || !isCommitHash(issue.commit)) continue;
        const key = `${issue.repo}\0${issue.commit}`;
        groups.set(key, [...(groups.get(key) ?? []), issue]);
      }
      for (const [key, group] of groups) {
        const [repo, commit] = key.split("\0") as [string, string];
        const include = group.flatMap((i) => i.paths).map(escapeGlob);
        params.onProgress?.({ type: "repair", repo, commit, paths: group.flatMap((i) => i.paths) });
        await downloadSnapshot({
          repo,
          revision: commit,
          include,
          endpoint: settings.endpoint,
          token: settings.token ?? false,
          cacheDir: settings.cacheDir,
          offline: false,
          ...(params.signal ? { signal: params.signal } : {}),
        });
        for (const issue of group) issue.repaired = true;
      }
    }
  }
  const ok = issues.every((i) => i.repaired === true);
  return { checkedFiles, checkedBytes, uncheckable, issues, ok };
}
