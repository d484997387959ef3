// Shared by the end-to-end tests that fetch models from the loopback Hub-protocol server of
// @hftool/download through HF_ENDPOINT, exactly as users fetch from the Hub.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { createHubServer } from "@hftool/download";

/** Wraps a test body that starts its own Hub server(s) with the given factory. */
export const withHub =
  (body: (create: typeof createHubServer) => Promise<void>): (() => Promise<void>) =>
  () =>
    body(createHubServer);

/** The files of a repo's (only) snapshot in a Hugging Face cache, sorted, `/`-separated. */
export function listSnapshotFiles(cache: string, repo: string): string[] {
  const snapshots = join(cache, `models--${repo.replace("/", "--")}`, "snapshots");
  const [commit] = readdirSync(snapshots);
  const files: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else files.push(`${prefix}${entry.name}`);
    }
  };
  walk(join(snapshots, commit!), "");
  return files.sort();
}
