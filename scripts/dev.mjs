#!/usr/bin/env node
// The README's two commands (`npm start`, `npm test`) run this. On a machine with only Node 20 and
// npm it installs the pinned pnpm (into .tools/ unless the right one is on PATH), installs the
// workspace with onnxruntime-node's CUDA download switched off, builds, and then runs the target.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const pnpmVersion = pkg.packageManager.replace(/^pnpm@/, "").split("+")[0];
const target = process.argv[2] ?? "test";
const rest = process.argv.slice(3);

const env = {
  ...process.env,
  // onnxruntime-node's postinstall would fetch CUDA libraries from api.nuget.org (pnpm does not run
  // it anyway, see pnpm-workspace.yaml; this also covers npm and a user's `allowBuilds`).
  ONNXRUNTIME_NODE_INSTALL: process.env.ONNXRUNTIME_NODE_INSTALL ?? "skip",
  TURBO_TELEMETRY_DISABLED: "1",
  DO_NOT_TRACK: "1",
};

function say(message) {
  process.stderr.write(`\x1b[2m[hftool dev]\x1b[0m ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit", ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function must(command, args, what) {
  const status = run(command, args);
  if (status !== 0) {
    say(`${what} failed (exit ${status}).`);
    process.exit(status);
  }
}

function pnpmOnPath() {
  const result = spawnSync("pnpm", ["--version"], {
    env,
    encoding: "utf8",
    shell: process.platform === "win32",
  });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function ensurePnpm() {
  if (pnpmOnPath() === pnpmVersion) return;
  const toolDir = join(root, ".tools");
  const bin = join(toolDir, "node_modules", ".bin");
  const local = join(bin, process.platform === "win32" ? "pnpm.cmd" : "pnpm");
  if (
    !existsSync(local) ||
    spawnSync(local, ["--version"], { encoding: "utf8" }).stdout?.trim() !== pnpmVersion
  ) {
    say(`installing pnpm ${pnpmVersion} into .tools/ (the version packageManager pins)`);
    mkdirSync(toolDir, { recursive: true });
    writeFileSync(join(toolDir, "package.json"), '{ "private": true }\n');
    must(
      "npm",
      ["install", "--prefix", toolDir, "--no-audit", "--no-fund", "--loglevel=error", `pnpm@${pnpmVersion}`],
      "Installing pnpm",
    );
  }
  // turbo runs package scripts through `pnpm`, so it must be on PATH for every child process.
  env.PATH = `${bin}${delimiter}${env.PATH ?? ""}`;
}

function ensureInstalled() {
  const lock = join(root, "pnpm-lock.yaml");
  const stamp = join(root, "node_modules", ".hftool-installed");
  const fresh =
    existsSync(stamp) &&
    statSync(stamp).mtimeMs >= statSync(lock).mtimeMs &&
    readFileSync(stamp, "utf8") === readFileSync(lock, "utf8").length.toString();
  if (fresh) return;
  say("installing dependencies (pnpm install --frozen-lockfile)");
  must("pnpm", ["install", "--frozen-lockfile", "--reporter=append-only"], "pnpm install");
  writeFileSync(stamp, readFileSync(lock, "utf8").length.toString());
}

ensurePnpm();
ensureInstalled();

switch (target) {
  case "setup":
    must("pnpm", ["turbo", "run", "build", "--output-logs=errors-only"], "Build");
    say(
      "ready: run the CLI with `node apps/cli/dist/bin.js --help`, or link it with `pnpm --filter @hftool/cli link --global`.",
    );
    break;
  case "start":
    must("pnpm", ["turbo", "run", "build", "--output-logs=errors-only"], "Build");
    process.exit(
      // the demo's SRT goes to .hftool-dev/ (ignored by git), not the repository root
      run(process.execPath, [
        join(root, "apps/cli/dist/bin.js"),
        ...(rest.length ? rest : ["demo", "-o", ".hftool-dev/"]),
      ]),
    );
    break;
  case "test": {
    // Builds and static checks run in parallel; then the test suites run one package at a time,
    // since several of them spawn the CLI, real shells and local servers, and CI has two cores.
    const checks = run("pnpm", [
      "turbo",
      "run",
      "build",
      "lint",
      "typecheck",
      "--continue",
      "--output-logs=new-only",
    ]);
    const concurrency = process.env.HFTOOL_TEST_CONCURRENCY ?? "1";
    const tests = run("pnpm", [
      "turbo",
      "run",
      "test",
      "--continue",
      `--concurrency=${concurrency}`,
      "--output-logs=new-only",
      ...rest,
    ]);
    process.exit(checks || tests);
  }
  default:
    say(`unknown target '${target}': use setup, start or test`);
    process.exit(2);
}
