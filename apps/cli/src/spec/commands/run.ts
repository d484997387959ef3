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
    [
      "hftool run -t llm -i 'Write a haiku about the sea' --seed 1 -- --temperature 0.7",
      "Chat with a small LLM",
    ],
    ["hftool run -t zero-shot -i 'The striker scored twice' --labels sports,politics", "Pick a label"],
    ["hftool run -t qa -i 'Who founded it?' --context article.txt", "Answer from a text"],
    ["hftool run -t embed -i sentences.txt -o vectors.npy", "One embedding per line"],
  ],
  load: () => import("../../commands/run.js"),
};
