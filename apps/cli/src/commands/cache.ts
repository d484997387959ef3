import { formatBytes, formatDuration, UsageError } from "@hftool/core";
import type { CommandContext } from "../context.js";
import { describeRefs, missingFiles, registryEntriesOf } from "../hub/describe-cache.js";
import { hubSettings } from "../hub/hub-settings.js";
import { resolveModelName } from "../hub/resolve-targets.js";
import type { CommandArgs, CommandHandler } from "../spec/types.js";

async function ls(args: CommandArgs, context: CommandContext): Promise<void> {
  const { out } = context;
  const settings = hubSettings(context);
  const { scanCache } = await import("@hftool/download");
  const scan = await scanCache({ cacheDir: settings.cacheDir, env: context.env });
  if (out.json) {
    out.writeJson({
      cacheDir: scan.cacheDir,
      sizeOnDisk: scan.sizeOnDisk,
      repos: scan.repos.map((r) => ({
        repo: r.repo,
        type: r.type,
        models: registryEntriesOf(r.repo).map((m) => m.name),
        sizeOnDisk: r.sizeOnDisk,
        blobs: r.blobCount,
        refs: r.refs,
        lastModified: r.lastModified?.toISOString(),
        lastAccessed: r.lastAccessed?.toISOString(),
        path: r.folder,
        revisions: r.revisions.map((v) => ({
          commit: v.commit,
          refs: v.refs,
          files: v.files.length,
          size: v.size,
          missing: v.missing,
          path: v.path,
        })),
        partials: r.partials.map((p) => ({
          files: p.files,
          bytesDone: p.bytesDone,
          totalBytes: p.totalBytes,
          resumeCommand: p.resumeCommand,
        })),
      })),
      warnings: scan.warnings,
    });
    return;
  }
  if (out.quiet) {
    for (const r of scan.repos) out.result(r.repo);
    return;
  }
  const { c } = out;
  if (scan.repos.length === 0) {
    out.print(c.dim(`The cache at ${scan.cacheDir} is empty.`));
    return;
  }
  const now = Date.now();
  const rows = [[c.dim("REPO"), c.dim("SIZE"), c.dim("FILES"), c.dim("REFS"), c.dim("MODIFIED"), ""]];
  for (const r of scan.repos) {
    const missing = missingFiles(r);
    rows.push([
      r.repo,
      formatBytes(r.sizeOnDisk),
      String(
        r.revisions.find((v) => v.refs.includes("main"))?.files.length ?? r.revisions[0]?.files.length ?? 0,
      ),
      describeRefs(r),
      r.lastModified ? `${formatDuration((now - r.lastModified.getTime()) / 1000)} ago` : "",
      [
        ...(missing ? [c.yellow(`${missing} not downloaded`)] : []),
        ...(r.partials.length ? [c.yellow(`${r.partials.length} partial`)] : []),
      ].join(" "),
    ]);
    if (args.revisions === true) {
      for (const v of r.revisions) {
        rows.push([
          c.dim(`  ${v.commit.slice(0, 12)}`),
          c.dim(formatBytes(v.size)),
          c.dim(String(v.files.length)),
          c.dim(v.refs.join(", ") || "(detached)"),
          "",
          "",
        ]);
      }
    }
  }
  out.print(out.table(rows));
  out.print(
    c.dim(
      `${scan.repos.length} repos, ${formatBytes(scan.sizeOnDisk)} in ${scan.cacheDir}${scan.partials.length ? `; ${scan.partials.length} partial downloads (${formatBytes(scan.partialBytes)}): see hftool status` : ""}`,
    ),
  );
}

async function prune(args: CommandArgs, context: CommandContext): Promise<number | void> {
  const { out } = context;
  const settings = hubSettings(context);
  const { pruneCache } = await import("@hftool/download");
  const plan = await pruneCache({ cacheDir: settings.cacheDir, env: context.env, dryRun: true });
  const describe = (kind: string) => plan.removed.filter((e) => e.kind === kind);
  if (plan.removed.length === 0) {
    if (out.json) out.writeJson({ removed: [], freedBytes: 0, dryRun: args["dry-run"] === true });
    else out.success("Nothing to prune.");
    return;
  }
  if (!out.json) {
    for (const [kind, label] of [
      ["partial", "partial downloads"],
      ["revision", "old revisions no ref points at"],
      ["blob", "files only those revisions used"],
      ["lock", "stale locks"],
    ] as const) {
      const entries = describe(kind);
      if (entries.length > 0)
        out.info(`  ${entries.length} ${label} (${formatBytes(entries.reduce((n, e) => n + e.bytes, 0))})`);
    }
  }
  if (args["dry-run"] === true) {
    if (out.json) out.writeJson(plan);
    else out.info(`Would free ${formatBytes(plan.freedBytes)}.`);
    return;
  }
  if (!(await context.confirm(`Prune ${formatBytes(plan.freedBytes)} from the cache?`))) return 1;
  const done = await pruneCache({ cacheDir: settings.cacheDir, env: context.env });
  if (out.json) out.writeJson(done);
  else out.success(`Pruned ${done.removed.length} entries, freed ${formatBytes(done.freedBytes)}.`);
}

async function verify(args: CommandArgs, context: CommandContext): Promise<number | void> {
  const { out } = context;
  const settings = hubSettings(context);
  const config = context.config();
  const { verifyCache } = await import("@hftool/download");
  const names = (Array.isArray(args.models) ? args.models : args.models ? [args.models] : []).map(String);
  const repos = names.map((n) => resolveModelName(n, config.aliases).repo);
  const spinner =
    out.json || out.quiet || !out.stderr.isTTY
      ? undefined
      : (await import("ora")).default({ stream: out.stderr, text: "Verifying…" }).start();
  let result;
  try {
    result = await verifyCache({
      cacheDir: settings.cacheDir,
      endpoint: settings.endpoint,
      offline: settings.offline,
      env: context.env,
      repair: args.repair === true,
      signal: context.signal,
      ...(repos.length ? { repos } : {}),
      onProgress: (e) => {
        if (!spinner) return;
        spinner.text =
          e.type === "check"
            ? `Verifying ${e.repo}: ${e.path} (${e.index + 1}/${e.count}, ${formatBytes(e.size)})`
            : `Repairing ${e.repo}: downloading ${e.paths.length} file(s)`;
      },
    });
  } finally {
    spinner?.stop();
  }
  if (out.json) {
    out.writeJson(result);
    return result.ok ? 0 : 1;
  }
  const { c } = out;
  for (const issue of result.issues) {
    const mark = issue.repaired ? c.green("repaired") : c.red(issue.kind);
    out.print(`${mark}  ${issue.repo}  ${issue.message}`);
  }
  const summary = `Checked ${result.checkedFiles} files (${formatBytes(result.checkedBytes)})${result.uncheckable ? `, ${result.uncheckable} without a checksum to compare` : ""}.`;
  if (result.issues.length === 0) {
    out.success(`${summary} Everything matches its checksum.`);
    return 0;
  }
  if (result.ok) {
    out.success(`${summary} ${result.issues.length} problem(s) repaired.`);
    return 0;
  }
  out.warn(`${summary} ${result.issues.filter((i) => !i.repaired).length} problem(s).`);
  out.info(
    args.repair === true
      ? "Offline: the bad files were removed; download them again when online."
      : "Fix them with: hftool cache verify --repair",
  );
  return 1;
}

/** `hftool cache ls|prune|verify` (`cache rm` is `hftool rm`). */
const cache: CommandHandler = async (args, context) => {
  const sub = String(args._[1] ?? "");
  switch (sub) {
    case "ls":
    case "list":
      return ls(args, context);
    case "prune":
      return prune(args, context);
    case "verify":
      return verify(args, context);
    default:
      throw new UsageError(`Unknown cache subcommand '${sub}'.`, { hint: "Run 'hftool cache --help'." });
  }
};

export default cache;
