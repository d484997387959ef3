import { formatBytes, formatDuration } from "@hftool/core";
import type { DownloadEvent } from "@hftool/download";
import { createLogUpdate } from "log-update";
import type { Output } from "./output.js";

/** How progress is shown: live bars on a terminal, periodic lines in logs, NDJSON for scripts. */
export type ProgressMode = "tty" | "plain" | "json" | "none";

interface FileState {
  path: string;
  size: number;
  bytes: number;
  resumed: number;
  samples: { at: number; bytes: number }[];
}

const BAR = 24;
const PLAIN_EVERY_MS = 5000;

function bar(fraction: number, width = BAR): string {
  const filled = Math.max(0, Math.min(width, Math.round(fraction * width)));
  return "█".repeat(filled) + "░".repeat(width - filled);
}

function percent(done: number, total: number): string {
  const p = total > 0 ? Math.floor((done / total) * 100) : 100;
  return `${String(Math.min(100, p)).padStart(3)}%`;
}

function shorten(path: string, width: number): string {
  if (path.length <= width) return path.padEnd(width);
  return `…${path.slice(path.length - width + 1)}`;
}

function rateOf(samples: { at: number; bytes: number }[], now: number): number {
  while (samples.length > 2 && now - samples[0]!.at > 5000) samples.shift();
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last || last.at - first.at < 200) return 0;
  return ((last.bytes - first.bytes) / (last.at - first.at)) * 1000;
}

/**
 * Renders `downloadSnapshot` progress. On a terminal: a bar per active file (starting at its
 * resumed percentage) and a total with %, bytes, rate and ETA, redrawn in place; finished files,
 * retries and waits scroll above it. Elsewhere: one plain line per event worth logging and a
 * progress line every few seconds. With --json: every event as one JSON line on stdout.
 */
export class DownloadProgress {
  private readonly files = new Map<string, FileState>();
  private repo = "";
  private total = 0;
  private done = 0;
  private rate = 0;
  private eta: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastPlain = 0;
  private readonly waitingShown = new Set<string>();
  private readonly live: ReturnType<typeof createLogUpdate> | undefined;

  constructor(
    private readonly out: Output,
    private readonly mode: ProgressMode,
  ) {
    if (mode === "tty") {
      this.live = createLogUpdate(out.stderr, { showCursor: false });
      this.timer = setInterval(() => this.render(), 100);
      this.timer.unref();
    }
  }

  readonly onEvent = (event: DownloadEvent): void => {
    if (this.mode === "json") {
      this.out.stdout.write(`${JSON.stringify(event)}\n`);
      return;
    }
    if (this.mode === "none") return;
    const c = this.out.ce;
    switch (event.type) {
      case "plan": {
        this.repo = event.repo;
        this.lastPlain = Date.now();
        this.total = event.totalBytes;
        this.done = event.resumeBytes;
        const toFetch = event.files.filter((f) => !f.cached);
        const cached = event.files.length - toFetch.length;
        const parts = [
          `${toFetch.length} file${toFetch.length === 1 ? "" : "s"} to fetch, ${formatBytes(event.totalBytes - event.resumeBytes)}`,
          ...(event.resumeBytes > 0 ? [`${formatBytes(event.resumeBytes)} already downloaded`] : []),
          ...(cached > 0 ? [`${cached} cached`] : []),
        ];
        this.persist(
          `${c.bold(event.repo)} ${c.dim(`${event.revision === event.commit ? "" : `${event.revision} → `}${event.commit.slice(0, 10)}`)}  ${c.dim(parts.join(", "))}${event.fromCache ? c.yellow("  (offline: from the cache)") : ""}`,
        );
        break;
      }
      case "file-start": {
        const existing = this.files.get(event.path);
        if (existing) {
          existing.bytes = event.resumedBytes;
          existing.resumed = event.resumedBytes;
        } else {
          this.files.set(event.path, {
            path: event.path,
            size: event.size,
            bytes: event.resumedBytes,
            resumed: event.resumedBytes,
            samples: [],
          });
        }
        if (event.resumedBytes > 0 && this.mode === "plain") {
          this.persist(
            `  resuming ${event.path} at ${percent(event.resumedBytes, event.size).trim()} (${formatBytes(event.resumedBytes)} of ${formatBytes(event.size)})`,
          );
        }
        break;
      }
      case "progress": {
        const file = this.files.get(event.path);
        const now = Date.now();
        if (file) {
          file.bytes = event.fileBytes;
          file.samples.push({ at: now, bytes: event.fileBytes });
        }
        this.total = event.totalBytes;
        this.done = event.bytes;
        this.rate = event.bytesPerSecond;
        this.eta = event.etaSeconds;
        if (this.mode === "plain" && now - this.lastPlain >= PLAIN_EVERY_MS) {
          this.lastPlain = now;
          this.persist(`  ${this.repo}: ${this.summary()}`);
        }
        break;
      }
      case "file-done": {
        this.files.delete(event.path);
        const how =
          event.outcome === "other-process"
            ? "fetched by another process"
            : event.outcome === "cached"
              ? "same content as another file"
              : event.verified
                ? `verified ${event.verified}`
                : "";
        this.persist(
          `  ${c.green("✓")} ${event.path} ${c.dim(`${formatBytes(event.size)}${how ? `, ${how}` : ""}`)}`,
        );
        break;
      }
      case "retry":
        this.persist(
          `  ${c.yellow("↻")} ${event.path}: ${event.reason}; retrying in ${formatDuration(event.delayMs / 1000)} ${c.dim(`(attempt ${event.attempt + 1})`)}`,
        );
        break;
      case "restart":
        this.persist(`  ${c.yellow("↻")} ${event.path}: ${event.reason}; downloading it again`);
        break;
      case "waiting": {
        const file = this.files.get(event.path);
        if (file && event.otherBytes !== undefined) file.bytes = event.otherBytes;
        if (!this.waitingShown.has(event.path)) {
          this.waitingShown.add(event.path);
          this.persist(
            `  ${c.cyan("⧗")} ${event.path}: another download${event.holder ? ` (${event.holder})` : ""} is fetching it; waiting`,
          );
        }
        break;
      }
      case "offline-fallback":
        this.persist(
          `${c.yellow("warning:")} the Hub is unreachable (${event.reason}); using the complete copy in the cache.`,
        );
        break;
      case "done":
        this.render();
        break;
    }
  };

  private summary(): string {
    const parts = [
      `${percent(this.done, this.total).trim()}`,
      `${formatBytes(this.done)} of ${formatBytes(this.total)}`,
    ];
    if (this.rate > 0) parts.push(`${formatBytes(this.rate)}/s`);
    if (this.eta !== undefined && this.rate > 0 && this.done < this.total)
      parts.push(`ETA ${formatDuration(this.eta)}`);
    return parts.join(", ");
  }

  /** A line that stays (above the live bars on a terminal). */
  private persist(line: string): void {
    if (this.live) {
      this.live.clear();
      this.out.stderr.write(`${line}\n`);
      this.render();
    } else {
      this.out.stderr.write(`${line}\n`);
    }
  }

  private render(): void {
    if (!this.live) return;
    const c = this.out.ce;
    const now = Date.now();
    const width = Math.max(20, Math.min(40, (this.out.stderr.columns ?? 100) - 70));
    const lines: string[] = [];
    const active = [...this.files.values()].sort((a, b) => b.size - a.size).slice(0, 8);
    for (const file of active) {
      const rate = rateOf(file.samples, now);
      const left = file.size - file.bytes;
      lines.push(
        `  ${shorten(file.path, width)} ${c.cyan(bar(file.size ? file.bytes / file.size : 1))} ${percent(file.bytes, file.size)}  ${formatBytes(file.bytes)}/${formatBytes(file.size)}` +
          (rate > 0 ? `  ${formatBytes(rate)}/s` : "") +
          (rate > 0 && left > 0 ? c.dim(`  ETA ${formatDuration(left / rate)}`) : "") +
          (file.resumed > 0 ? c.dim(`  (resumed at ${percent(file.resumed, file.size).trim()})`) : ""),
      );
    }
    if (this.files.size > active.length) lines.push(c.dim(`  … and ${this.files.size - active.length} more`));
    if (this.total > 0 && (active.length > 0 || this.done < this.total)) {
      lines.push(
        `  ${c.bold(shorten("total", width))} ${c.green(bar(this.done / this.total))} ${percent(this.done, this.total)}  ${formatBytes(this.done)}/${formatBytes(this.total)}` +
          (this.rate > 0 ? `  ${formatBytes(this.rate)}/s` : "") +
          (this.eta !== undefined && this.rate > 0 && this.done < this.total
            ? c.dim(`  ETA ${formatDuration(this.eta)}`)
            : ""),
      );
    }
    this.live(lines.join("\n"));
  }

  /** Stops redrawing and leaves the terminal clean. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.live) {
      this.live.clear();
      this.live.done();
    }
    this.files.clear();
  }
}
