import type { CommandSpec } from "../types.js";

export const statusCommand: CommandSpec = {
  name: "status",
  description: "Show the model cache: folder, free space, downloaded models, partial downloads",
  examples: [
    ["hftool status", "What is downloaded, and how to resume what is not finished"],
    ["hftool status --json", "The same, for scripts"],
  ],
  load: () => import("../../commands/status.js"),
};
