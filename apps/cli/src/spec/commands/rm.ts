import type { CommandSpec } from "../types.js";

export const rmCommand: CommandSpec = {
  name: "rm",
  description: "Remove downloaded models from the cache (asks first; -y to skip)",
  positionals: [
    {
      name: "models",
      description:
        "Registry names or repo ids (repo@revision removes one revision); none: pick on a terminal",
      type: "string",
      variadic: true,
      complete: "cached-model",
    },
  ],
  options: [{ name: "dry-run", type: "boolean", description: "Show what would be removed" }],
  examples: [
    ["hftool rm whisper-base", "Remove a model (asks first)"],
    ["hftool rm org/name@v1 -y", "Remove one revision without asking"],
    ["hftool rm", "Pick models to remove from a list (on a terminal)"],
  ],
  load: () => import("../../commands/rm.js"),
};
