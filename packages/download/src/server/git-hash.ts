import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/** Git's blob id of some bytes: sha1 of `blob <size>\0` + content (what the Hub calls a file's oid). */
export function gitBlobSha1(content: string | Uint8Array): string {
  const bytes = typeof content === "string" ? Buffer.from(content) : content;
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** The Git LFS pointer text the Hub keeps in git for an LFS file. */
export function lfsPointer(sha256: string, size: number): string {
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`;
}

/** sha256 and git sha1 of a file, in one pass. */
export async function hashFile(path: string, size: number): Promise<{ sha256: string; gitSha1: string }> {
  const sha256 = createHash("sha256");
  const sha1 = createHash("sha1").update(`blob ${size}\0`);
  for await (const chunk of createReadStream(path, {
    highWaterMark: 4 * 1024 * 1024,
  }) as AsyncIterable<Buffer>) {
    sha256.update(chunk);
    sha1.update(chunk);
  }
  return { sha256: sha256.digest("hex"), gitSha1: sha1.digest("hex") };
}
