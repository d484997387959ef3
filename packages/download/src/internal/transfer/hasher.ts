import { Worker } from "node:worker_threads";

/** Checksums the cache uses: sha256 for LFS files, git's blob sha1 for the rest. */
export type HashAlgorithm = "sha256" | "git-sha1";

/** The algorithm a blob name implies: 64 hex digits are a sha256, 40 a git blob sha1. */
export function algorithmForBlobName(name: string): HashAlgorithm | undefined {
  if (/^[0-9a-f]{64}$/.test(name)) return "sha256";
  if (/^[0-9a-f]{40}$/.test(name)) return "git-sha1";
  return undefined;
}

const MiB = 1024 * 1024;
/** Bytes shared with the hashing thread: a few milliseconds of hashing, enough to absorb jitter. */
const RING_BYTES = 8 * MiB;
/** A producer is asked to wait while less than this is free in the ring. */
const ROOM_BYTES = MiB;
/**
 * Bytes handed over are announced to the thread in messages of about this size (or at the end of
 * the event loop turn): every message wakes the thread, and on a busy machine each wake-up costs
 * the network thread its time slice.
 */
const MESSAGE_BYTES = MiB;

/**
 * The hashing thread. Bytes reach it two ways, always in file order: copied into a ring of shared
 * memory as they are written ("data": the common case, no second read), or, for bytes that arrived
 * out of order (parallel ranges) or while the ring was full, as a watermark below which the file
 * on disk is complete ("advance": it reads them back, a page-cache copy). It works through one
 * FIFO of messages, so ring segments are released in the order they were handed out, and yields
 * between steps so that a cancellation is seen promptly.
 * (Plain CommonJS source: `eval: true` workers work the same from the ESM and the CJS build.)
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const READ = 4 * 1024 * 1024;
const SLICE_MS = 20;
const ring = new Uint8Array(workerData.ring);
let readBuffer;
const jobs = new Map();
const queue = [];
let scheduled = false;
function schedule() { if (!scheduled) { scheduled = true; setImmediate(pump); } }
function closeJob(job) { if (job.fd !== undefined) { try { fs.closeSync(job.fd); } catch {} job.fd = undefined; } }
function fail(id, job, error) {
  closeJob(job);
  jobs.delete(id);
  parentPort.postMessage({ id, error: String((error && error.message) || error) });
}
/** Reads the file from disk up to 'target' (at most one buffer per call); false when it failed. */
function readStep(id, job, target) {
  if (job.fd === undefined) job.fd = fs.openSync(job.path, "r");
  readBuffer ??= Buffer.allocUnsafe(READ);
  const want = Math.min(READ, target - job.hashed);
  const n = fs.readSync(job.fd, readBuffer, 0, want, job.hashed);
  if (n <= 0) throw new Error("the file is shorter than what was written");
  job.hash.update(readBuffer.subarray(0, n));
  job.hashed += n;
}
function pump() {
  scheduled = false;
  const until = Date.now() + SLICE_MS;
  let seq = -1;
  const touched = new Set();
  while (queue.length > 0 && Date.now() < until) {
    const m = queue[0];
    const job = jobs.get(m.id);
    if (m.type === "data") {
      queue.shift();
      seq = m.seq;
      if (!job) continue;
      const end = m.offset + m.len;
      if (m.offset > job.hashed) { fail(m.id, job, new Error("bytes were skipped")); continue; }
      if (end > job.hashed) {
        const skip = job.hashed - m.offset;
        job.hash.update(ring.subarray(m.at + skip, m.at + m.len));
        job.hashed = end;
        touched.add(m.id);
      }
    } else if (m.type === "advance" || m.type === "finish") {
      if (job && job.hashed < m.watermark) {
        try { readStep(m.id, job, m.watermark); touched.add(m.id); } catch (error) { fail(m.id, job, error); queue.shift(); }
        continue;
      }
      queue.shift();
      if (job && m.type === "finish") {
        closeJob(job);
        jobs.delete(m.id);
        touched.delete(m.id);
        parentPort.postMessage({ id: m.id, digest: job.hash.digest("hex"), hashed: job.hashed });
      }
    }
  }
  if (seq >= 0 || touched.size > 0) {
    const progress = [];
    for (const id of touched) { const job = jobs.get(id); if (job) progress.push([id, job.hashed]); }
    parentPort.postMessage({ seq, progress });
  }
  if (queue.length > 0) schedule();
}
parentPort.on("message", (m) => {
  if (m.type === "start") {
    const hash = createHash(m.algorithm === "git-sha1" ? "sha1" : "sha256");
    if (m.algorithm === "git-sha1") hash.update("blob " + m.size + "\\0");
    jobs.set(m.id, { path: m.path, fd: undefined, hash, hashed: 0 });
    return;
  }
  if (m.type === "cancel") {
    const job = jobs.get(m.id);
    if (job) { closeJob(job); jobs.delete(m.id); }
    return;
  }
  queue.push(m);
  schedule();
});
`;

/** One file being hashed, fed in file order. */
export interface HashJob {
  /**
   * Bytes `[0, watermark)` are on disk: the thread reads whatever it was not given in memory.
   * Ignored unless it moves past {@link fed}.
   */
  advance(watermark: number): void;
  /**
   * Hands over bytes just written at `offset` (the buffers' first `length` bytes), when they are
   * the next ones the hash needs (`offset === fed`) and the ring has room. Returns whether they
   * were taken; bytes not taken are read back from disk after the next {@link advance}.
   */
  feed(offset: number, buffers: readonly Buffer[], length: number): boolean;
  /** Bytes handed over so far, in memory or as on disk: the next byte the hash needs is at `fed`. */
  readonly fed: number;
  /** Bytes hashed so far (as last reported by the thread). */
  readonly hashed: number;
  /**
   * The thread is behind on bytes it was given in memory (and has nothing to read from disk):
   * the producer at {@link fed} should wait for {@link whenRoom} rather than make it read them back.
   */
  readonly congested: boolean;
  /** Calls back once the ring has room again (at once when it has). */
  whenRoom(callback: () => void): void;
  /** All `size` bytes are on disk; resolves with the hex digest. */
  finish(size: number): Promise<string>;
  cancel(): void;
}

interface Pending {
  resolve(digest: string): void;
  reject(error: Error): void;
  job: { hashed: number };
}

interface Segment {
  seq: number;
  start: number;
  end: number;
}

/** Bytes copied into the ring but not yet announced: one job's, contiguous in the ring and the file. */
interface Unannounced {
  id: number;
  seq: number;
  at: number;
  len: number;
  offset: number;
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
  // The ring: segments are handed out at `head` and come back in the same order.
  private ring: Uint8Array | undefined;
  private head = 0;
  private segments: Segment[] = [];
  private nextSeq = 0;
  private waiters: (() => void)[] = [];
  private unannounced: Unannounced | undefined;
  private announceScheduled = false;

  acquire(): void {
    this.users++;
  }

  release(): void {
    this.users = Math.max(0, this.users - 1);
    if (this.users === 0 && this.pending.size === 0 && this.worker) {
      void this.worker.terminate();
      this.worker = undefined;
      this.resetRing();
    }
  }

  /** Starts the thread now (it takes a few tens of milliseconds), while other work goes on. */
  warm(): void {
    if (this.users > 0) this.ensureWorker().unref();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    // Pages of shared memory cost nothing until touched (only downloads use the ring).
    const shared = new SharedArrayBuffer(RING_BYTES);
    this.ring = new Uint8Array(shared);
    this.resetRing();
    // The thread allocates almost nothing (one read buffer): small heap limits keep its footprint small.
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { ring: shared },
      resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 32 },
    });
    worker.on(
      "message",
      (m: {
        id?: number;
        seq?: number;
        progress?: [number, number][];
        hashed?: number;
        digest?: string;
        error?: string;
      }) => {
        if (m.seq !== undefined) this.released(m.seq);
        for (const [id, hashed] of m.progress ?? []) {
          const entry = this.pending.get(id);
          if (entry) entry.job.hashed = hashed;
        }
        if (m.id === undefined) return;
        const entry = this.pending.get(m.id);
        if (!entry) return;
        if (m.error !== undefined) {
          this.pending.delete(m.id);
          entry.reject(new Error(`Hashing failed: ${m.error}`));
        } else if (m.digest !== undefined) {
          entry.job.hashed = m.hashed ?? entry.job.hashed;
          this.pending.delete(m.id);
          entry.resolve(m.digest);
        }
        this.refresh();
      },
    );
    worker.on("error", (error) => {
      for (const entry of this.pending.values()) entry.reject(error);
      this.pending.clear();
      this.worker = undefined;
      this.resetRing();
    });
    this.worker = worker;
    return worker;
  }

  private refresh(): void {
    if (!this.worker) return;
    if (this.pending.size > 0) this.worker.ref();
    else this.worker.unref();
  }

  private resetRing(): void {
    this.head = 0;
    this.segments = [];
    this.unannounced = undefined;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** The thread is done with every segment up to `seq`. */
  private released(seq: number): void {
    let n = 0;
    while (n < this.segments.length && this.segments[n]!.seq <= seq) n++;
    if (n === 0) return;
    this.segments.splice(0, n);
    if (this.segments.length === 0) this.head = 0;
    if (this.waiters.length > 0 && this.free() >= ROOM_BYTES) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const wake of waiters) wake();
    }
  }

  /** The largest segment that can be handed out now. */
  private free(): number {
    if (!this.ring) return 0;
    const size = this.ring.length;
    if (this.segments.length === 0) return size;
    const tail = this.segments[0]!.start;
    // Keep one byte between head and tail so that "full" and "empty" differ.
    return this.head >= tail ? Math.max(size - this.head, tail - 1) : tail - this.head - 1;
  }

  /** Posts the bytes copied so far; before any other message, so that the thread sees them in order. */
  private announce(): void {
    const batch = this.unannounced;
    if (!batch) return;
    this.unannounced = undefined;
    this.worker?.postMessage({ type: "data", ...batch });
  }

  private post(worker: Worker, message: object): void {
    this.announce();
    worker.postMessage(message);
  }

  private allocate(length: number): number {
    if (!this.ring || length > this.ring.length / 2) return -1;
    const size = this.ring.length;
    if (this.segments.length === 0) {
      this.head = 0;
    } else {
      const tail = this.segments[0]!.start;
      if (this.head >= tail) {
        if (size - this.head < length) {
          if (tail - 1 < length) return -1;
          this.head = 0;
        }
      } else if (tail - this.head - 1 < length) {
        return -1;
      }
    }
    const at = this.head;
    this.head += length;
    return at;
  }

  start(params: { path: string; algorithm: HashAlgorithm; size: number }): HashJob {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    const state = { hashed: 0 };
    let fed = 0;
    let diskTarget = 0;
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
    this.post(worker, { type: "start", id, ...params });
    const live = () => this.worker === worker && this.pending.has(id);
    const roomy = () => this.free() >= ROOM_BYTES;
    return {
      advance: (watermark) => {
        if (watermark <= fed || !live()) return;
        fed = watermark;
        diskTarget = watermark;
        this.post(worker, { type: "advance", id, watermark });
      },
      feed: (offset, buffers, length) => {
        if (offset !== fed || length <= 0 || !live()) return false;
        const at = this.allocate(length);
        if (at < 0) return false;
        const ring = this.ring!;
        let copied = 0;
        for (const buffer of buffers) {
          const n = Math.min(buffer.length, length - copied);
          ring.set(n === buffer.length ? buffer : buffer.subarray(0, n), at + copied);
          copied += n;
          if (copied >= length) break;
        }
        const seq = this.nextSeq++;
        this.segments.push({ seq, start: at, end: at + length });
        const batch = this.unannounced;
        if (batch && batch.id === id && batch.at + batch.len === at && batch.offset + batch.len === offset) {
          batch.len += length;
          batch.seq = seq;
        } else {
          this.announce();
          this.unannounced = { id, seq, at, len: length, offset };
        }
        fed += length;
        if (this.unannounced!.len >= MESSAGE_BYTES) this.announce();
        else if (!this.announceScheduled) {
          this.announceScheduled = true;
          setImmediate(() => {
            this.announceScheduled = false;
            this.announce();
          });
        }
        return true;
      },
      get fed() {
        return fed;
      },
      get hashed() {
        return state.hashed;
      },
      get congested() {
        return state.hashed >= diskTarget && live() && !roomy();
      },
      whenRoom: (callback) => {
        this.announce();
        if (!live() || roomy()) callback();
        else this.waiters.push(callback);
      },
      finish: (size) => {
        if (!finished) {
          fed = Math.max(fed, size);
          this.post(worker, { type: "finish", id, watermark: size });
          finished = digest;
        }
        return finished;
      },
      cancel: () => {
        if (this.pending.delete(id)) {
          this.post(worker, { type: "cancel", id });
          rejectDigest(new Error("cancelled"));
          this.refresh();
        }
      },
    };
  }
}
