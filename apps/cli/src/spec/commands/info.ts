import type { CommandSpec } from "../types.js";

export const infoCommand: CommandSpec = {
  name: "info",
  description: "Show a model's details: repo, size, license, variants, parameters",
  positionals: [
    {
      name: "model",
      description: "Registry name, Hub repo id or local folder",
      type: "string",
      required: true,
      complete: "model",
    },
  ],
  options: [
    {
      name: "task",
      alias: ["t"],
      type: "string",
      description: "Task the model is for, when the name is ambiguous",
      complete: "task",
    },
  ],
  examples: [
    ["hftool info whisper-base", "Details of a registry model"],
    ["hftool info sd-turbo -t i2i", "The image-to-image entry of a model listed under two tasks"],
  ],
  load: () => import("../../commands/info.js"),
};
