import type * as Download from "@hftool/download";
import type { DownloadEvent } from "@hftool/download";

/**
 * `@hftool/download`, imported on first use so `hftool --help` and completion never load it.
 */
export function loadDownloadApi(): Promise<typeof Download> {
  return import("@hftool/download");
}

/** What a progress line shows, read from a `progress` event of `downloadSnapshot`. */
export function progressBytes(event: DownloadEvent): {
  done?: number;
  total?: number;
  bytesPerSecond?: number;
  etaSeconds?: number;
} {
  if (event.type !== "progress") return {};
  // `bytes`: done over all files to fetch (resumed + fetched), of `totalBytes`
  const fields = {
    done: event.bytes,
    total: event.totalBytes,
    bytesPerSecond: event.bytesPerSecond,
    etaSeconds: event.etaSeconds,
  };
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => typeof v === "number" && Number.isFinite(v)),
  );
}
