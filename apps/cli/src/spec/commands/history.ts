import type { CommandSpec } from "../types.js";

export const historyCommand: CommandSpec = {
  name: "history",
  description: "List past runs, show one, run one again exactly, or clear the history",
  options: [
    { name: "limit", alias: ["n"], type: "number", description: "How many runs to list", default: 20 },
    {
      name: "show",
      type: "string",
      description: "Show every detail of one run (an id, or 'last')",
      complete: "history-id",
    },
    {
      name: "rerun",
      type: "string",
      description: "Run it again with the same model, input, parameters, seed and device",
      complete: "history-id",
    },
    { name: "clear", type: "boolean", description: "Delete the history (asks first)" },
    { name: "failed", type: "boolean", description: "List only runs that failed" },
  ],
  examples: [
    ["hftool history", "The last 20 runs"],
    ["hftool history --show 12", "Everything about run 12, and the command that repeats it"],
    ["hftool history --rerun last", "Repeat the last run exactly"],
  ],
  load: () => import("../../commands/history.js"),
};
