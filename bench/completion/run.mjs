#!/usr/bin/env node
// Tab-completion latency: `hftool __complete …` (what every Tab press runs) and `hftool --help`,
// side by side with a bare `node -e 0` measured in the same run, interleaved so that machine noise
// hits every command alike. Goal: __complete ≤ 1.5× node -e 0.
//
//   node bench/completion/run.mjs [--runs 30] [--json]
//
// Needs the built CLI (pnpm turbo run build).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "../lib/measure.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = join(root, "apps", "cli", "dist", "bin.js");
if (!existsSync(bin)) {
  console.error(`No build at ${bin}: run 'pnpm turbo run build' first.`);
  process.exit(1);
}
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1]) || 30;
const json = args.includes("--json");

// A user with a model cache and a history, so the completers do their real reading.
const home = mkdtempSync(join(tmpdir(), "hftool-bench-"));
const cache = join(home, ".cache", "huggingface", "hub");
for (let i = 0; i < 40; i++) mkdirSync(join(cache, `models--org--model-${i}`), { recursive: true });
mkdirSync(join(home, ".hftool"), { recursive: true });
writeFileSync(
  join(home, ".hftool", "history.jsonl"),
  Array.from({ length: 500 }, (_, id) =>
    JSON.stringify({ id, task: "automatic-speech-recognition", input: `clip-${id}.wav` }),
  ).join("\n"),
);
const env = { ...process.env, HOME: home, XDG_CACHE_HOME: join(home, ".cache"), NO_COLOR: "1" };
for (const key of Object.keys(env)) if (/^(HF_|HFTOOL_)/.test(key)) delete env[key];

const node = process.execPath;
const cases = [
  { name: "node -e 0 (reference)", argv: ["-e", "0"] },
  { name: "__complete '' (commands)", argv: [bin, "__complete", ""] },
  { name: "__complete -t a (tasks)", argv: [bin, "__complete", "-t", "a"] },
  { name: "__complete -t asr -m '' (models + cache)", argv: [bin, "__complete", "-t", "asr", "-m", ""] },
  { name: "__complete -i @./ (paths)", argv: [bin, "__complete", "-t", "asr", "-i", "@./"] },
  { name: "hftool --help", argv: [bin, "--help"] },
];

const times = cases.map(() => []);
for (let round = 0; round < runs + 2; round++) {
  cases.forEach((c, i) => {
    const start = process.hrtime.bigint();
    const r = spawnSync(node, c.argv, { env, cwd: home, stdio: ["ignore", "ignore", "pipe"] });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${c.name} exited ${r.status}: ${r.stderr}`);
    if (round >= 2) times[i].push(ms); // two warm-up rounds fill the OS file cache
  });
}
rmSync(home, { recursive: true, force: true });

const reference = median(times[0]);
const rows = cases.map((c, i) => ({
  name: c.name,
  medianMs: Math.round(median(times[i]) * 10) / 10,
  minMs: Math.round(Math.min(...times[i]) * 10) / 10,
  ratio: Math.round((median(times[i]) / reference) * 100) / 100,
}));
if (json) {
  console.log(JSON.stringify({ node: process.version, runs, rows }, null, 2));
} else {
  console.log(`Tab completion latency, ${runs} interleaved runs each, Node ${process.version}\n`);
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`${"command".padEnd(width)}  median ms   min ms   × node -e 0`);
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(width)}  ${String(r.medianMs).padStart(9)}  ${String(r.minMs).padStart(7)}   ${r.ratio.toFixed(2)}×`,
    );
  }
  const worst = Math.max(...rows.filter((r) => r.name.startsWith("__complete")).map((r) => r.ratio));
  console.log(`\n__complete: worst ${worst.toFixed(2)}× node -e 0 (goal ≤ 1.5×)`);
}
