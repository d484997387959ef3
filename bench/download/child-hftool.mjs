// One hftool download in its own process (the server lives in the parent). Prints a JSON line:
// elapsed time of downloadSnapshot, bytes, and this process's peak RSS.
import { downloadSnapshot } from "../../packages/download/dist/index.js";

const [endpoint, cacheDir, repo, maxWorkers] = process.argv.slice(2);
const started = performance.now();
const result = await downloadSnapshot({
  repo,
  endpoint,
  cacheDir,
  token: false,
  maxWorkers: Number(maxWorkers ?? 8),
});
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({ seconds, bytes: result.bytesDownloaded, resumedBytes: result.resumedBytes, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`,
);
