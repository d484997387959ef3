import type { CommandSpec } from "../types.js";
import { RUN_OPTIONS } from "../run-options.js";

export const runCommand: CommandSpec = {
  name: "run",
  description: "Run a task on an input (same as hftool -t TASK -i INPUT)",
  options: RUN_OPTIONS,
  examples: [
    ["hftool run -t asr -i talk.wav -o talk.srt", "Transcribe to subtitles"],
    ["hftool run -t t2i -i 'a lighthouse at dusk' -- --steps 2", "Generate an image with a model parameter"],
  ],
  load: () => import("../../commands/run.js"),
};
