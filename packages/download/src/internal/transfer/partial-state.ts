import { lstat, open, readdir, readFile, rename, rm, stat, type FileHandle } from "node:fs/promises";
import { basename, join } from "node:path";
import type { RepoCachePaths } from "../cache/cache-layout.js";
import { writeFileAtomicNoSync } from "../cache/refs.js";

/** A byte range of a blob fetched by one request at a time: `[start, end)`, `written` bytes from `start` are on disk. */
export interface Chunk {
  start: number;
  end: number;
  written: number;
}

/** What a partial download records next to its data (`<etag>.hftool.incomplete.json`). */
export interface PartialState {
  version: 1;
  etag: string;
  size: number;
  chunks: [start: number, end: number, written: number][];
  /** Which download it belongs to, for `hftool status` and the resume command. */
  repo?: string;
  revision?: string;
  commit?: string;
  paths?: string[];
  updatedAt?: string;
}

export interface PartialMeta {
  repo: string;
  revision: string;
  commit: string;
  paths: string[];
}

const MiB = 1024 * 1024;

/**
 * Splits a blob into the byte ranges that are fetched in parallel. Small files are one range;
 * large ones get ranges of 16–128 MiB, about 8 per connection, handed out in order so the
 * verified prefix (hashed while downloading) advances steadily.
 */
export function planChunks(size: number, connections: number, chunkSize?: number): Chunk[] {
  if (size === 0) return [];
  const target =
    chunkSize ??
    Math.min(128 * MiB, Math.max(16 * MiB, Math.ceil(size / Math.max(1, connections * 8) / MiB) * MiB));
  if (connections <= 1 || size <= 2 * target) return [{ start: 0, end: size, written: 0 }];
  const chunks: Chunk[] = [];
  // The last ranges are smaller: the hash trails the parallel ranges by what is in flight, so
  // small final ranges leave little to hash once the last byte has arrived.
  const tail = connections * target;
  const small = Math.min(target, Math.max(MiB, Math.ceil(target / 8 / MiB) * MiB));
  for (let start = 0; start < size;) {
    const end = Math.min(size, start + (size - start <= tail ? small : target));
    chunks.push({ start, end, written: 0 });
    start = end;
  }
  return chunks;
}

export function chunkDone(chunk: Chunk): boolean {
  return chunk.start + chunk.written >= chunk.end;
}

export function bytesWritten(chunks: readonly Chunk[]): number {
  return chunks.reduce((sum, c) => sum + c.written, 0);
}

/** Length of the fully written prefix `[0, n)`. */
export function contiguousPrefix(chunks: readonly Chunk[]): number {
  let end = 0;
  for (const chunk of chunks) {
    if (chunk.start !== end) return end;
    end = chunk.start + chunk.written;
    if (!chunkDone(chunk)) return end;
  }
  return end;
}

export async function readPartialState(path: string): Promise<PartialState | undefined> {
  try {
    const state = JSON.parse(await readFile(path, "utf8")) as PartialState;
    if (state.version !== 1 || !Array.isArray(state.chunks) || typeof state.size !== "number")
      return undefined;
    return state;
  } catch {
    return undefined;
  }
}

export async function writePartialState(path: string, state: PartialState): Promise<void> {
  await writeFileAtomicNoSync(path, JSON.stringify(state));
}

export function toState(
  etag: string,
  size: number,
  chunks: readonly Chunk[],
  meta: PartialMeta,
): PartialState {
  return {
    version: 1,
    etag,
    size,
    chunks: chunks.map((c) => [c.start, c.end, c.written]),
    repo: meta.repo,
    revision: meta.revision,
    commit: meta.commit,
    paths: meta.paths,
    updatedAt: new Date().toISOString(),
  };
}

export interface LoadedPartial {
  chunks: Chunk[];
  /** Bytes already on disk that will not be fetched again. */
  resumedBytes: number;
  /** Set when a partial left by another tool (`<etag>.incomplete`) was taken over. */
  adoptedFrom?: string;
}

/**
 * Reads what an earlier run left of a blob. The progress record may lag the data by a couple of
 * seconds (it is not synced), and a killed run leaves nothing for bytes that reached the disk
 * after the last record; so each unfinished range is extended by scanning the data itself. Each
 * range is written front to back by one request, and never-written bytes read as zeros, so
 * everything up to the range's last non-zero byte is data: only the zeros at the very end of what
 * arrived are fetched again. (The range layout is recorded before the first byte is written, and
 * a wrong guess could only cost bytes: every blob is hashed before it is kept.)
 */
export async function loadPartial(params: {
  paths: RepoCachePaths;
  etag: string;
  size: number;
  connections: number;
  chunkSize?: number;
  /** Adopt `<etag>.incomplete` partials from Python/huggingface.js untouched for this long. @default 30000 */
  foreignQuietMs?: number;
}): Promise<LoadedPartial> {
  const { paths, etag, size } = params;
  const dataPath = paths.partial(etag);
  let fileSize: number | undefined;
  try {
    const info = await lstat(dataPath);
    fileSize = info.isFile() ? info.size : undefined;
  } catch {
    fileSize = undefined;
  }
  let adoptedFrom: string | undefined;
  if (fileSize === undefined) {
    const foreign = await findForeignPartial(paths, etag, params.foreignQuietMs ?? 30_000);
    if (foreign && foreign.size <= size) {
      try {
        await rename(foreign.path, dataPath);
        adoptedFrom = foreign.path;
        const chunks = planChunks(size, params.connections, params.chunkSize);
        let left = foreign.size;
        for (const chunk of chunks) {
          chunk.written = Math.max(0, Math.min(chunk.end - chunk.start, left));
          left -= chunk.written;
        }
        return { chunks, resumedBytes: bytesWritten(chunks), adoptedFrom };
      } catch {
        // another process got it first
      }
    }
    await rm(paths.partialState(etag), { force: true });
    return { chunks: planChunks(size, params.connections, params.chunkSize), resumedBytes: 0 };
  }

  const state = await readPartialState(paths.partialState(etag));
  let chunks: Chunk[];
  if (state && state.etag === etag && state.size === size && validChunks(state.chunks, size)) {
    chunks = state.chunks.map(([start, end, written]) => ({ start, end, written }));
  } else {
    chunks = planChunks(size, params.connections, params.chunkSize);
  }
  const handle = await open(dataPath, "r");
  try {
    for (const chunk of chunks) {
      // Never trust more than the file holds.
      chunk.written = Math.max(0, Math.min(chunk.written, fileSize - chunk.start, chunk.end - chunk.start));
      if (!chunkDone(chunk)) chunk.written = await extendByScanning(handle, chunk, fileSize);
    }
  } finally {
    await handle.close();
  }
  return { chunks, resumedBytes: bytesWritten(chunks) };
}

function validChunks(chunks: PartialState["chunks"], size: number): boolean {
  let expected = 0;
  for (const c of chunks) {
    if (!Array.isArray(c) || c.length !== 3) return false;
    const [start, end, written] = c;
    if (start !== expected || !(end > start) || !(written >= 0) || written > end - start) return false;
    expected = end;
  }
  return expected === size;
}

const BLOCK = 64 * 1024;
const ZEROS = Buffer.alloc(BLOCK);

/** Everything up to the last non-zero byte of the range is data (ranges are written front to back). */
async function extendByScanning(handle: FileHandle, chunk: Chunk, fileSize: number): Promise<number> {
  const buffer = Buffer.alloc(BLOCK);
  const limit = Math.min(chunk.end, fileSize);
  let position = chunk.start + chunk.written;
  let lastData = -1;
  while (position < limit) {
    const want = Math.min(BLOCK, limit - position);
    const { bytesRead } = await handle.read(buffer, 0, want, position);
    if (bytesRead <= 0) break;
    const view = buffer.subarray(0, bytesRead);
    // memcmp skips holes fast; only blocks with data are searched, from the end.
    if (!view.equals(ZEROS.subarray(0, bytesRead))) {
      for (let i = bytesRead - 1; i >= 0; i--) {
        if (view[i] !== 0) {
          lastData = position + i;
          break;
        }
      }
    }
    position += bytesRead;
  }
  return lastData < 0 ? chunk.written : lastData + 1 - chunk.start;
}

/**
 * Partials other tools leave: `<etag>.incomplete` (huggingface_hub ≤ 1.17, huggingface.js) and
 * `<etag>.<8 hex>.incomplete` (huggingface_hub ≥ 1.18). They are written front to back, so their
 * length is a valid prefix; one untouched for a while belongs to nobody.
 */
export async function findForeignPartial(
  paths: RepoCachePaths,
  etag: string,
  quietMs: number,
): Promise<{ path: string; size: number } | undefined> {
  let names: string[];
  try {
    names = await readdir(paths.blobsDir);
  } catch {
    return undefined;
  }
  const pattern = new RegExp(`^${etag}(\\.[0-9a-f]{8})?\\.incomplete$`);
  let best: { path: string; size: number } | undefined;
  for (const name of names) {
    if (!pattern.test(name)) continue;
    const path = join(paths.blobsDir, name);
    try {
      const info = await stat(path);
      if (!info.isFile() || Date.now() - info.mtimeMs < quietMs) continue;
      if (!best || info.size > best.size) best = { path, size: info.size };
    } catch {
      // vanished
    }
  }
  return best && basename(best.path) !== basename(paths.partial(etag)) ? best : undefined;
}
