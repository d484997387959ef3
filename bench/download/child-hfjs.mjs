// @huggingface/hub's downloadFileToCacheDir in its own process, timed the same way.
import { createRequire } from "node:module";

const require = createRequire(new URL("../../packages/download/package.json", import.meta.url));
const hub = await import(require.resolve("@huggingface/hub"));
const [endpoint, cacheDir, repo, path] = process.argv.slice(2);
console.debug = () => {};
const started = performance.now();
await hub.downloadFileToCacheDir({ repo, path, hubUrl: endpoint, cacheDir });
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ seconds, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
