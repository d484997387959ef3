import { describeProviders, formatBytes, listModels, listTasks, resolveTask } from "@hftool/core";
import type { CommandHandler } from "../spec/types.js";

const models: CommandHandler = async (args, { out }) => {
  const task = typeof args.task === "string" ? resolveTask(args.task) : undefined;
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

export default models;
