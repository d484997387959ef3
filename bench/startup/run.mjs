// `hftool --help` and everyday commands against a bare `node -e 0`, measured in the same run.
// Goal (issue 3): `hftool --help` at most 2.0× a bare node start.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compareCommands, printRatios } from "../lib/measure.mjs";

const bin = fileURLToPath(new URL("../../apps/cli/dist/bin.js", import.meta.url));
if (!existsSync(bin)) {
  console.error("Build first: pnpm build (apps/cli/dist/bin.js is missing)");
  process.exit(1);
}
const runs = Number(process.env.BENCH_RUNS ?? 21);
const node = process.execPath;
const rows = compareCommands(
  [
    { label: "node -e 0 (reference)", command: node, args: ["-e", "0"] },
    { label: "hftool --help", command: node, args: [bin, "--help"] },
    { label: "hftool --version", command: node, args: [bin, "--version"] },
    { label: "hftool tasks", command: node, args: [bin, "tasks"] },
    { label: "hftool config path", command: node, args: [bin, "config", "path"] },
  ],
  { runs },
);
printRatios(`Startup (${runs} interleaved runs each, medians)`, rows, "node -e 0 (reference)", {
  "hftool --help": 2.0,
});
