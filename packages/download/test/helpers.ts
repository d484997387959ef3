import { expect } from "@jest/globals";
import { createFixtureRepo, gitBlobId, sha256Hex, type FixtureFile } from "@hftool/test-utils";
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { createHubServer, type CreateHubServerParams, type HubServer } from "../src/index.js";

/** Retries fast and notices stalls quickly, so fault tests stay short; nothing here races a clock. */
export const FAST = { retry: { baseDelayMs: 10, maxDelayMs: 100 }, stallTimeoutMs: 4000 } as const;

export interface Fixture {
  root: string;
  repoDir: string;
  cacheDir: string;
  server: HubServer;
  commit: string;
  files: Record<string, Buffer>;
  close(): Promise<void>;
}

/** A folder repo `org/tiny` with these files, served by a real Hub server on 127.0.0.1:0. */
export async function setupFixture(
  files: Record<string, FixtureFile>,
  server: Omit<CreateHubServerParams, "repos"> = {},
  repo = "org/tiny",
): Promise<Fixture> {
  const root = mkdtempSync(join(tmpdir(), "hftool-dl-"));
  const repoDir = createFixtureRepo(join(root, "repo"), files);
  const hub = await createHubServer({ ...server, repos: { [repo]: repoDir } });
  const contents: Record<string, Buffer> = {};
  for (const path of Object.keys(files)) contents[path] = readFileSync(join(repoDir, ...path.split("/")));
  return {
    root,
    repoDir,
    cacheDir: join(root, "cache"),
    server: hub,
    commit: (await hub.commitOf(repo))!,
    files: contents,
    async close() {
      await hub.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export function isLfsPath(path: string): boolean {
  return /\.(onnx|onnx_data|safetensors|bin)$/.test(path) || false;
}

/** The name the cache gives a file's blob. */
export function etagOf(path: string, content: Buffer): string {
  return isLfsPath(path) || content.length >= 10 * 1024 * 1024 ? sha256Hex(content) : gitBlobId(content);
}

/**
 * Asserts the cache holds exactly these files for the repo, the way Python lays it out: every
 * blob named after its checksum and equal to the source, relative symlinks, `refs/main`, and no
 * partial or stray file in `blobs/`.
 */
export function expectCachedRepo(
  cacheDir: string,
  files: Record<string, Buffer>,
  commit: string,
  repo = "org/tiny",
): void {
  const repoDir = join(cacheDir, `models--${repo.split("/").join("--")}`);
  const blobs = readdirSync(join(repoDir, "blobs")).sort();
  const expected = [...new Set(Object.entries(files).map(([p, c]) => etagOf(p, c)))].sort();
  expect(blobs).toEqual(expected);
  for (const [path, content] of Object.entries(files)) {
    const etag = etagOf(path, content);
    expect(readFileSync(join(repoDir, "blobs", etag)).equals(content)).toBe(true);
    const link = join(repoDir, "snapshots", commit, ...path.split("/"));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    const target = readlinkSync(link);
    expect(isAbsolute(target)).toBe(false);
    expect(resolve(dirname(link), target)).toBe(join(repoDir, "blobs", etag));
  }
  expect(readFileSync(join(repoDir, "refs", "main"), "utf8")).toBe(commit);
}

/** Files in `blobs/` that are not finished blobs (partials, progress records). */
export function partialFiles(cacheDir: string, repo = "org/tiny"): string[] {
  const dir = join(cacheDir, `models--${repo.split("/").join("--")}`, "blobs");
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(name));
}

/** Every blob in the cache hashes to its own name: nothing corrupt ever landed there. */
export function expectNoCorruptBlob(cacheDir: string, repo = "org/tiny"): void {
  const dir = join(cacheDir, `models--${repo.split("/").join("--")}`, "blobs");
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(name)) continue;
    const content = readFileSync(join(dir, name));
    expect(name.length === 64 ? sha256Hex(content) : gitBlobId(content)).toBe(name);
  }
}
