import { describeProviders, formatBytes, listModels, listTasks, MODELS, resolveTask } from "@hftool/core";
import type { CommandContext } from "../context.js";
import { hubSettings } from "../hub/hub-settings.js";
import type { CommandHandler } from "../spec/types.js";

const models: CommandHandler = async (args, context) => {
  const { out } = context;
  const task = typeof args.task === "string" ? resolveTask(args.task) : undefined;
  if (args.downloaded === true) return downloaded(task?.name, context);
  const entries = listModels(task ? { task: task.name } : {});
  if (out.json) {
    out.writeJson(
      entries.map((m) => ({
        name: m.name,
        repo: m.repo,
        task: m.task,
        description: m.description,
        sizeBytes: Math.round(m.sizeBytes),
        default: m.default === true,
        license: m.license,
        nonCommercial: m.nonCommercial === true,
        gated: m.gated === true,
        dtypes: m.dtypes,
        defaultDtype: m.defaultDtype ?? "fp32",
        providers: m.providers ?? null,
      })),
    );
    return;
  }
  if (out.quiet) {
    for (const m of entries) out.result(m.name);
    return;
  }
  const { c } = out;
  const tasks = task ? [task] : listTasks().filter((t) => entries.some((m) => m.task === t.name));
  for (const t of tasks) {
    const group = entries.filter((m) => m.task === t.name);
    out.print(`${c.bold(t.name)} ${c.dim(`(${t.aliases.slice(0, 3).join(", ")})`)}`);
    const rows = group.map((m) => [
      m.default ? c.green("*") : " ",
      c.cyan(m.name),
      formatBytes(m.sizeBytes),
      m.nonCommercial ? c.yellow(m.license) : m.license,
      m.repo,
      m.providers?.length ? c.yellow(`${describeProviders(m.providers)} only`) : "",
    ]);
    out.print(out.table(rows, { indent: 2 }));
    out.print();
  }
  out.print(
    c.dim(`* default.  Any Hub repo id with ONNX weights works too:  hftool -t TASK -m org/name -i INPUT`),
  );
};

/** `models -d`: registry models in the cache with their size on disk, then any other cached repo. */
async function downloaded(task: string | undefined, context: CommandContext): Promise<void> {
  const { out } = context;
  const { scanCache } = await import("@hftool/download");
  const scan = await scanCache({ cacheDir: hubSettings(context).cacheDir, env: context.env });
  const cached = new Map(
    scan.repos
      .filter((r) => r.revisions.some((v) => v.files.some((f) => f.present)))
      .map((r) => [r.repo.toLowerCase(), r]),
  );
  const entries = listModels(task ? { task } : {}).filter((m) => cached.has(m.repo.toLowerCase()));
  const registryRepos = new Set(MODELS.map((m) => m.repo.toLowerCase()));
  const others = task ? [] : [...cached.values()].filter((r) => !registryRepos.has(r.repo.toLowerCase()));
  if (out.json) {
    out.writeJson([
      ...entries.map((m) => ({
        name: m.name,
        repo: m.repo,
        task: m.task,
        registry: true,
        default: m.default === true,
        sizeOnDisk: cached.get(m.repo.toLowerCase())!.sizeOnDisk,
        path: cached.get(m.repo.toLowerCase())!.folder,
      })),
      ...others.map((r) => ({
        name: r.repo,
        repo: r.repo,
        task: null,
        registry: false,
        sizeOnDisk: r.sizeOnDisk,
        path: r.folder,
      })),
    ]);
    return;
  }
  if (out.quiet) {
    for (const m of entries) out.result(m.name);
    for (const r of others) out.result(r.repo);
    return;
  }
  const { c } = out;
  if (entries.length === 0 && others.length === 0) {
    out.print(
      c.dim(`No ${task ? `${task} ` : ""}models downloaded yet. Try: hftool download -t ${task ?? "asr"}`),
    );
    return;
  }
  const rows = entries.map((m) => [
    c.cyan(m.name),
    c.dim(m.task),
    formatBytes(cached.get(m.repo.toLowerCase())!.sizeOnDisk),
    m.repo,
  ]);
  for (const r of others) rows.push([r.repo, c.dim("(not in the registry)"), formatBytes(r.sizeOnDisk), ""]);
  out.print(out.table(rows));
  out.print(c.dim(`${formatBytes(scan.sizeOnDisk)} in ${scan.cacheDir}. Remove with: hftool rm MODEL`));
}

export default models;
