import { listTasks, type TaskDefinition } from "@hftool/core";
import type { CommandHandler } from "../spec/types.js";

const CATEGORY_TITLES: Record<TaskDefinition["category"], string> = {
  audio: "Audio",
  text: "Text",
  vision: "Vision",
  "image-generation": "Image generation",
  video: "Video",
};

const tasks: CommandHandler = async (_args, { out }) => {
  const all = listTasks();
  if (out.json) {
    out.writeJson(
      all.map((t) => ({
        name: t.name,
        aliases: t.aliases,
        description: t.description,
        category: t.category,
        input: t.input,
        output: t.output,
        formats: t.formats,
        status: t.status,
        ...(t.unsupportedReason ? { unsupportedReason: t.unsupportedReason } : {}),
      })),
    );
    return;
  }
  if (out.quiet) {
    for (const t of all) out.result(t.name);
    return;
  }
  const { c } = out;
  for (const category of Object.keys(CATEGORY_TITLES) as TaskDefinition["category"][]) {
    const group = all.filter((t) => t.category === category);
    if (group.length === 0) continue;
    out.print(c.bold(CATEGORY_TITLES[category]));
    const rows = group.map((t) => [
      t.status === "available" ? c.cyan(t.name) : c.dim(t.name),
      c.dim(t.aliases.join(", ")),
      `${t.input} → ${t.output === "subtitles" ? "text" : t.output}`,
      t.status === "available" ? t.description : c.dim(t.description),
    ]);
    out.print(out.table(rows, { indent: 2 }));
    out.print();
  }
  out.print(
    `Run one: ${c.bold("hftool -t TASK -i INPUT")}   Models per task: ${c.bold("hftool models -t TASK")}`,
  );
};

export default tasks;
