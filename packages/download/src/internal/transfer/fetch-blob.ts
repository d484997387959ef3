import { AbortError, HftoolError } from "@hftool/core";
import { constants as fsConstants } from "node:fs";
import { ftruncate } from "node:fs";
import { mkdir, open, rename, rm, stat, statfs, type FileHandle } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import {
  ChecksumMismatchError,
  DiskSpaceError,
  HubError,
  HubProtocolError,
  HubUnavailableError,
  LockTimeoutError,
  RateLimitError,
  SizeMismatchError,
} from "../../errors.js";
import type { RepoCachePaths } from "../cache/cache-layout.js";
import { describeNetworkError, isUntrustedCertificate } from "../http/create-hub-fetch.js";
import { hubErrorFromResponse } from "../http/hub-error-from-response.js";
import { redact, redactCredentials, type HttpSession, type OpenedResponse } from "../http/http-session.js";
import {
  backoffDelay,
  isRetryableNetworkError,
  isRetryableStatus,
  parseRetryAfter,
  sleep,
  type RetryPolicy,
} from "../http/retry-policy.js";
import {
  describeHolder,
  inspectLock,
  isAbandoned,
  isHeldLock,
  tryAcquireLock,
  type HeldLock,
  type LockTiming,
} from "./blob-lock.js";
import { ChunkWriter } from "./chunk-writer.js";
import { algorithmForBlobName, type Hasher, type HashJob } from "./hasher.js";
import {
  bytesWritten,
  chunkDone,
  loadPartial,
  readPartialState,
  toState,
  writePartialState,
  type Chunk,
  type PartialMeta,
} from "./partial-state.js";
import type { Semaphore } from "./semaphore.js";

const ftruncateAsync = promisify(ftruncate);

/** Knobs of the transfer engine (all have defaults in `downloadSnapshot`). */
export interface TransferOptions {
  /**
   * Most parallel range requests for one file. Without `chunkSize`, a file starts on one
   * connection and more are opened only while they can make it faster (see `BlobTransfer`).
   */
  connectionsPerFile: number;
  /**
   * Bytes per range request, all `connectionsPerFile` requests started at once. When omitted, the
   * ranges are chosen from the file size and opened adaptively.
   */
  chunkSize?: number;
  /** A request that receives nothing for this long is cancelled and retried. */
  stallTimeoutMs: number;
  retry: RetryPolicy;
  lock: LockTiming;
  /** Give up waiting on another process's lock when its download shows no progress for this long. */
  lockWaitTimeoutMs: number;
  /** Fetch again even when the blob is cached. */
  force: boolean;
  /** Continue partial downloads (false discards them). */
  resume: boolean;
  /** How often the progress record is saved. @default 2000 */
  stateIntervalMs?: number;
}

/** What happens to one blob, for progress reporting. */
export type BlobEvent =
  | { type: "start"; resumedBytes: number }
  | { type: "bytes"; bytes: number }
  | { type: "retry"; attempt: number; delayMs: number; reason: string }
  | { type: "restart"; reason: string; discardedBytes: number }
  | { type: "waiting"; holder: string | undefined; otherBytes: number | undefined }
  | { type: "verified"; algorithm: string };

export interface FetchBlobParams {
  session: HttpSession;
  pool: Semaphore;
  hasher: Hasher;
  paths: RepoCachePaths;
  etag: string;
  size: number;
  /** The `/resolve/<commit>/<path>` URL. */
  url: URL;
  /** A repo path of this blob, for messages. */
  file: string;
  meta: PartialMeta;
  options: TransferOptions;
  signal?: AbortSignal;
  onEvent?: (event: BlobEvent) => void;
}

export interface FetchBlobResult {
  /** `cached`: already there; `downloaded`: by us; `other-process`: another process finished it while we waited. */
  outcome: "cached" | "downloaded" | "other-process";
  downloadedBytes: number;
  resumedBytes: number;
}

/** Is the blob there with the expected size? (A truncated blob is not trusted.) */
export async function blobIsComplete(path: string, size: number): Promise<boolean> {
  try {
    const info = await stat(path);
    return info.isFile() && info.size === size;
  } catch {
    return false;
  }
}

const inflight = new Map<string, Promise<FetchBlobResult>>();

/**
 * Makes sure `blobs/<etag>` holds the verified file: takes the blob's lock (or waits for the
 * process that holds it), resumes or starts the partial download, fetches missing ranges in
 * parallel with retries, hashes while writing, and moves the file into place only when its size
 * and checksum match. A corrupt download is discarded and fetched once more before giving up.
 */
export function fetchBlob(params: FetchBlobParams): Promise<FetchBlobResult> {
  const key = params.paths.blob(params.etag);
  const running = inflight.get(key);
  if (running)
    return running.then((r) => ({
      ...r,
      outcome: r.outcome === "cached" ? "cached" : "other-process",
      downloadedBytes: 0,
    }));
  const promise = fetchBlobUnshared(params).finally(() => inflight.delete(key));
  inflight.set(key, promise);
  return promise;
}

async function fetchBlobUnshared(params: FetchBlobParams): Promise<FetchBlobResult> {
  const { paths, etag, size, options } = params;
  const blobPath = paths.blob(etag);
  if (!options.force && (await blobIsComplete(blobPath, size)))
    return { outcome: "cached", downloadedBytes: 0, resumedBytes: 0 };
  await mkdir(paths.blobsDir, { recursive: true });

  const lockPath = paths.lock(etag);
  let lastOtherBytes: number | undefined;
  let lastProgressAt = Date.now();
  for (;;) {
    throwIfAborted(params.signal);
    const attempt = await tryAcquireLock(lockPath, options.lock);
    if (isHeldLock(attempt)) {
      try {
        // Another process may have finished it between our first look and taking the lock.
        if (!options.force && (await blobIsComplete(blobPath, size))) {
          return { outcome: "other-process", downloadedBytes: 0, resumedBytes: 0 };
        }
        return await downloadHoldingLock(params, attempt);
      } finally {
        await attempt.release();
      }
    }
    // Someone else is downloading this blob: wait for it, showing its progress.
    const otherBytes = await otherProcessBytes(paths, etag);
    if (otherBytes !== lastOtherBytes) {
      lastOtherBytes = otherBytes;
      lastProgressAt = Date.now();
    }
    params.onEvent?.({ type: "waiting", holder: describeHolder(attempt), otherBytes });
    if (Date.now() - lastProgressAt > options.lockWaitTimeoutMs) {
      throw new LockTimeoutError({
        lockPath,
        file: params.file,
        ...(describeHolder(attempt) ? { holder: describeHolder(attempt)! } : {}),
        waitedMs: Date.now() - lastProgressAt,
      });
    }
    await sleep(options.lock.pollMs, params.signal).catch(() => throwIfAborted(params.signal));
    if (await blobIsComplete(blobPath, size)) {
      // Written by the other process; if we asked for --force we still re-download on the next round.
      if (!options.force) return { outcome: "other-process", downloadedBytes: 0, resumedBytes: 0 };
    }
    const holder = await inspectLock(lockPath);
    if (holder && isAbandoned(holder, options.lock)) lastProgressAt = Date.now();
  }
}

async function otherProcessBytes(paths: RepoCachePaths, etag: string): Promise<number | undefined> {
  const state = await readPartialState(paths.partialState(etag));
  return state ? state.chunks.reduce((n, c) => n + c[2], 0) : undefined;
}

async function downloadHoldingLock(params: FetchBlobParams, lock: HeldLock): Promise<FetchBlobResult> {
  const { paths, etag, size, options } = params;
  const algorithm = algorithmForBlobName(etag);
  let downloadedBytes = 0;
  let firstResumed: number | undefined;
  for (let pass = 1; ; pass++) {
    const fresh = pass > 1 || !options.resume || options.force;
    if (fresh) {
      await rm(paths.partial(etag), { force: true });
      await rm(paths.partialState(etag), { force: true });
    }
    const loaded = await loadPartial({
      paths,
      etag,
      size,
      connections: options.connectionsPerFile,
      ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
    });
    firstResumed ??= loaded.resumedBytes;
    params.onEvent?.({ type: "start", resumedBytes: loaded.resumedBytes });
    const transfer = new BlobTransfer(params, loaded.chunks, lock);
    const digest = await transfer.run();
    downloadedBytes += transfer.downloadedBytes;
    const actualSize = (await stat(paths.partial(etag))).size;
    if (actualSize !== size) {
      await rm(paths.partial(etag), { force: true });
      await rm(paths.partialState(etag), { force: true });
      throw new SizeMismatchError({
        file: params.file,
        expected: size,
        actual: actualSize,
        url: redact(params.url),
      });
    }
    if (!algorithm || digest === etag) {
      await rename(paths.partial(etag), paths.blob(etag));
      await rm(paths.partialState(etag), { force: true });
      if (algorithm) params.onEvent?.({ type: "verified", algorithm });
      return { outcome: "downloaded", downloadedBytes, resumedBytes: firstResumed };
    }
    // Never let corrupt bytes into blobs/: discard them, then fetch everything once more.
    await rm(paths.partial(etag), { force: true });
    await rm(paths.partialState(etag), { force: true });
    if (pass >= 2) {
      throw new ChecksumMismatchError({
        file: params.file,
        algorithm: algorithm === "sha256" ? "sha256" : "git blob sha1",
        expected: etag,
        actual: digest,
        url: redact(params.url),
        repo: params.meta.repo,
      });
    }
    params.onEvent?.({
      type: "restart",
      reason: `checksum mismatch (got ${digest.slice(0, 12)}…)`,
      discardedBytes: size,
    });
  }
}

/** Thrown inside a transfer when the server stops honouring Range: start over with one stream. */
class RestartSingleStream extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** A response we could not use but that a retry may fix (the error is kept for the final message). */
class RetryableResponse extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    readonly resetUrl = false,
    readonly final?: Error,
  ) {
    super(message);
  }
}

/** Which chunk a lane is writing, and how many bytes it wrote (to tell a retry that it made progress). */
interface LaneCursor {
  index: number;
  bytes: number;
}

/** Error codes of connections that fail for good (TLS, DNS, routing, SOCKS), not of the file system. */
const NETWORK_ERROR_CODE =
  /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|ECONN|EHOST|ENET|ENOTFOUND|EAI_|EPROTO|ESOCKS)/;

/** How often the adaptive transfer considers opening more connections. */
const RAMP_INTERVAL_MS = 100;
/** More connections only help while the event loop has time to spare for them. */
const RAMP_MAX_LOOP_UTILIZATION = 0.5;
/**
 * A connection this fast is not capped by the server: splitting the file would not make it
 * faster unless this process has time to spare (a CDN caps each connection near 40 MB/s).
 */
const FAST_CONNECTION_BYTES_PER_SECOND = 150 * 1000 * 1000;
/** The hash thread asks for the watermark only this often when it reads from disk. */
const ADVANCE_STEP = 4 * 1024 * 1024;

/**
 * One blob's download. Each range ("chunk", see `planChunks`) is written front to back by one
 * request at a time, so a crash can always be resumed. Bytes are written synchronously as they
 * arrive and handed to the hash thread in memory while they are the next ones it needs.
 *
 * Adaptive mode (no explicit `chunkSize`): one connection streams the file from the first
 * missing byte through every range nobody has started. Every {@link RAMP_INTERVAL_MS} the
 * transfer opens all its other connections (up to `connectionsPerFile`) unless the one it has
 * is fast (over {@link FAST_CONNECTION_BYTES_PER_SECOND}) and this process is the bottleneck:
 * its event loop busy more than half the time, or the hash thread holding the stream back.
 * A capped CDN connection (~40 MB/s) is slow, so a capped download opens all its connections
 * after the first interval; a fast uncapped link stays on one in-order stream, which the hash
 * follows from memory instead of reading ranges back from disk. When the first extra
 * connection starts, the streaming one stops at the end of its current range; from then on
 * each request covers one range, handed out in order so the hash keeps up.
 */
class BlobTransfer {
  downloadedBytes = 0;
  private readonly size: number;
  private readonly adaptive: boolean;
  private chunks: Chunk[];
  private queue: number[] = [];
  private split = false;
  private pausedMs = 0;
  private firstIncomplete = 0;
  private downloadUrl: URL;
  private mode: "unknown" | "ranged" | "single" = "unknown";
  private probe: { promise: Promise<void>; resolve(): void; reject(e: unknown): void };
  private failure: unknown;
  private controller = new AbortController();
  private handle: FileHandle | undefined;
  private hashJob: HashJob | undefined;
  private dirty = false;
  private restarted = false;

  constructor(
    private readonly params: FetchBlobParams,
    chunks: Chunk[],
    private readonly lock: HeldLock,
  ) {
    this.size = params.size;
    this.adaptive = params.options.chunkSize === undefined;
    this.chunks = chunks;
    this.downloadUrl = params.url;
    this.probe = deferred();
  }

  private get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Downloads the missing ranges and returns the hex digest of the whole file. */
  async run(): Promise<string> {
    const { paths, etag } = this.params;
    const outer = this.params.signal;
    const onOuterAbort = () => this.fail(outer?.reason instanceof Error ? outer.reason : new AbortError());
    outer?.addEventListener("abort", onOuterAbort, { once: true });
    if (outer?.aborted) onOuterAbort();
    const flags = fsConstants.O_RDWR | fsConstants.O_CREAT;
    this.handle = await open(paths.partial(etag), flags, 0o644);
    // Record the range layout before any byte is written, so a crash at any point can be resumed.
    this.dirty = true;
    await this.saveState();
    const saver = setInterval(() => void this.saveState(), this.params.options.stateIntervalMs ?? 2000);
    saver.unref();
    const lockWatch = setInterval(() => {
      void this.lock.stillOurs().then((ours) => {
        if (!ours)
          this.fail(
            new HubUnavailableError(`Another process took over the download of '${this.params.file}'.`, {
              endpoint: this.params.session.endpoint.origin,
              file: this.params.file,
            }),
          );
      });
    }, this.params.options.lock.heartbeatMs);
    lockWatch.unref();
    try {
      for (;;) {
        this.startHashing();
        try {
          await this.runLanes();
          break;
        } catch (error) {
          if (error instanceof RestartSingleStream && !this.restarted && !this.params.signal?.aborted) {
            // The server ignores Range: what we have cannot be trusted to line up; start clean.
            this.restarted = true;
            const discarded = bytesWritten(this.chunks);
            this.hashJob?.cancel();
            await ftruncateAsync(this.handle.fd, 0);
            this.chunks = this.size === 0 ? [] : [{ start: 0, end: this.size, written: 0 }];
            this.mode = "single";
            this.failure = undefined;
            this.controller = new AbortController();
            this.firstIncomplete = 0;
            this.params.onEvent?.({ type: "restart", reason: error.reason, discardedBytes: discarded });
            continue;
          }
          throw error;
        }
      }
      if ((await this.handle.stat()).size > this.size) await ftruncateAsync(this.handle.fd, this.size);
      return await this.hashJob!.finish(this.size);
    } catch (error) {
      this.hashJob?.cancel();
      await this.saveState();
      throw await this.explain(error);
    } finally {
      clearInterval(saver);
      clearInterval(lockWatch);
      outer?.removeEventListener("abort", onOuterAbort);
      await this.handle.close().catch(() => {});
    }
  }

  private startHashing(): void {
    const algorithm = algorithmForBlobName(this.params.etag) ?? "sha256";
    this.hashJob = this.params.hasher.start({
      path: this.params.paths.partial(this.params.etag),
      algorithm,
      size: this.size,
    });
    this.firstIncomplete = 0;
    this.advanceWatermark(true);
  }

  private async saveState(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    const state = toState(this.params.etag, this.size, this.chunks, this.params.meta);
    await writePartialState(this.params.paths.partialState(this.params.etag), state).catch(() => {
      this.dirty = true;
    });
  }

  private fail(error: unknown): void {
    if (this.failure === undefined) this.failure = error;
    if (!this.controller.signal.aborted) this.controller.abort(error);
    this.probe.reject(error);
  }

  private async runLanes(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    this.queue = this.chunks.map((_, i) => i).filter((i) => !chunkDone(this.chunks[i]!));
    if (this.queue.length === 0) return;
    this.probe = deferred();
    this.probe.promise.catch(() => {});
    if (this.mode !== "unknown") this.probe.resolve();
    const maxLanes = Math.max(1, Math.min(this.params.options.connectionsPerFile, this.queue.length));
    const lanes = new Set<Promise<void>>();
    const spawn = (first: boolean) => {
      const lane: Promise<void> = this.lane(first).finally(() => lanes.delete(lane));
      lanes.add(lane);
    };
    const initial = this.adaptive ? 1 : maxLanes;
    for (let lane = 0; lane < initial; lane++) spawn(lane === 0);
    const stopRamp =
      initial < maxLanes
        ? this.rampUp(
            maxLanes,
            () => lanes.size,
            () => spawn(false),
          )
        : undefined;
    try {
      while (lanes.size > 0) await Promise.allSettled([...lanes]);
    } finally {
      stopRamp?.();
    }
    if (this.failure !== undefined) throw this.failure;
    if (this.chunks.some((c) => !chunkDone(c))) throw new Error("internal: ranges left unfinished");
  }

  /** Opens more connections while they can help (see the class comment); returns a stop function. */
  private rampUp(maxLanes: number, lanes: () => number, spawn: () => void): () => void {
    let loop = performance.eventLoopUtilization();
    let paused = this.pausedMs;
    let bytes = this.downloadedBytes;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      const utilization = performance.eventLoopUtilization();
      const busy = performance.eventLoopUtilization(utilization, loop).utilization;
      const held = this.pausedMs - paused;
      const perLane =
        ((this.downloadedBytes - bytes) * 1000) / Math.max(1, now - last) / Math.max(1, lanes());
      loop = utilization;
      paused = this.pausedMs;
      bytes = this.downloadedBytes;
      last = now;
      if (this.failure !== undefined || this.mode !== "ranged" || this.queue.length === 0) return;
      const active = lanes();
      if (active >= maxLanes) return;
      // This process is the bottleneck (its event loop or the hash thread): more connections
      // would only add work, and push the hash onto reading ranges back from disk.
      const cpuBound = busy > RAMP_MAX_LOOP_UTILIZATION || held > RAMP_INTERVAL_MS * 0.05;
      if (cpuBound && perLane >= FAST_CONNECTION_BYTES_PER_SECOND) return;
      this.split = true;
      const more = Math.min(maxLanes - active, this.queue.length);
      for (let i = 0; i < more; i++) spawn();
    }, RAMP_INTERVAL_MS);
    timer.unref();
    return () => clearInterval(timer);
  }

  private async lane(first: boolean): Promise<void> {
    if (!first) {
      try {
        await this.probe.promise;
      } catch {
        return;
      }
      if (this.mode === "single") return;
    }
    while (this.failure === undefined) {
      const index = this.queue.shift();
      if (index === undefined) return;
      let release: (() => void) | undefined;
      try {
        release = await this.params.pool.acquire(this.signal);
        await this.fetchChunkWithRetries({ index, bytes: 0 });
      } catch (error) {
        this.fail(error);
        return;
      } finally {
        release?.();
      }
    }
  }

  private async fetchChunkWithRetries(cursor: LaneCursor): Promise<void> {
    const policy = this.params.options.retry;
    let attempt = 0;
    for (;;) {
      const before = cursor.bytes;
      try {
        await this.fetchChunkOnce(cursor);
        if (chunkDone(this.chunks[cursor.index]!)) return;
        throw new RetryableResponse("the server closed the connection early");
      } catch (error) {
        if (this.signal.aborted) throw this.failure ?? error;
        if (error instanceof RestartSingleStream) throw error;
        // The connection failed after the last byte we needed: nothing to retry.
        if (chunkDone(this.chunks[cursor.index]!)) return;
        const retryable = error instanceof RetryableResponse || isRetryableNetworkError(error);
        if (!retryable) throw this.connectionError(error);
        if (cursor.bytes > before) attempt = 0;
        attempt++;
        const retryAfterMs = error instanceof RetryableResponse ? error.retryAfterMs : undefined;
        if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) {
          throw new RateLimitError({
            file: this.params.file,
            url: redact(this.downloadUrl),
            retryAfterSeconds: retryAfterMs / 1000,
            status: 429,
          });
        }
        if (attempt > policy.maxRetries) {
          if (error instanceof RetryableResponse && error.final) throw error.final;
          const proxy = this.params.session.proxyFor(this.downloadUrl);
          const through = proxy
            ? ` through the proxy ${redactCredentials(proxy.url)} (from ${proxy.variable})`
            : "";
          throw new HubUnavailableError(
            `Downloading '${this.params.file}'${through} failed ${attempt} times in a row: ${reasonOf(error)}.`,
            {
              endpoint: this.params.session.endpoint.origin,
              file: this.params.file,
              url: redact(this.downloadUrl),
              repo: this.params.meta.repo,
            },
            {
              cause: error,
              hint: proxy
                ? `Run the same command again later: it resumes where it stopped. Check that the proxy is up and lets ${this.downloadUrl.host} through (or add the host to NO_PROXY).`
                : "Run the same command again later: it resumes where it stopped. Check your network and HF_ENDPOINT.",
            },
          );
        }
        if (error instanceof RetryableResponse && error.resetUrl) this.downloadUrl = this.params.url;
        const delayMs = retryAfterMs ?? backoffDelay(policy, attempt);
        this.params.onEvent?.({ type: "retry", attempt, delayMs, reason: reasonOf(error) });
        await sleep(delayMs, this.signal).catch(() => {
          throw this.failure ?? new AbortError();
        });
      }
    }
  }

  /**
   * Where a request starting in chunk `index` ends (exclusive). Before the first split, the one
   * streaming connection asks for every following range nobody has started, so that it never
   * waits for a new request; after it, each request is one range.
   */
  private requestEnd(index: number): number {
    let end = this.chunks[index]!.end;
    if (!this.adaptive || this.split) return end;
    for (let k = 0, next = index + 1; this.queue[k] === next; k++, next++) {
      const chunk = this.chunks[next]!;
      if (chunk.written !== 0) break;
      end = chunk.end;
    }
    return end;
  }

  /** Takes the range after the cursor's for a response that goes on into it, unless another lane has it. */
  private claimNext(cursor: LaneCursor, requestEnd: number): boolean {
    const next = cursor.index + 1;
    const chunk = this.chunks[next];
    if (!chunk || this.queue[0] !== next || chunk.written !== 0 || chunk.end > requestEnd) return false;
    this.queue.shift();
    cursor.index = next;
    return true;
  }

  private async fetchChunkOnce(cursor: LaneCursor): Promise<void> {
    const chunk = this.chunks[cursor.index]!;
    const from = chunk.start + chunk.written;
    const end = this.requestEnd(cursor.index);
    const to = end - 1;
    const whole = from === 0 && end === this.size && this.chunks.length === 1;
    const headers: Record<string, string> = whole ? {} : { range: `bytes=${from}-${to}` };
    const isProbe = this.mode === "unknown";
    const opened = await this.params.session.request({
      url: this.downloadUrl,
      headers,
      signal: this.signal,
      idleTimeoutMs: this.params.options.stallTimeoutMs,
    });
    try {
      await this.checkResponse(opened, cursor.index, from, to, isProbe);
      await this.readBody(opened, cursor, this.chunks.length === 1 ? this.size : end);
    } catch (error) {
      if (opened.stalled && !this.signal.aborted) {
        throw new RetryableResponse(
          `no data for ${Math.round(this.params.options.stallTimeoutMs / 1000)} s (stalled)`,
        );
      }
      throw error;
    } finally {
      opened.done();
      if (!opened.response.complete) opened.response.destroy();
    }
  }

  private async checkResponse(
    opened: OpenedResponse,
    index: number,
    from: number,
    to: number,
    isProbe: boolean,
  ): Promise<void> {
    const { response } = opened;
    const status = response.statusCode ?? 0;
    const chunk = this.chunks[index]!;
    if (status === 200) {
      if (from !== 0) throw new RestartSingleStream("the server ignored a range request");
      if (chunk.end !== this.size) {
        if (!isProbe) throw new RestartSingleStream("the server stopped honouring range requests");
        // No range support: this one response carries the whole file.
        this.chunks = [{ start: 0, end: this.size, written: 0 }];
        this.queue = [];
        this.firstIncomplete = 0;
        this.mode = "single";
      } else if (this.mode === "unknown") {
        this.mode = "single";
      }
      const length = Number(response.headers["content-length"] ?? NaN);
      if (Number.isFinite(length) && length !== this.size) {
        throw new RetryableResponse(
          `the server announced ${length} bytes instead of ${this.size}`,
          undefined,
          false,
          this.sizeError(length),
        );
      }
    } else if (status === 206) {
      const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(
        String(response.headers["content-range"] ?? "").trim(),
      );
      if (!range) throw new RetryableResponse("a partial response without a valid Content-Range");
      const [start, end, total] = [Number(range[1]), Number(range[2]), range[3]];
      if (total !== "*" && Number(total) !== this.size) {
        throw new RetryableResponse(
          `the server says the file has ${total} bytes instead of ${this.size}`,
          undefined,
          false,
          this.sizeError(Number(total)),
        );
      }
      if (start !== from || end > to)
        throw new RestartSingleStream(`the server sent bytes ${start}-${end} for a request of ${from}-${to}`);
      if (this.mode === "unknown") this.mode = "ranged";
    } else if (status === 416) {
      throw new RetryableResponse(
        "the server says the requested range is beyond the end of the file",
        undefined,
        false,
        this.sizeError(undefined),
      );
    } else {
      const body = await readSmallBody(opened);
      const header = (name: string) => {
        const value = response.headers[name.toLowerCase()];
        return Array.isArray(value) ? value[0] : value;
      };
      if (isRetryableStatus(status)) {
        throw new RetryableResponse(
          `HTTP ${status}`,
          parseRetryAfter(response.headers["retry-after"]),
          false,
          hubErrorFromResponse({ status, header, body }, this.errorContext(opened)),
        );
      }
      if (
        this.downloadUrl !== this.params.url &&
        (status === 401 || status === 403 || status === 404 || status === 410)
      ) {
        // A signed CDN link can expire during a long download: ask the Hub for a fresh one.
        throw new RetryableResponse(`HTTP ${status} from the download host`, undefined, true);
      }
      throw hubErrorFromResponse({ status, header, body }, this.errorContext(opened));
    }
    if (this.downloadUrl === this.params.url && opened.url.href !== this.params.url.href) {
      // Reuse the final (redirected) URL for the other ranges, like ollama and browsers do.
      this.downloadUrl = opened.url;
    }
    if (isProbe) this.probe.resolve();
  }

  private errorContext(opened: OpenedResponse) {
    return {
      endpoint: this.params.session.endpoint.origin,
      hasToken: Boolean(this.params.session.token),
      repo: this.params.meta.repo,
      revision: this.params.meta.revision,
      file: this.params.file,
      url: redact(opened.url),
    };
  }

  private sizeError(actual: number | undefined): SizeMismatchError {
    return new SizeMismatchError({
      file: this.params.file,
      expected: this.size,
      actual: actual ?? -1,
      url: redact(this.downloadUrl),
      repo: this.params.meta.repo,
    });
  }

  private async readBody(opened: OpenedResponse, cursor: LaneCursor, requestEnd: number): Promise<void> {
    try {
      await this.pumpBody(opened, cursor, requestEnd);
    } catch (error) {
      const diskError = (error as { diskError?: NodeJS.ErrnoException }).diskError;
      throw diskError ? this.diskError(diskError) : error;
    }
  }

  private writerFor(cursor: LaneCursor): ChunkWriter {
    const index = cursor.index;
    const chunk = this.chunks[index]!;
    return new ChunkWriter(this.handle!.fd, chunk.start + chunk.written, (bytes, buffers, position) => {
      cursor.bytes += bytes;
      this.onWritten(index, bytes, buffers, position);
    });
  }

  /**
   * Streams the body into the file, range after range up to `requestEnd`. Plain 'data' events and
   * synchronous writes: no promise per chunk and no queue, so each network buffer is garbage as
   * soon as it is written (and copied for the hash). Pauses the response while the hash thread is
   * behind on the bytes it was given, rather than make it read them back from disk.
   */
  private pumpBody(opened: OpenedResponse, cursor: LaneCursor, requestEnd: number): Promise<void> {
    const { response } = opened;
    let chunk = this.chunks[cursor.index]!;
    let writer = this.writerFor(cursor);
    let accepted = chunk.start + chunk.written;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      let pausedAt = 0;
      const finish = (error?: unknown) => {
        if (settled) return;
        settled = true;
        if (pausedAt) this.pausedMs += performance.now() - pausedAt;
        response.off("data", onData);
        response.off("end", onEnd);
        response.off("error", onError);
        response.off("aborted", onAborted);
        // Whatever arrived is written before we report or retry, so progress never goes backwards.
        void writer.flush().catch(() => {});
        if (writer.error) reject(Object.assign(new Error(writer.error.message), { diskError: writer.error }));
        else if (error) reject(error);
        else resolve();
      };
      const resume = () => {
        if (settled || !pausedAt) return;
        this.pausedMs += performance.now() - pausedAt;
        pausedAt = 0;
        opened.touch();
        response.resume();
      };
      const onData = (data: Buffer) => {
        opened.touch();
        let offset = 0;
        while (offset < data.length && !writer.error) {
          const room = chunk.end - accepted;
          if (room === 0) {
            // This range is complete: go on into the next one unless another lane took it.
            void writer.flush().catch(() => {});
            if (writer.error) break;
            if (!this.claimNext(cursor, requestEnd)) break;
            chunk = this.chunks[cursor.index]!;
            writer = this.writerFor(cursor);
            continue;
          }
          const piece =
            offset === 0 && data.length <= room
              ? data
              : data.subarray(offset, offset + Math.min(room, data.length - offset));
          writer.push(piece);
          accepted += piece.length;
          offset += piece.length;
        }
        if (writer.error) {
          finish();
          response.destroy();
        } else if (accepted >= chunk.end && (chunk.end >= requestEnd || offset < data.length)) {
          // Everything this request may write has arrived; anything more is not ours.
          finish();
          if (!response.complete) response.destroy();
        } else if (!pausedAt) {
          const job = this.hashJob;
          if (job && writer.position === job.fed && job.congested) {
            pausedAt = performance.now();
            response.pause();
            job.whenRoom(resume);
          }
        }
      };
      const onEnd = () => finish();
      const onError = (error: Error) => finish(error);
      const onAborted = () => finish(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
      response.on("data", onData);
      response.on("end", onEnd);
      response.on("error", onError);
      response.on("aborted", onAborted);
      if (response.readableEnded) finish();
    });
  }

  private onWritten(index: number, bytes: number, buffers: readonly Buffer[], position: number): void {
    const chunk = this.chunks[index];
    if (!chunk) return;
    chunk.written += bytes;
    this.downloadedBytes += bytes;
    this.dirty = true;
    this.params.onEvent?.({ type: "bytes", bytes });
    // In order: straight from memory. Otherwise the hash reads them back once the watermark passes them.
    this.hashJob?.feed(position, buffers, bytes);
    if (index === this.firstIncomplete) this.advanceWatermark(chunkDone(chunk));
  }

  /** Tells the hash thread how far the file is complete on disk, for bytes it was not given in memory. */
  private advanceWatermark(force: boolean): void {
    while (this.firstIncomplete < this.chunks.length && chunkDone(this.chunks[this.firstIncomplete]!))
      this.firstIncomplete++;
    const next = this.chunks[this.firstIncomplete];
    const watermark = next ? next.start + next.written : this.size;
    const job = this.hashJob;
    if (!job || watermark <= job.fed) return;
    if (force || watermark - job.fed >= ADVANCE_STEP || watermark === this.size) job.advance(watermark);
  }

  /** A connection that cannot work (TLS, a refused proxy…) as an error that says so; others as they are. */
  private connectionError(error: unknown): unknown {
    const code = (error as { code?: unknown })?.code;
    if (error instanceof HftoolError || typeof code !== "string" || !NETWORK_ERROR_CODE.test(code))
      return error;
    const proxy = this.params.session.proxyFor(this.downloadUrl);
    const through = proxy
      ? ` through the proxy ${redactCredentials(proxy.url)} (from ${proxy.variable})`
      : "";
    const tls = isUntrustedCertificate(error) || code.startsWith("ERR_TLS_") || code.startsWith("CERT_");
    return new HubUnavailableError(
      `Downloading '${this.params.file}' from ${this.downloadUrl.host}${through} failed: ${reasonOf(error)}.`,
      {
        endpoint: this.params.session.endpoint.origin,
        file: this.params.file,
        url: redact(this.downloadUrl),
        repo: this.params.meta.repo,
      },
      {
        cause: error,
        ...(tls
          ? {
              hint: "If your network (a company proxy or mirror) uses its own certificate authority, point NODE_EXTRA_CA_CERTS at its PEM file and run again.",
            }
          : {}),
      },
    );
  }

  private diskError(error: NodeJS.ErrnoException): Error {
    if (error.code === "ENOSPC" || error.code === "EDQUOT") {
      return new DiskFullMidway(error);
    }
    return error;
  }

  /** Turns low-level failures into errors a user can act on. */
  private async explain(error: unknown): Promise<unknown> {
    if (error instanceof DiskFullMidway) {
      let free = 0;
      try {
        const fs = await statfs(this.params.paths.blobsDir);
        free = Number(fs.bavail) * Number(fs.bsize);
      } catch {
        // unknown
      }
      return new DiskSpaceError({
        directory: this.params.paths.cacheDir,
        neededBytes: this.size - bytesWritten(this.chunks),
        freeBytes: free,
        file: this.params.file,
        midway: true,
      });
    }
    if (error instanceof HubError || error instanceof AbortError) return error;
    if ((error as { name?: string })?.name === "AbortError" || this.params.signal?.aborted)
      return new AbortError();
    if (error instanceof RestartSingleStream) {
      return new HubProtocolError(`Downloading '${this.params.file}' failed: ${error.reason}.`, {
        file: this.params.file,
        url: redact(this.downloadUrl),
      });
    }
    return error;
  }
}

class DiskFullMidway extends Error {
  constructor(readonly original: NodeJS.ErrnoException) {
    super(original.message);
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof RetryableResponse) return error.message;
  if ((error as { code?: string })?.code === "STALLED") return (error as Error).message;
  return describeNetworkError(error);
}

async function readSmallBody(opened: OpenedResponse): Promise<string> {
  let text = "";
  try {
    for await (const data of opened.response as AsyncIterable<Buffer>) {
      opened.touch();
      text += data.toString("utf8");
      if (text.length > 65536) break;
    }
  } catch {
    // the error status is what matters
  }
  return text;
}

function deferred(): { promise: Promise<void>; resolve(): void; reject(e: unknown): void } {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new AbortError();
}
