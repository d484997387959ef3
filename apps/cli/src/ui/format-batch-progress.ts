import { formatDuration } from "@hftool/core";

/** Parameters of {@link formatBatchProgress}. */
export interface FormatBatchProgressParams {
  /** Items finished (succeeded, failed or skipped). */
  done: number;
  total: number;
  failed: number;
  /** Seconds left, when an estimate exists. */
  etaSeconds?: number;
  /** What runs now (`prompts.txt:3`), and its stage. */
  current?: string;
  /** Characters of the bar. @default 20 */
  width?: number;
}

/**
 * One progress line for a batch: `████████░░░░░░░░░░░░  4/10  40%  1 failed  ~12 s left  prompts.txt:5`.
 */
export function formatBatchProgress(params: FormatBatchProgressParams): string {
  const { done, total, failed, etaSeconds, current, width = 20 } = params;
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const filled = Math.round(fraction * width);
  const parts = [
    `${"█".repeat(filled)}${"░".repeat(width - filled)}`,
    `${done}/${total}`,
    `${String(Math.floor(fraction * 100)).padStart(3)}%`,
  ];
  if (failed > 0) parts.push(`${failed} failed`);
  if (etaSeconds !== undefined && Number.isFinite(etaSeconds) && etaSeconds > 0)
    parts.push(`~${formatDuration(etaSeconds)} left`);
  if (current) parts.push(current);
  return parts.join("  ");
}
