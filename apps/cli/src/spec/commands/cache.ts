import type { CommandSpec } from "../types.js";

const load = () => import("../../commands/cache.js");

export const cacheCommand: CommandSpec = {
  name: "cache",
  description: "List, verify, prune and clean the model cache",
  subcommands: [
    {
      name: "ls",
      aliases: ["list"],
      description: "List cached repos with sizes, revisions and partial downloads",
      options: [{ name: "revisions", type: "boolean", description: "Show every cached revision" }],
      load,
    },
    {
      name: "rm",
      description: "Remove repos (or repo@revision) from the cache (asks first; -y to skip)",
      positionals: [
        {
          name: "models",
          description: "Registry names or repo ids",
          type: "string",
          variadic: true,
          complete: "cached-model",
        },
      ],
      options: [{ name: "dry-run", type: "boolean", description: "Show what would be removed" }],
      load: () => import("../../commands/rm.js"),
    },
    {
      name: "prune",
      description: "Remove partial downloads, old unreferenced revisions and stale locks",
      options: [{ name: "dry-run", type: "boolean", description: "Show what would be removed" }],
      load,
    },
    {
      name: "verify",
      description: "Re-hash cached files against their checksums",
      positionals: [
        {
          name: "models",
          description: "Only these (default: everything)",
          type: "string",
          variadic: true,
          complete: "cached-model",
        },
      ],
      options: [
        { name: "repair", type: "boolean", description: "Delete what is corrupt and download it again" },
      ],
      load,
    },
  ],
  examples: [
    ["hftool cache ls", "Everything in the cache"],
    ["hftool cache verify --repair", "Find and fix corrupt files"],
    ["hftool cache prune --dry-run", "What pruning would free"],
  ],
};
