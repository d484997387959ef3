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
    [
      'hftool run -t t2i -i "a lighthouse at dawn" -o lighthouse.png --seed 42',
      "Make an image (same seed, same image)",
    ],
    ["hftool run -t i2i -i photo.png --prompt 'as a watercolor' --strength 0.5", "Rework an image"],
  ],
  load: () => import("../../commands/run.js"),
};
