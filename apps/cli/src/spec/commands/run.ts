import type { CommandSpec } from "../types.js";
import { RUN_OPTIONS } from "../run-options.js";

export const runCommand: CommandSpec = {
  name: "run",
  description: "Run a task on an input (same as hftool -t TASK -i INPUT)",
  options: RUN_OPTIONS,
  examples: [
    ["hftool run -t asr -i talk.wav -o talk.srt", "Transcribe to subtitles"],
    ["hftool run -t tts -i 'Hello there' -o hello.wav", "Speak a sentence"],
    ["hftool run -t vad -i talk.wav -- --threshold 0.6", "Find speech, with a model parameter"],
  ],
  load: () => import("../../commands/run.js"),
};
