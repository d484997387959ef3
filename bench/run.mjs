#!/usr/bin/env node
// `pnpm bench [NAME] [-- ARGS]`: runs bench/NAME/run.mjs, or every bench/*/run.mjs in turn.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const [name, ...rest] = process.argv.slice(2);
const suites = readdirSync(here, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(here, e.name, "run.mjs")))
  .map((e) => e.name);
const chosen = name && !name.startsWith("-") ? [name] : suites;
const args = name && !name.startsWith("-") ? rest : process.argv.slice(2);
let failed = 0;
for (const suite of chosen) {
  if (!suites.includes(suite)) {
    process.stderr.write(`No benchmark '${suite}'. Available: ${suites.join(", ")}\n`);
    process.exit(2);
  }
  process.stdout.write(`\n== bench/${suite} ==\n`);
  const result = spawnSync(process.execPath, [join(here, suite, "run.mjs"), ...args], { stdio: "inherit" });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
