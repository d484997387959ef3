import { RUN_OPTIONS } from "../run-options.js";
import type { CommandSpec } from "../types.js";

const SHARED = ["task", "model", "revision", "device", "gpu", "dtype", "seed", "format", "open", "metadata"];

export const interactiveCommand: CommandSpec = {
  name: "interactive",
  aliases: ["repl"],
  description: "Load a model once, then run every line you type: prompts, paths or @ picks",
  options: [
    ...RUN_OPTIONS.filter((o) => SHARED.includes(o.name)).map((o) => ({ ...o, group: undefined })),
    {
      name: "output",
      alias: ["o"],
      type: "string",
      description: "Folder for the numbered outputs (/output DIR changes it)",
      complete: "directory",
    },
  ],
  examples: [
    ["hftool interactive -t tts", "Type sentences, get WAV files"],
    ["hftool interactive -t llm", "Chat: the model sees the conversation (/new starts over)"],
    [
      "hftool interactive -t asr -m whisper-base -o transcripts/",
      "Transcribe file after file, @ to pick one",
    ],
    [
      "hftool repl -t t2i --seed 42 -- --steps 2",
      "Start with a fixed seed and parameters (/params to change them)",
    ],
  ],
  load: () => import("../../commands/interactive.js"),
};
