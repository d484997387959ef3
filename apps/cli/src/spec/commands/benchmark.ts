import type { CommandSpec } from "../types.js";

export const benchmarkCommand: CommandSpec = {
  name: "benchmark",
  aliases: ["bench"],
  description: "Measure load time, first and steady inference time and memory of a model",
  options: [
    { name: "task", alias: ["t"], type: "string", description: "Task to benchmark", complete: "task" },
    {
      name: "model",
      alias: ["m"],
      type: "string",
      description: "Model (default: the task's)",
      complete: "model",
    },
    {
      name: "input",
      alias: ["i"],
      type: "string",
      description: "Input to run (default: a standard one that ships with hftool)",
      complete: "input",
    },
    { name: "runs", type: "number", description: "Measured runs after warm-up", default: 5 },
    { name: "warmup", type: "number", description: "Unmeasured runs after the first", default: 1 },
    { name: "all", type: "boolean", description: "Every downloaded registry model, each in its own process" },
    { name: "device", alias: ["d"], type: "string", description: "auto, cpu, cuda, …", complete: "device" },
    { name: "gpu", alias: ["g"], type: "string", description: "GPU index to use" },
    { name: "dtype", type: "string", description: "Weight variant: fp32, fp16, q8, …", complete: "dtype" },
    { name: "list", type: "boolean", description: "Show saved results (with -t / -m to filter) instead" },
    {
      name: "save",
      type: "boolean",
      description: "Keep the result in benchmarks.jsonl (--no-save to skip)",
      default: true,
    },
  ],
  examples: [
    ["hftool benchmark -t asr", "The default speech model on the standard recording"],
    [
      "hftool benchmark -t asr -m whisper-base --device cpu --runs 10",
      "A model on the CPU, 10 measured runs",
    ],
    ["hftool benchmark --all --json", "Every downloaded model, as JSON"],
    ["hftool benchmark --list -t asr", "Saved results for speech recognition"],
  ],
  load: () => import("../../commands/benchmark.js"),
};
