import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { metadataSidecarPath } from "./metadata-sidecar-path.js";
import type { OutputMetadata } from "./output-metadata.js";
import { isPng } from "./png-signature.js";
import { writePngText } from "./write-png-text.js";

/** Parameters of {@link writeOutputFile}. */
export interface WriteOutputFileParams {
  /** Destination. Its folder is created when missing. */
  path: string;
  /** The output's bytes (or text, written as UTF-8). */
  data: string | Uint8Array;
  /**
   * Metadata to store with it: embedded as PNG text chunks when `data` is a PNG, else written to
   * the `<path>.hftool.json` sidecar. Omitted: no metadata, and a stale sidecar from an earlier
   * output at `path` is removed.
   */
  metadata?: OutputMetadata;
  /**
   * More PNG text chunks to write beside the metadata, keyword → text (e.g. `Description` with a
   * prompt, or `parameters` in the form image tools read). Only with `metadata`, and only for PNGs.
   */
  pngText?: Readonly<Record<string, string>>;
}

/** What {@link writeOutputFile} wrote. */
export interface WriteOutputFileResult {
  path: string;
  /** Size of the written output in bytes. */
  bytes: number;
  /** The sidecar, when metadata went to one. */
  metadataPath?: string;
  /** Metadata went into the file itself (PNG text chunks). */
  embedded: boolean;
}

interface StagedFile {
  commit(): Promise<void>;
  discard(): Promise<void>;
}

async function stage(path: string, data: Uint8Array): Promise<StagedFile> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const handle = await open(temp, "wx", 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  return {
    commit: () => rename(temp, path),
    discard: () => rm(temp, { force: true }),
  };
}

/**
 * Writes a run's output and its metadata so that a failure leaves nothing half-written: both
 * files are written and flushed under temporary names in the destination folder first, then
 * renamed into place. A PNG carries its metadata in `hftool` (JSON), `Software`, `Model` and
 * `Seed` text chunks (plus any `pngText`), and no sidecar: the file alone says how it was made;
 * any other format gets a `<output>.hftool.json` sidecar.
 */
export async function writeOutputFile({
  path,
  data,
  metadata,
  pngText = {},
}: WriteOutputFileParams): Promise<WriteOutputFileResult> {
  await mkdir(dirname(path), { recursive: true });
  let bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const sidecar = metadataSidecarPath(path);
  const embedded = metadata !== undefined && isPng(bytes);
  if (embedded) {
    bytes = writePngText({
      png: bytes,
      entries: {
        ...pngText,
        hftool: JSON.stringify(metadata),
        Software: `hftool ${metadata.hftool_version}`,
        Model: metadata.model,
        ...(metadata.seed !== undefined ? { Seed: String(metadata.seed) } : {}),
      },
    });
  }
  const staged: StagedFile[] = [];
  try {
    staged.push(await stage(path, bytes));
    if (metadata !== undefined && !embedded) {
      staged.push(await stage(sidecar, new TextEncoder().encode(`${JSON.stringify(metadata, null, 2)}\n`)));
    }
  } catch (error) {
    await Promise.all(staged.map((s) => s.discard()));
    throw error;
  }
  for (const file of staged) await file.commit();
  if (metadata === undefined || embedded) await rm(sidecar, { force: true });
  return {
    path,
    bytes: bytes.length,
    embedded,
    ...(metadata !== undefined && !embedded ? { metadataPath: sidecar } : {}),
  };
}
