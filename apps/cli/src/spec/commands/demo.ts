import type { CommandSpec } from "../types.js";

export const demoCommand: CommandSpec = {
  name: "demo",
  description:
    "Find speech in a sample recording with Silero VAD (works offline: an embedded Hub mirror serves the model)",
  options: [
    {
      name: "embedded",
      type: "boolean",
      description: "Serve the model from hftool's embedded Hub mirror even when the Hub is reachable",
    },
    {
      name: "output",
      alias: ["o"],
      type: "string",
      description: "Where to write the segments (.srt, .vtt, .json, .txt)",
      complete: "file",
    },
    { name: "open", type: "boolean", description: "Open the output when done (--no-open to never)" },
  ],
  examples: [
    ["hftool demo", "Run it (uses the Hub when reachable)"],
    ["hftool demo --embedded -o speech.json", "Offline, segments as JSON"],
  ],
  load: () => import("../../commands/demo.js"),
};
