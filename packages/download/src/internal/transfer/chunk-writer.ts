import { writev } from "node:fs";

/**
 * Writes one response's bytes to the partial file at increasing offsets, batching whatever
 * arrived while the previous write was in flight into one `writev` (no copies), so the socket is
 * never waiting on the disk for long. Reports each completed write, in order.
 */
export class ChunkWriter {
  private queue: Buffer[] = [];
  /** Bytes accepted but not yet written. */
  queued = 0;
  private writing = false;
  error: NodeJS.ErrnoException | undefined;
  private waiters: { low: number; resolve: () => void; reject: (e: Error) => void }[] = [];

  constructor(
    private readonly fd: number,
    private position: number,
    private readonly onWritten: (bytes: number) => void,
  ) {}

  push(buffer: Buffer): void {
    if (this.error) return;
    this.queue.push(buffer);
    this.queued += buffer.length;
    if (!this.writing) this.kick();
  }

  /** Resolves once at most `low` bytes are waiting. */
  waitBelow(low: number): Promise<void> {
    if (this.error) return Promise.reject(this.error);
    if (this.queued <= low) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ low, resolve, reject }));
  }

  flush(): Promise<void> {
    return this.waitBelow(0);
  }

  private kick(): void {
    const buffers = this.queue;
    this.queue = [];
    const total = buffers.reduce((n, b) => n + b.length, 0);
    if (total === 0) return;
    this.writing = true;
    writev(this.fd, buffers, this.position, (error, written) => {
      this.writing = false;
      if (error) {
        this.error = error;
        for (const w of this.waiters.splice(0)) w.reject(error);
        return;
      }
      this.position += written;
      this.queued -= written;
      if (written < total) this.queue.unshift(...remainder(buffers, written));
      this.onWritten(written);
      this.waiters = this.waiters.filter((w) => {
        if (this.queued <= w.low) {
          w.resolve();
          return false;
        }
        return true;
      });
      if (this.queue.length > 0) this.kick();
    });
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
