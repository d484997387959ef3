import { UnsafePathError, type HubErrorContext } from "../errors.js";

const HEX_40_OR_64 = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/** A commit hash (git sha1, or sha256 for sha256 repos). */
export function isCommitHash(value: string): boolean {
  return HEX_40_OR_64.test(value);
}

/**
 * Refuses a file path from the server unless it stays inside the repo folder once joined: no
 * absolute paths, drive letters, backslashes, `.`/`..`/empty segments, control characters, or
 * percent-encoded versions of those.
 */
export function assertSafeRepoPath(path: string, context: HubErrorContext = {}): void {
  if (!isSafeRepoPath(path)) throw new UnsafePathError({ ...context, value: path, what: "file path" });
}

export function isSafeRepoPath(path: string): boolean {
  if (typeof path !== "string" || path.length === 0 || path.length > 4096) return false;
  const variants = [path];
  try {
    const decoded = decodeURIComponent(path);
    if (decoded !== path) variants.push(decoded);
  } catch {
    // not percent-encoded: the raw string is all there is
  }
  return variants.every(
    (p) =>
      // eslint-disable-next-line no-control-regex
      !/[\u0000-\u001f\u007f\\]/.test(p) &&
      !p.startsWith("/") &&
      !/^[A-Za-z]:/.test(p) &&
      p.split("/").every((segment) => segment !== "" && segment !== "." && segment !== ".."),
  );
}

/** Blob names come from the server's checksums; only hex digests are file-name safe. */
export function assertSafeBlobName(etag: string, context: HubErrorContext = {}): void {
  if (!HEX_40_OR_64.test(etag)) throw new UnsafePathError({ ...context, value: etag, what: "checksum" });
}

export function assertSafeCommit(commit: string, context: HubErrorContext = {}): void {
  if (!HEX_40_OR_64.test(commit)) throw new UnsafePathError({ ...context, value: commit, what: "commit" });
}

/** A revision becomes `refs/<revision>`: `refs/pr/1` is fine, `../x` is not. */
export function assertSafeRevision(revision: string, context: HubErrorContext = {}): void {
  if (!isSafeRepoPath(revision) || revision.length > 255) {
    throw new UnsafePathError({ ...context, value: revision, what: "revision" });
  }
}

/** `W/"abc"` → `abc`, as Python normalizes ETag headers. */
export function normalizeEtag(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  return value.replace(/^W\//, "").replace(/"/g, "").trim() || undefined;
}
