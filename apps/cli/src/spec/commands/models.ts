import type { CommandSpec } from "../types.js";

export const modelsCommand: CommandSpec = {
  name: "models",
  description: "List recommended models per task",
  options: [
    { name: "task", alias: ["t"], type: "string", description: "Only this task's models", complete: "task" },
    {
      name: "downloaded",
      alias: ["d"],
      type: "boolean",
      description: "Only models in the cache, with their size on disk (and other cached repos)",
    },
  ],
  examples: [
    ["hftool models", "Every task's models, default marked"],
    ["hftool models -t asr --json", "Speech-to-text models as JSON"],
    ["hftool models -d", "What is downloaded"],
  ],
  load: () => import("../../commands/models.js"),
};
