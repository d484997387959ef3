import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { isCommitHash } from "../safe-path.js";
import type { RepoCachePaths } from "./cache-layout.js";

/** The commit a cached ref points at (`refs/main` holds 40 hex digits, no newline). */
export async function readRef(paths: RepoCachePaths, revision: string): Promise<string | undefined> {
  try {
    const commit = (await readFile(paths.ref(revision), "utf8")).trim();
    return isCommitHash(commit) ? commit : undefined;
  } catch {
    return undefined;
  }
}

/** Resolves a revision to a commit using only the cache: a commit hash is itself, a name goes through refs/. */
export async function resolveCachedRevision(
  paths: RepoCachePaths,
  revision: string,
): Promise<string | undefined> {
  if (isCommitHash(revision)) return revision;
  return readRef(paths, revision);
}

/** Writes `refs/<revision>` atomically, exactly as Python does (no trailing newline). */
export async function writeRef(paths: RepoCachePaths, revision: string, commit: string): Promise<void> {
  if (isCommitHash(revision)) return;
  if ((await readRef(paths, revision)) === commit) return;
  await writeFileAtomicNoSync(paths.ref(revision), commit);
}

/**
 * tmp + rename without fsync: readers never see a half-written file, and losing the newest
 * version in a power cut only costs a re-check (refs, trees and progress records are hints that
 * are verified before use).
 */
export async function writeFileAtomicNoSync(path: string, data: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
