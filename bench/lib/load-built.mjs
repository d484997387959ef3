// Loads what the inference benchmarks measure: the built @hftool/inference, the test suite's
// fixture builders (@hftool/test-utils) and the onnxruntime-node they share. Exits with what to
// run when a build is missing.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The repository's root folder. */
export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** `extra`: more built files the benchmark needs (relative to the root), checked the same way. */
export async function loadBuilt(extra = []) {
  const inferenceEntry = join(root, "packages", "inference", "dist", "index.js");
  const fixturesEntry = join(root, "internal", "test-utils", "dist", "index.js");
  for (const needed of [inferenceEntry, fixturesEntry, ...extra.map((path) => join(root, path))]) {
    if (!existsSync(needed)) {
      console.error(`No build at ${needed}: run 'pnpm turbo run build' first.`);
      process.exit(1);
    }
  }
  const ort = createRequire(join(root, "packages", "inference", "package.json"))("onnxruntime-node");
  ort.env.logLevel = "fatal";
  const inference = await import(pathToFileURL(inferenceEntry).href);
  const fixtures = await import(pathToFileURL(fixturesEntry).href);
  return { ort, inference, fixtures };
}
