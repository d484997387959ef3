/**
 * Every check's id, in report order: what `hftool doctor --check ID` accepts and completion offers.
 * Kept apart from the checks themselves so listing them loads nothing.
 */
export const CHECK_IDS = [
  "node",
  "onnxruntime",
  "gpu",
  "features",
  "ffmpeg",
  "network",
  "config",
  "disk",
  "cache",
] as const;

/** A check's id. */
export type CheckId = (typeof CHECK_IDS)[number];
