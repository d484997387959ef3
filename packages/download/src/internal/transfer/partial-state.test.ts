import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import {
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  utimesSync,
  writeFileSync,
  writeSync,
  closeSync,
  existsSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoCachePaths, type RepoCachePaths } from "../cache/cache-layout.js";
import { contiguousPrefix, loadPartial, planChunks, toState, writePartialState } from "./partial-state.js";

const MiB = 1024 * 1024;
const etag = "e".repeat(64);
let root: string;
let paths: RepoCachePaths;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "hftool-partial-"));
  paths = repoCachePaths(root, { type: "model", name: "org/x" });
  mkdirSync(paths.blobsDir, { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Writes `bytes` of non-zero data at `offset` into the partial, as a download would. */
function writeAt(offset: number, bytes: number, value = 7): void {
  const fd = openSync(paths.partial(etag), existsSync(paths.partial(etag)) ? "r+" : "w");
  writeSync(fd, Buffer.alloc(bytes, value), 0, bytes, offset);
  closeSync(fd);
}

describe("planChunks", () => {
  it("keeps small files in one range and splits large ones in order", () => {
    expect(planChunks(0, 8)).toEqual([]);
    expect(planChunks(10 * MiB, 8)).toEqual([{ start: 0, end: 10 * MiB, written: 0 }]);
    expect(planChunks(100 * MiB, 1)).toHaveLength(1);
    const chunks = planChunks(1024 * MiB, 8);
    expect(chunks[0]).toEqual({ start: 0, end: 16 * MiB, written: 0 });
    expect(chunks.at(-1)!.end).toBe(1024 * MiB);
    // Contiguous, and smaller at the end (what is left to hash after the last byte stays small).
    expect(chunks.every((c, i) => i === 0 || c.start === chunks[i - 1]!.end)).toBe(true);
    expect(chunks.at(-1)!.end - chunks.at(-1)!.start).toBe(2 * MiB);
    expect(planChunks(5 * MiB, 4, MiB)).toHaveLength(5);
  });
});

describe("loadPartial", () => {
  it("starts fresh when there is nothing", async () => {
    const loaded = await loadPartial({ paths, etag, size: 4 * MiB, connections: 4, chunkSize: MiB });
    expect(loaded.resumedBytes).toBe(0);
    expect(loaded.chunks).toHaveLength(4);
  });

  it("recovers bytes written after the last progress record by scanning the data", async () => {
    const chunks = planChunks(4 * MiB, 4, MiB);
    // The record says 100 KB of chunk 0 and 50 KB of chunk 2; the disk holds more (a killed run).
    chunks[0]!.written = 100_000;
    chunks[2]!.written = 50_000;
    await writePartialState(
      paths.partialState(etag),
      toState(etag, 4 * MiB, chunks, {
        repo: "org/x",
        revision: "main",
        commit: "c".repeat(40),
        paths: ["m.onnx"],
      }),
    );
    writeAt(0, 300_000);
    writeAt(2 * MiB, 200_001);
    const loaded = await loadPartial({ paths, etag, size: 4 * MiB, connections: 4, chunkSize: MiB });
    expect(loaded.chunks.map((c) => c.written)).toEqual([300_000, 0, 200_001, 0]);
    expect(loaded.resumedBytes).toBe(500_001);
    expect(contiguousPrefix(loaded.chunks)).toBe(300_000);
  });

  it("never counts a hole as data, and never trusts a record beyond the end of the file", async () => {
    const chunks = planChunks(3 * MiB, 3, MiB);
    chunks[1]!.written = MiB; // claims chunk 1 complete, but the file is shorter
    await writePartialState(
      paths.partialState(etag),
      toState(etag, 3 * MiB, chunks, { repo: "org/x", revision: "main", commit: "c".repeat(40), paths: [] }),
    );
    writeAt(0, 70_000);
    writeAt(70_000, 1000, 0); // zeros at the very end of what arrived: fetched again (harmless)
    const loaded = await loadPartial({ paths, etag, size: 3 * MiB, connections: 3, chunkSize: MiB });
    expect(loaded.chunks.map((c) => c.written)).toEqual([70_000, 0, 0]);
  });

  it("keeps zeros inside the data (zero-filled tensors), stopping only at the end of what arrived", async () => {
    writeAt(0, 100_000);
    writeAt(100_000, 200_000, 0); // a long run of real zeros
    writeAt(300_000, 5, 9);
    const loaded = await loadPartial({ paths, etag, size: 3 * MiB, connections: 3, chunkSize: MiB });
    expect(loaded.chunks.map((c) => c.written)).toEqual([300_005, 0, 0]);
  });

  it("ignores a record for another size and re-plans", async () => {
    await writePartialState(
      paths.partialState(etag),
      toState(etag, 999, [{ start: 0, end: 999, written: 999 }], {
        repo: "org/x",
        revision: "main",
        commit: "c".repeat(40),
        paths: [],
      }),
    );
    writeAt(0, 5000);
    const loaded = await loadPartial({ paths, etag, size: 3 * MiB, connections: 3, chunkSize: MiB });
    expect(loaded.chunks.map((c) => c.written)).toEqual([5000, 0, 0]);
  });

  it("adopts a partial another tool left (Python's <etag>.incomplete) once it is quiet", async () => {
    const foreign = join(paths.blobsDir, `${etag}.incomplete`);
    writeFileSync(foreign, Buffer.alloc(1_500_000, 3));
    const fresh = await loadPartial({
      paths,
      etag,
      size: 3 * MiB,
      connections: 3,
      chunkSize: MiB,
      foreignQuietMs: 60_000,
    });
    expect(fresh.resumedBytes).toBe(0); // touched just now: maybe still being written
    expect(existsSync(foreign)).toBe(true);
    utimesSync(foreign, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    const adopted = await loadPartial({
      paths,
      etag,
      size: 3 * MiB,
      connections: 3,
      chunkSize: MiB,
      foreignQuietMs: 60_000,
    });
    expect(adopted.adoptedFrom).toBe(foreign);
    expect(adopted.chunks.map((c) => c.written)).toEqual([MiB, 1_500_000 - MiB, 0]);
    expect(existsSync(foreign)).toBe(false);
    expect(existsSync(paths.partial(etag))).toBe(true);
  });
});
