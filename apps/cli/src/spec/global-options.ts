import type { OptionSpec } from "./types.js";

/** Flags every command accepts. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  {
    name: "json",
    type: "boolean",
    description: "Print machine-readable JSON on stdout",
    group: "Global options:",
  },
  {
    name: "quiet",
    alias: ["q"],
    type: "boolean",
    description: "Print only the result (an output path or text)",
    group: "Global options:",
  },
  {
    name: "verbose",
    alias: ["v"],
    type: "boolean",
    description: "Print more detail",
    group: "Global options:",
  },
  {
    name: "yes",
    alias: ["y"],
    type: "boolean",
    description: "Answer yes to every confirmation",
    group: "Global options:",
  },
  {
    name: "color",
    type: "boolean",
    default: true,
    description: "Colour output (--no-color or NO_COLOR turn it off)",
    group: "Global options:",
  },
];
