import { formatBytes, formatDuration } from "@hftool/core";
import { statfs } from "node:fs/promises";
import { hubSettings } from "../hub/hub-settings.js";
import { missingFiles, registryEntriesOf } from "../hub/describe-cache.js";
import type { CommandHandler } from "../spec/types.js";

async function disk(dir: string): Promise<{ free: number; total: number } | undefined> {
  // The cache folder may not exist yet: ask about the nearest existing parent.
  for (let path = dir; ;) {
    try {
      const fs = await statfs(path);
      return { free: Number(fs.bavail) * Number(fs.bsize), total: Number(fs.blocks) * Number(fs.bsize) };
    } catch {
      const parent = path.replace(/[\\/][^\\/]*$/, "");
      if (!parent || parent === path) return undefined;
      path = parent;
    }
  }
}

/** `hftool status`: where the cache is, room left, what is downloaded, what is half-done and how to finish it. */
const status: CommandHandler = async (_args, context) => {
  const { out } = context;
  const config = context.config();
  const settings = hubSettings(context);
  const { scanCache, resolveHubToken } = await import("@hftool/download");
  const scan = await scanCache({ cacheDir: settings.cacheDir, env: context.env });
  const space = await disk(settings.cacheDir);
  const token = resolveHubToken({ env: context.env });
  const source = config.sourceOf("paths.models_dir");
  const repos = scan.repos.map((repo) => ({
    repo: repo.repo,
    models: registryEntriesOf(repo.repo).map((m) => m.name),
    sizeOnDisk: repo.sizeOnDisk,
    refs: repo.refs,
    revisions: repo.revisions.length,
    missingFiles: missingFiles(repo),
    lastModified: repo.lastModified?.toISOString(),
    path: repo.folder,
  }));
  const partials = scan.partials.map((p) => ({
    repo: p.repo,
    files: p.files,
    bytesDone: p.bytesDone,
    totalBytes: p.totalBytes,
    percent: p.percent,
    tool: p.tool,
    activeHolder: p.activeHolder,
    lastModified: p.lastModified.toISOString(),
    resumeCommand: p.resumeCommand,
    path: p.path,
  }));
  if (out.json) {
    out.writeJson({
      cacheDir: settings.cacheDir,
      cacheDirSource: source ?? { kind: "default" },
      exists: scan.exists,
      diskFreeBytes: space?.free,
      diskTotalBytes: space?.total,
      endpoint: settings.endpoint,
      offline: settings.offline,
      tokenSource: token.source,
      sizeOnDisk: scan.sizeOnDisk,
      repos,
      partials,
      warnings: scan.warnings,
    });
    return;
  }
  const { c } = out;
  const from =
    source && source.kind !== "default"
      ? c.dim(
          `  (${source.kind === "env" ? source.variable : source.kind === "flag" ? "flag" : source.file})`,
        )
      : "";
  out.print(
    out.table([
      [
        "Cache",
        `${settings.cacheDir}${from}${scan.exists ? "" : c.dim("  (empty: nothing downloaded yet)")}`,
      ],
      ["Disk", space ? `${formatBytes(space.free)} free of ${formatBytes(space.total)}` : c.dim("unknown")],
      ["Hub", `${settings.endpoint}${settings.offline ? c.yellow("  offline (HF_HUB_OFFLINE)") : ""}`],
      ["Token", token.source === "none" ? c.dim("none (public models only)") : `from ${token.source}`],
    ]),
  );
  out.print();
  if (repos.length === 0) {
    out.print(c.dim("No models downloaded yet. Try: hftool download -t asr"));
  } else {
    out.print(c.bold(`Downloaded (${repos.length}, ${formatBytes(scan.sizeOnDisk)})`));
    out.print(
      out.table(
        repos.map((r) => [
          r.models.length > 0 ? c.cyan(r.models[0]!) : r.repo,
          r.models.length > 0 ? c.dim(r.repo) : "",
          formatBytes(r.sizeOnDisk),
          Object.keys(r.refs).join(", ") || c.dim("(by commit)"),
          r.missingFiles
            ? c.yellow(`${r.missingFiles} file${r.missingFiles === 1 ? "" : "s"} not downloaded`)
            : "",
        ]),
        { indent: 2 },
      ),
    );
  }
  if (partials.length > 0) {
    out.print();
    out.print(c.bold(`Partial downloads (${partials.length}, ${formatBytes(scan.partialBytes)})`));
    for (const p of partials) {
      const what = p.files[0] ?? p.path;
      const amount =
        p.totalBytes !== undefined
          ? `${Math.floor(p.percent ?? 0)}% (${formatBytes(p.bytesDone)} of ${formatBytes(p.totalBytes)})`
          : `${formatBytes(p.bytesDone)} so far`;
      const age = formatDuration((Date.now() - Date.parse(p.lastModified)) / 1000);
      out.print(
        `  ${p.repo}  ${what}  ${c.yellow(amount)}${p.activeHolder ? c.cyan(`  downloading now (${p.activeHolder})`) : c.dim(`  last written ${age} ago`)}`,
      );
      out.print(`    ${c.dim("resume:")} ${p.resumeCommand}`);
    }
  }
  for (const warning of scan.warnings) out.debug(warning);
};

export default status;
