import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import {
  describeProviders,
  expandTilde,
  findModel,
  InputError,
  formatBytes,
  ModelNotFoundError,
  resolveTask,
  suggestClosest,
  MODELS,
  type ModelEntry,
} from "@hftool/core";
import type { CommandContext } from "../context.js";
import { hubSettings } from "../hub/hub-settings.js";
import type { CommandHandler } from "../spec/types.js";

function describeEntry(entry: ModelEntry) {
  const task = resolveTask(entry.task);
  return {
    name: entry.name,
    repo: entry.repo,
    task: entry.task,
    description: entry.description,
    sizeBytes: Math.round(entry.sizeBytes),
    default: entry.default === true,
    license: entry.license,
    nonCommercial: entry.nonCommercial === true,
    gated: entry.gated === true,
    dtypes: entry.dtypes,
    defaultDtype: entry.defaultDtype ?? "fp32",
    revision: entry.revision ?? "main",
    providers: entry.providers ?? null,
    recommendedParams: entry.params ?? {},
    params: task.params,
    url: `https://huggingface.co/${entry.repo}`,
  };
}

/** A file given to `hftool info` (an output to describe), or undefined for a model name. */
function outputFile(name: string, cwd: string): string | undefined {
  const path = resolve(cwd, expandTilde(name));
  if (existsSync(path) && statSync(path).isFile()) return path;
  if (/\.(png|jpe?g|webp|wav|mp3|flac|ogg|srt|vtt|txt|json|md)$/i.test(name) && !findModel({ name }).length) {
    throw new InputError(`File not found: ${name}.`, {
      code: "INPUT_NOT_FOUND",
      hint: "hftool info takes a model name, or an output file (a PNG made by hftool, or a file with a .hftool.json sidecar).",
      details: { path },
    });
  }
  return undefined;
}

const info: CommandHandler = async (args, context) => {
  const { out } = context;
  const name = String(args.model);
  const file = outputFile(name, context.cwd);
  if (file) {
    const { printOutputInfo } = await import("../info/print-output-info.js");
    return printOutputInfo(file, context);
  }
  const task = typeof args.task === "string" ? resolveTask(args.task).name : undefined;
  const matches = findModel({ name, ...(task ? { task } : {}) });
  const entry = task ? matches.find((m) => m.task === task) : matches[0];
  if (!entry) {
    const candidates = MODELS.flatMap((m) => [m.name, m.repo]);
    const near = suggestClosest({ input: name, candidates });
    throw new ModelNotFoundError(
      name,
      task && matches.length > 0
        ? `'${name}' is not a ${task} model in hftool's registry.`
        : `'${name}' is not in hftool's registry.${near.length ? ` Did you mean '${near[0]}'?` : ""}`,
      near,
      { hint: "Run 'hftool models' to see registry models. Any Hub repo id still works with -m." },
    );
  }
  const data = describeEntry(entry);
  const others = matches.filter((m) => m !== entry);
  const cache = await cacheStatus(entry, context);
  if (out.json) {
    out.writeJson({ ...data, alsoListedFor: others.map((m) => m.task), cache });
    return;
  }
  const { c } = out;
  const t = resolveTask(entry.task);
  out.print(`${c.bold(entry.name)}${entry.default ? c.green(`  (default for ${entry.task})`) : ""}`);
  out.print(
    out.table(
      [
        ["Repository", entry.repo],
        ["Task", `${t.name} ${c.dim(`(${t.aliases.join(", ")})`)}`],
        ["Description", entry.description],
        ["Size", `~${formatBytes(entry.sizeBytes)} (${data.defaultDtype})`],
        [
          "License",
          `${entry.nonCommercial ? c.yellow(`${entry.license} — non-commercial use only`) : entry.license}${entry.licenseName ? c.dim(` (${entry.licenseName})`) : ""}`,
        ],
        ...(entry.gated
          ? [["Access", c.yellow("gated: accept the license on the Hub and set HF_TOKEN")]]
          : []),
        ["Variants", entry.dtypes.map((d) => (d === data.defaultDtype ? `${d} (default)` : d)).join(", ")],
        [
          "Runs on",
          entry.providers?.length
            ? c.yellow(`${describeProviders(entry.providers)} only (--device ${entry.providers[0]})`)
            : "any device (CPU, CUDA, DirectML, Core ML, …)",
        ],
        ["Revision", data.revision],
        ["Hub page", data.url],
        [
          "Downloaded",
          cache.downloaded
            ? `${c.green("yes")}, ${formatBytes(cache.sizeOnDisk)} ${c.dim(cache.snapshotPath ?? "")}`
            : c.dim(`no  (hftool download -m ${entry.name})`),
        ],
        ...cache.partials.map((p) => [
          "Partial",
          `${c.yellow(`${p.file}: ${p.percent === undefined ? formatBytes(p.bytesDone) : `${Math.floor(p.percent)}%`}`)}  ${c.dim(`resume: ${p.resumeCommand}`)}`,
        ]),
      ],
      { indent: 2 },
    ),
  );
  if (Object.keys(data.recommendedParams).length > 0) {
    out.print();
    out.print(c.bold("Recommended parameters"));
    out.print(
      out.table(
        Object.entries(data.recommendedParams).map(([k, v]) => [k, JSON.stringify(v)]),
        { indent: 2 },
      ),
    );
  }
  if (t.params.length > 0) {
    out.print();
    out.print(c.bold("Parameters") + c.dim("  (after --, e.g. -- --" + t.params[0]!.name + " VALUE)"));
    out.print(
      out.table(
        t.params.map((p) => [
          `--${p.name}`,
          c.dim(p.choices ? p.choices.join("|") : p.type),
          p.description + (p.default !== undefined ? c.dim(` (default ${JSON.stringify(p.default)})`) : ""),
        ]),
        { indent: 2 },
      ),
    );
  }
  out.print();
  out.print(c.bold("Run it"));
  out.print(
    `  hftool -t ${t.aliases[0] ?? t.name} -m ${entry.name} -i ${t.input === "text" ? '"…"' : `FILE`}`,
  );
  if (others.length > 0) {
    out.print();
    out.print(
      c.dim(
        `Also listed for: ${others.map((m) => `${m.task} (hftool info ${m.name} -t ${m.task})`).join(", ")}`,
      ),
    );
  }
};

/** Whether the model is in the cache, its size there, and any partial download. */
async function cacheStatus(entry: ModelEntry, context: CommandContext) {
  const { scanCache, findCachedSnapshot } = await import("@hftool/download");
  const settings = hubSettings(context);
  const scan = await scanCache({ cacheDir: settings.cacheDir, repo: entry.repo, env: context.env });
  const repo = scan.repos[0];
  const snapshotPath = await findCachedSnapshot({
    repo: entry.repo,
    revision: entry.revision ?? "main",
    cacheDir: settings.cacheDir,
  });
  return {
    downloaded: Boolean(snapshotPath && repo && repo.revisions.some((r) => r.files.some((f) => f.present))),
    snapshotPath,
    sizeOnDisk: repo?.sizeOnDisk ?? 0,
    partials: scan.partials.map((p) => ({
      file: p.files[0] ?? p.etag,
      bytesDone: p.bytesDone,
      totalBytes: p.totalBytes,
      percent: p.percent,
      resumeCommand: p.resumeCommand,
    })),
  };
}

export default info;
