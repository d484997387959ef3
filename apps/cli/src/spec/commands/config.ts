import type { CommandSpec, OptionSpec } from "../types.js";

const project: OptionSpec = {
  name: "project",
  type: "boolean",
  description: "Use the project config (./.hftool/config.toml) instead of your user config",
};

const load = () => import("../../commands/config.js");

export const configCommand: CommandSpec = {
  name: "config",
  description: "Show and change settings (config.toml)",
  subcommands: [
    { name: "show", description: "Print every setting in effect and where it comes from", load },
    { name: "path", description: "Print the config files hftool reads", load },
    {
      name: "init",
      description: "Write a commented config file (never overwrites without --force)",
      options: [project, { name: "force", type: "boolean", description: "Replace an existing file" }],
      load,
    },
    { name: "edit", description: "Open the config file in $VISUAL / $EDITOR", options: [project], load },
    {
      name: "get",
      description: "Print one setting",
      positionals: [
        {
          name: "key",
          description: "section.name, e.g. defaults.device",
          type: "string",
          required: true,
          complete: "config-key",
        },
      ],
      load,
    },
    {
      name: "set",
      description: "Change one setting (keeps comments, writes atomically)",
      positionals: [
        {
          name: "key",
          description: "section.name, e.g. defaults.device",
          type: "string",
          required: true,
          complete: "config-key",
        },
        {
          name: "value",
          description: "New value",
          type: "string",
          required: true,
          complete: "config-value",
        },
      ],
      options: [project],
      load,
    },
    {
      name: "unset",
      description: "Remove one setting",
      positionals: [
        { name: "key", description: "section.name", type: "string", required: true, complete: "config-key" },
      ],
      options: [project],
      load,
    },
  ],
  examples: [
    ["hftool config init", "Create ~/.hftool/config.toml with every key documented"],
    ["hftool config set defaults.device cpu", "Always run on the CPU"],
    ["hftool config set asr.model whisper-small", "Default speech-to-text model"],
    ["hftool config get paths.models_dir", "Where models are cached"],
  ],
};
