import { Worker } from "node:worker_threads";

/** Checksums the cache uses: sha256 for LFS files, git's blob sha1 for the rest. */
export type HashAlgorithm = "sha256" | "git-sha1";

/** The algorithm a blob name implies: 64 hex digits are a sha256, 40 a git blob sha1. */
export function algorithmForBlobName(name: string): HashAlgorithm | undefined {
  if (/^[0-9a-f]{64}$/.test(name)) return "sha256";
  if (/^[0-9a-f]{40}$/.test(name)) return "git-sha1";
  return undefined;
}

/**
 * The worker hashes a file from disk while it is being written, trailing the "contiguous bytes
 * written" watermark the download reports. Hashing off the main thread keeps it from ever
 * stalling the sockets, and reading back what was just written costs only a page-cache copy.
 * (Plain CommonJS source: `eval: true` workers work the same from the ESM and the CJS build.)
 */
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const CHUNK = 4 * 1024 * 1024;
const buffer = Buffer.allocUnsafe(CHUNK);
const jobs = new Map();
let scheduled = false;
function schedule() { if (!scheduled) { scheduled = true; setImmediate(pump); } }
function fail(id, job, error) {
  try { fs.closeSync(job.fd); } catch {}
  jobs.delete(id);
  parentPort.postMessage({ id, error: String(error && error.message || error) });
}
function pump() {
  scheduled = false;
  let worked = false;
  for (const [id, job] of jobs) {
    if (job.hashed < job.watermark) {
      const want = Math.min(CHUNK, job.watermark - job.hashed);
      let n;
      try { n = fs.readSync(job.fd, buffer, 0, want, job.hashed); } catch (error) { fail(id, job, error); continue; }
      if (n <= 0) { fail(id, job, new Error("the file is shorter than what was written")); continue; }
      job.hash.update(buffer.subarray(0, n));
      job.hashed += n;
      worked = true;
      parentPort.postMessage({ id, hashed: job.hashed });
    }
    if (job.finishing && job.hashed >= job.watermark) {
      try { fs.closeSync(job.fd); } catch {}
      jobs.delete(id);
      parentPort.postMessage({ id, digest: job.hash.digest("hex"), hashed: job.hashed });
    }
  }
  if (worked) schedule();
}
parentPort.on("message", (m) => {
  if (m.type === "start") {
    let fd;
    try { fd = fs.openSync(m.path, "r"); } catch (error) { parentPort.postMessage({ id: m.id, error: String(error.message) }); return; }
    const hash = createHash(m.algorithm === "git-sha1" ? "sha1" : "sha256");
    if (m.algorithm === "git-sha1") hash.update("blob " + m.size + "\\0");
    jobs.set(m.id, { fd, hash, hashed: 0, watermark: 0, finishing: false });
  } else {
    const job = jobs.get(m.id);
    if (!job) return;
    if (m.type === "advance") job.watermark = Math.max(job.watermark, m.watermark);
    else if (m.type === "finish") { job.watermark = Math.max(job.watermark, m.watermark); job.finishing = true; }
    else if (m.type === "cancel") { try { fs.closeSync(job.fd); } catch {} jobs.delete(m.id); return; }
  }
  schedule();
});
`;

/** One file being hashed. */
export interface HashJob {
  /** Bytes `[0, watermark)` are on disk; hash up to there. */
  advance(watermark: number): void;
  /** All `size` bytes are on disk; resolves with the hex digest. */
  finish(size: number): Promise<string>;
  /** Bytes hashed so far. */
  readonly hashed: number;
  cancel(): void;
}

interface Pending {
  resolve(digest: string): void;
  reject(error: Error): void;
  job: { hashed: number; error?: Error; done?: string };
}

/**
 * A shared hashing worker. `acquire()` before use and `release()` after; the thread stops when the
 * last user releases it, so nothing keeps the process alive.
 */
export class Hasher {
  private worker: Worker | undefined;
  private users = 0;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  acquire(): void {
    this.users++;
  }

  release(): void {
    this.users = Math.max(0, this.users - 1);
    if (this.users === 0 && this.pending.size === 0 && this.worker) {
      void this.worker.terminate();
      this.worker = undefined;
    }
  }

  /** Starts the thread now (it takes a few tens of milliseconds), while other work goes on. */
  warm(): void {
    if (this.users > 0) this.ensureWorker().unref();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    // The thread allocates almost nothing (one read buffer): small heap limits keep its footprint small.
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 32 },
    });
    worker.on("message", (m: { id: number; hashed?: number; digest?: string; error?: string }) => {
      const entry = this.pending.get(m.id);
      if (!entry) return;
      if (m.hashed !== undefined) entry.job.hashed = m.hashed;
      if (m.error !== undefined) {
        this.pending.delete(m.id);
        entry.reject(new Error(`Hashing failed: ${m.error}`));
      } else if (m.digest !== undefined) {
        this.pending.delete(m.id);
        entry.resolve(m.digest);
      }
      this.refresh();
    });
    worker.on("error", (error) => {
      for (const entry of this.pending.values()) entry.reject(error);
      this.pending.clear();
      this.worker = undefined;
    });
    this.worker = worker;
    return worker;
  }

  private refresh(): void {
    if (!this.worker) return;
    if (this.pending.size > 0) this.worker.ref();
    else this.worker.unref();
  }

  start(params: { path: string; algorithm: HashAlgorithm; size: number }): HashJob {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    const state = { hashed: 0 };
    let finished: Promise<string> | undefined;
    let resolveDigest!: (d: string) => void;
    let rejectDigest!: (e: Error) => void;
    const digest = new Promise<string>((resolve, reject) => {
      resolveDigest = resolve;
      rejectDigest = reject;
    });
    digest.catch(() => {});
    this.pending.set(id, { resolve: resolveDigest, reject: rejectDigest, job: state });
    this.refresh();
    worker.postMessage({ type: "start", id, ...params });
    let lastWatermark = 0;
    return {
      advance: (watermark) => {
        if (watermark <= lastWatermark) return;
        lastWatermark = watermark;
        worker.postMessage({ type: "advance", id, watermark });
      },
      finish: (size) => {
        if (!finished) {
          worker.postMessage({ type: "finish", id, watermark: size });
          finished = digest;
        }
        return finished;
      },
      get hashed() {
        return state.hashed;
      },
      cancel: () => {
        if (this.pending.delete(id)) {
          worker.postMessage({ type: "cancel", id });
          rejectDigest(new Error("cancelled"));
          this.refresh();
        }
      },
    };
  }
}
