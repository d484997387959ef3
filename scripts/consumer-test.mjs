#!/usr/bin/env node
// Consumer test (run by .ci/run after the tests): pack every published package with pnpm (which
// rewrites workspace:^ into real ranges), install the tarballs into a scratch project outside the
// workspace with plain npm, and use them the way downstream users do: `import` and `require` each
// library, type-check a TypeScript consumer, and run the packed CLI.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const packages = [
  ...readdirSync(join(root, "packages")).map((d) => join(root, "packages", d)),
  join(root, "apps", "cli"),
].filter((dir) => !JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).private);

const scratch = mkdtempSync(join(tmpdir(), "hftool-consumer-"));
const tarballs = join(scratch, "tarballs");
const project = join(scratch, "project");
mkdirSync(tarballs);
mkdirSync(project);
const env = {
  ...process.env,
  ONNXRUNTIME_NODE_INSTALL: "skip",
  npm_config_audit: "false",
  npm_config_fund: "false",
};
const step = (message) => process.stderr.write(`[consumer-test] ${message}\n`);
let failed = false;
const check = (ok, message) => {
  process.stderr.write(`  ${ok ? "ok  " : "FAIL"} ${message}\n`);
  if (!ok) failed = true;
};

try {
  step(`packing ${packages.length} packages`);
  for (const dir of packages) {
    execFileSync("pnpm", ["pack", "--pack-destination", tarballs], {
      cwd: dir,
      env,
      stdio: ["ignore", "ignore", "inherit"],
    });
  }
  const files = readdirSync(tarballs).map((f) => join(tarballs, f));
  for (const file of files) {
    const manifest = execFileSync("tar", ["-xOzf", file, "package/package.json"], { encoding: "utf8" });
    check(!manifest.includes("workspace:"), `${file.split("/").pop()} has no workspace: ranges`);
  }

  step("installing the tarballs with npm into a scratch project");
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "consumer", private: true, version: "1.0.0" }, null, 2),
  );
  execFileSync("npm", ["install", "--no-package-lock", "--loglevel=error", ...files], {
    cwd: project,
    env,
    stdio: "inherit",
  });

  const libraries = packages
    .map((dir) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")))
    .filter((pkg) => !pkg.bin);

  step("importing from ESM and requiring from CommonJS");
  writeFileSync(
    join(project, "esm.mjs"),
    `import { resolveTask, loadConfig, listModels } from "@hftool/core";\n` +
      libraries.map((p, i) => `import * as lib${i} from "${p.name}";\n`).join("") +
      `if (resolveTask("asr").name !== "automatic-speech-recognition") throw new Error("resolveTask");\n` +
      `if (typeof loadConfig().paths.modelsDir !== "string") throw new Error("loadConfig");\n` +
      `if (listModels({ task: "vad" }).length < 1) throw new Error("listModels");\n` +
      libraries
        .map(
          (p, i) => `if (Object.keys(lib${i}).length === 0) throw new Error("${p.name} exports nothing");\n`,
        )
        .join("") +
      `console.log("esm ok");\n`,
  );
  writeFileSync(
    join(project, "cjs.cjs"),
    `const { resolveTask, parseExtraArgs } = require("@hftool/core");\n` +
      libraries
        .map((p) => `if (Object.keys(require("${p.name}")).length === 0) throw new Error("${p.name}");\n`)
        .join("") +
      `if (resolveTask("t2i").name !== "text-to-image") throw new Error("resolveTask");\n` +
      `if (parseExtraArgs(["--steps", "1"]).steps !== 1) throw new Error("parseExtraArgs");\n` +
      `console.log("cjs ok");\n`,
  );
  const esm = spawnSync(process.execPath, ["esm.mjs"], { cwd: project, encoding: "utf8" });
  check(
    esm.status === 0 && esm.stdout.includes("esm ok"),
    `ESM import of ${libraries.map((p) => p.name).join(", ")} ${esm.stderr}`,
  );
  const cjs = spawnSync(process.execPath, ["cjs.cjs"], { cwd: project, encoding: "utf8" });
  check(cjs.status === 0 && cjs.stdout.includes("cjs ok"), `CommonJS require ${cjs.stderr}`);

  step("type-checking a TypeScript consumer (moduleResolution node16)");
  writeFileSync(
    join(project, "consumer.mts"),
    `import { resolveModel, type HftoolConfig, type TaskDefinition } from "@hftool/core";\n` +
      `const task: TaskDefinition = (await import("@hftool/core")).resolveTask("tts");\n` +
      `const model = resolveModel({ task: task.name });\n` +
      `export const repo: string = model.kind === "local" ? model.path : model.repo;\n` +
      `export type C = HftoolConfig["paths"];\n`,
  );
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  const types = spawnSync(
    process.execPath,
    [
      tsc,
      "--noEmit",
      "--strict",
      "--module",
      "node16",
      "--moduleResolution",
      "node16",
      "--target",
      "es2022",
      "--skipLibCheck",
      "false",
      "--types",
      "node",
      "--typeRoots",
      join(root, "node_modules", "@types"),
      "consumer.mts",
    ],
    { cwd: project, encoding: "utf8" },
  );
  check(types.status === 0, `TypeScript consumer compiles ${types.stdout}${types.stderr}`);

  step("running the packed CLI");
  const cliPkg = JSON.parse(readFileSync(join(root, "apps", "cli", "package.json"), "utf8"));
  const bin = join(project, "node_modules", ".bin", "hftool");
  const version = spawnSync(bin, ["--version"], { cwd: project, encoding: "utf8" });
  check(
    version.status === 0 && version.stdout.trim() === cliPkg.version,
    `hftool --version prints ${cliPkg.version} (${version.stdout.trim()}${version.stderr})`,
  );
  const tasks = spawnSync(bin, ["tasks", "--json"], {
    cwd: project,
    encoding: "utf8",
    env: { ...process.env, HOME: project },
  });
  check(tasks.status === 0 && JSON.parse(tasks.stdout).length > 10, `hftool tasks --json ${tasks.stderr}`);
} catch (error) {
  check(false, String(error?.stack ?? error));
} finally {
  if (!failed) rmSync(scratch, { recursive: true, force: true });
  else process.stderr.write(`[consumer-test] left ${scratch} for inspection\n`);
}
process.exit(failed ? 1 : 0);
