import type { CommandSpec } from "../types.js";

export const demoCommand: CommandSpec = {
  name: "demo",
  description: "Show what hftool can do, with no download needed",
  load: () => import("../../commands/demo.js"),
};
