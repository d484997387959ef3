import type { CommandSpec } from "../types.js";

export const tasksCommand: CommandSpec = {
  name: "tasks",
  description: "List every task with its aliases",
  examples: [["hftool tasks", "Tasks by category, with aliases and what they read and write"]],
  load: () => import("../../commands/tasks.js"),
};
