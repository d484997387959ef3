import type { CommandSpec } from "../types.js";

export const infoCommand: CommandSpec = {
  name: "info",
  description:
    "Show a model's details (repo, size, license, variants, parameters), or how an output was made",
  positionals: [
    {
      name: "model",
      description: "Registry name or Hub repo id, or an output file (a PNG made by hftool)",
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
    [
      "hftool info lighthouse.png",
      "How an image was made: prompt, seed, steps, model, and the command to make it again",
    ],
  ],
  load: () => import("../../commands/info.js"),
};
