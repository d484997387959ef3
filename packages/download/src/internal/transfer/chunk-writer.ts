import { writevSync } from "node:fs";

/**
 * Writes one response's bytes to the partial file at increasing offsets. Writes are synchronous
 * and batched (up to `batchBytes` per `writev`): a page-cache write of a few hundred KiB takes
 * microseconds, and buffers that are written at once die young, whereas buffers queued for an
 * asynchronous write survive into the old generation and made the garbage collector the
 * bottleneck (measured: 0.7 s of GC per 256 MiB). Reports each completed write, in order.
 */
export class ChunkWriter {
  private queue: Buffer[] = [];
  /** Bytes accepted but not yet written. */
  queued = 0;
  error: NodeJS.ErrnoException | undefined;

  constructor(
    private readonly fd: number,
    private position: number,
    private readonly onWritten: (bytes: number) => void,
    private readonly batchBytes = 256 * 1024,
  ) {}

  push(buffer: Buffer): void {
    if (this.error) return;
    this.queue.push(buffer);
    this.queued += buffer.length;
    if (this.queued >= this.batchBytes) this.write();
  }

  /** Writes whatever is queued. Never rejects: a failure is kept in `error`. */
  flush(): Promise<void> {
    this.write();
    return this.error ? Promise.reject(this.error) : Promise.resolve();
  }

  /** Kept for callers that pace themselves on the queue; writes are synchronous now. */
  waitBelow(_low: number): Promise<void> {
    return this.flush();
  }

  private write(): void {
    while (this.queue.length > 0 && !this.error) {
      const buffers = this.queue;
      this.queue = [];
      const total = this.queued;
      let written: number;
      try {
        written = writevSync(this.fd, buffers, this.position);
      } catch (error) {
        this.error = error as NodeJS.ErrnoException;
        return;
      }
      this.position += written;
      this.queued -= written;
      if (written < total) this.queue = remainder(buffers, written);
      this.onWritten(written);
    }
  }
}

function remainder(buffers: Buffer[], skip: number): Buffer[] {
  const out: Buffer[] = [];
  for (const b of buffers) {
    if (skip >= b.length) {
      skip -= b.length;
      continue;
    }
    out.push(skip > 0 ? b.subarray(skip) : b);
    skip = 0;
  }
  return out;
}
