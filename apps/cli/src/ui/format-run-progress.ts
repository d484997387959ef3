import { formatDuration } from "@hftool/core";

/** Parameters of {@link formatRunProgress}. */
export interface FormatRunProgressParams {
  /** What is running (`denoising`, `transcribing`). */
  stage: string;
  done: number;
  total?: number;
  /** What `done` counts: `steps`, `chunks`, `seconds` (of audio). */
  unit: string;
  /** Where in a larger job (`image 2 of 4`). */
  detail?: string;
  /** Measured seconds per unit. */
  secondsPerUnit?: number;
  /** Seconds left. */
  etaSeconds?: number;
  /** Characters of the bar. @default 20 */
  width?: number;
}

const singular = (unit: string) => unit.replace(/s$/, "");

/**
 * One status line for a running pipeline: `Denoising ████████░░░░░░░░  3/8 steps  image 1 of 2
 * 1.2 s/step  6 s left`. Without a total it says how far it got; seconds of audio show as a
 * percentage.
 */
export function formatRunProgress(params: FormatRunProgressParams): string {
  const { stage, done, total, unit, detail, secondsPerUnit, etaSeconds, width = 20 } = params;
  const parts = [`${stage[0]?.toUpperCase() ?? ""}${stage.slice(1)}`];
  if (total !== undefined && total > 0) {
    const fraction = Math.min(1, Math.max(0, done / total));
    const filled = Math.round(fraction * width);
    parts.push(`${"█".repeat(filled)}${"░".repeat(width - filled)}`);
    parts.push(unit === "seconds" ? `${Math.floor(fraction * 100)}%` : `${done}/${total} ${unit}`);
  } else if (done > 0) {
    parts.push(unit === "seconds" ? formatDuration(done) : `${done} ${unit}`);
  } else {
    parts[0] += "…";
  }
  if (detail) parts.push(detail);
  if (secondsPerUnit !== undefined && unit !== "seconds" && Number.isFinite(secondsPerUnit)) {
    parts.push(`${formatDuration(secondsPerUnit)}/${singular(unit)}`);
  }
  if (etaSeconds !== undefined && Number.isFinite(etaSeconds) && etaSeconds >= 0.5) {
    parts.push(`${formatDuration(etaSeconds)} left`);
  }
  return parts.join("  ");
}
