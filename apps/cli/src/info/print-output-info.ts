import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import {
  formatDuration,
  HftoolError,
  InputError,
  isPng,
  metadataSidecarPath,
  quoteShellWord,
  readOutputMetadata,
  readPngText,
  resolveTask,
  type OutputMetadata,
} from "@hftool/core";
import type { CommandContext } from "../context.js";

/** Where an output's metadata was found. */
type MetadataSource = "png" | "sidecar";

/** Parameters named on the command line by the run options of the same name. */
const RUN_OPTIONS = new Set(["seed", "prompt", "strength"]);

/** Rows for the generation parameters, named as people read them, in this order. */
const GENERATION_ROWS: readonly [string, string][] = [
  ["prompt", "Prompt"],
  ["negative_prompt", "Negative prompt"],
  ["seed", "Seed"],
  ["steps", "Steps"],
  ["guidance_scale", "Guidance scale"],
  ["size", "Size"],
  ["strength", "Strength"],
  ["scheduler", "Scheduler"],
];

/**
 * The `hftool` command that makes this output again: task, model and revision, input, seed and
 * every parameter. For one image of several, it makes that image alone (its own seed, one image).
 */
function remakeCommand(metadata: OutputMetadata): string {
  const task = resolveTask(metadata.task);
  const params: Record<string, unknown> = { ...metadata.params };
  const generated = task.output === "image" && "steps" in params;
  if (generated) {
    delete params.num_images;
    delete params.steps_run;
  }
  if (task.input === "text") delete params.prompt;
  const words = ["hftool", "-t", task.aliases[0] ?? task.name, "-m", metadata.model];
  if (metadata.revision && metadata.revision !== "main") words.push("--revision", metadata.revision);
  words.push("-i", metadata.input ?? "INPUT");
  const seed = metadata.seed ?? params.seed;
  if (seed !== undefined) words.push("--seed", String(seed));
  for (const name of ["prompt", "strength"]) {
    if (params[name] !== undefined) words.push(`--${name}`, String(params[name]));
  }
  const rest = Object.entries(params).filter(([key, value]) => !RUN_OPTIONS.has(key) && value !== "");
  if (rest.length > 0) {
    words.push("--");
    for (const [key, value] of rest) {
      words.push(`--${key}`, typeof value === "string" ? value : JSON.stringify(value));
    }
  }
  return words.map(quoteShellWord).join(" ");
}

async function findMetadata(
  path: string,
): Promise<{ metadata?: OutputMetadata; source?: MetadataSource; otherText?: string[] }> {
  const head = await readFile(path);
  if (isPng(head)) {
    let text: Record<string, string> = {};
    try {
      text = readPngText(head);
    } catch {
      // a damaged PNG can still have a sidecar
    }
    if (text.hftool !== undefined) {
      const metadata = await readOutputMetadata(path);
      return metadata ? { metadata, source: "png" } : {};
    }
    const metadata = await readOutputMetadata(path);
    return metadata ? { metadata, source: "sidecar" } : { otherText: Object.keys(text) };
  }
  const metadata = await readOutputMetadata(path);
  return metadata ? { metadata, source: "sidecar" } : {};
}

/**
 * `hftool info FILE`: prints how an output was made, from its PNG text chunks or its
 * `.hftool.json` sidecar: task, model and revision, prompt and generation parameters, seed,
 * device, timings, and the command that makes it again.
 *
 * @throws {HftoolError} `METADATA_MISSING` for a file hftool did not make (or made with
 *   `--no-metadata`), saying which text chunks it has instead.
 */
export async function printOutputInfo(path: string, context: CommandContext): Promise<void> {
  const { out } = context;
  const { metadata, source, otherText } = await findMetadata(path);
  if (!metadata) {
    const name = basename(path);
    throw new HftoolError(
      "METADATA_MISSING",
      `${name} has no hftool metadata${otherText && otherText.length > 0 ? ` (its PNG text chunks: ${otherText.join(", ")})` : ""}: it was not made by hftool, or was written with --no-metadata.`,
      {
        hint: `hftool writes metadata into the PNGs it makes, and into a ${basename(metadataSidecarPath(name))} file beside other outputs; an image editor that re-saves a PNG may drop it.`,
        details: { file: path },
      },
    );
  }
  if (typeof metadata.task !== "string" || typeof metadata.model !== "string") {
    throw new InputError(`The hftool metadata of ${basename(path)} lacks its task or model.`, {
      code: "METADATA_INVALID",
      details: { file: path },
    });
  }
  const remake = remakeCommand(metadata);
  if (out.json) {
    out.writeJson({
      file: path,
      source: source === "png" ? "png-text" : metadataSidecarPath(path),
      metadata,
      remake,
    });
    return;
  }

  const { c } = out;
  const params: Record<string, unknown> = { ...metadata.params };
  if (metadata.seed !== undefined) params.seed = metadata.seed;
  const task = resolveTask(metadata.task);
  if (task.input === "text" && params.prompt === undefined && task.output === "image")
    params.prompt = metadata.input;
  if (params.width !== undefined && params.height !== undefined)
    params.size = `${params.width}×${params.height}`;
  const shown = new Set(["size", "width", "height", "num_images", "steps_run"]);
  const rows: string[][] = [["Task", metadata.task]];
  rows.push([
    "Model",
    `${metadata.model}${metadata.revision ? c.dim(` @ ${metadata.revision}${metadata.commit ? ` (${metadata.commit.slice(0, 10)})` : ""}`) : ""}`,
  ]);
  if (metadata.input !== undefined && !(task.input === "text" && task.output === "image")) {
    rows.push(["Input", metadata.input]);
  }
  for (const [key, label] of GENERATION_ROWS) {
    shown.add(key);
    const value = params[key];
    if (value === undefined || value === "") continue;
    rows.push([
      label,
      key === "steps" && params.steps_run !== undefined
        ? `${String(value)} (${String(params.steps_run)} run)`
        : String(value),
    ]);
  }
  for (const [key, value] of Object.entries(params)) {
    if (!shown.has(key)) rows.push([key, typeof value === "string" ? value : JSON.stringify(value)]);
  }
  if (metadata.device)
    rows.push(["Device", `${metadata.device}${metadata.dtype ? ` (${metadata.dtype})` : ""}`]);
  if (metadata.timings_ms) {
    const timings = Object.entries(metadata.timings_ms)
      .filter(([key]) => ["load", "run", "text_encoding", "denoising", "vae_decoding", "total"].includes(key))
      .map(([key, ms]) => `${key.replace(/_/g, " ")} ${formatDuration(ms / 1000)}`);
    if (timings.length > 0) rows.push(["Timings", timings.join(", ")]);
  }
  rows.push([
    "Made",
    `${metadata.created_at.replace("T", " ").replace(/\.\d+Z$/, " UTC")} by hftool ${metadata.hftool_version}`,
  ]);
  rows.push(["Stored in", source === "png" ? "the PNG's text chunks" : metadataSidecarPath(path)]);
  out.print(c.bold(basename(path)));
  out.print(out.table(rows, { indent: 2 }));
  out.print();
  out.print(c.bold("Make it again"));
  out.print(`  ${remake}`);
}
