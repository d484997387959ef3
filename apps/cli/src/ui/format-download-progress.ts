import { formatBytes, formatDuration } from "@hftool/core";

/** Parameters of {@link formatDownloadProgress}. */
export interface FormatDownloadProgressParams {
  /** What is downloading (a repo id). */
  label: string;
  /** Bytes done (resumed included). */
  done: number;
  /** Bytes in all, when known. */
  total?: number;
  /** Current rate, bytes per second. */
  bytesPerSecond?: number;
  /** Seconds left, when known. */
  etaSeconds?: number;
  /** Characters of the bar. @default 20 */
  width?: number;
}

/**
 * One progress line for a download: `onnx-community/whisper-base ████████░░░░ 45%  12.3 MB / 27.1 MB
 * 3.2 MB/s  5 s left`. Without a total it shows the bytes so far.
 */
export function formatDownloadProgress(params: FormatDownloadProgressParams): string {
  const { label, done, total, bytesPerSecond, etaSeconds, width = 20 } = params;
  const parts = [label];
  if (total !== undefined && total > 0) {
    const fraction = Math.min(1, Math.max(0, done / total));
    const filled = Math.round(fraction * width);
    parts.push(
      `${"█".repeat(filled)}${"░".repeat(width - filled)} ${String(Math.floor(fraction * 100)).padStart(3)}%`,
    );
    parts.push(`${formatBytes(done)} / ${formatBytes(total)}`);
  } else {
    parts.push(formatBytes(done));
  }
  if (bytesPerSecond !== undefined && bytesPerSecond > 0) parts.push(`${formatBytes(bytesPerSecond)}/s`);
  if (etaSeconds !== undefined && Number.isFinite(etaSeconds) && etaSeconds > 0)
    parts.push(`${formatDuration(etaSeconds)} left`);
  return parts.join("  ");
}
