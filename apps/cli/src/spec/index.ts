import { benchmarkCommand } from "./commands/benchmark.js";
import { cacheCommand } from "./commands/cache.js";
import { completionCommand } from "./commands/completion.js";
import { configCommand } from "./commands/config.js";
import { demoCommand } from "./commands/demo.js";
import { doctorCommand } from "./commands/doctor.js";
import { downloadCommand } from "./commands/download.js";
import { historyCommand } from "./commands/history.js";
import { infoCommand } from "./commands/info.js";
import { interactiveCommand } from "./commands/interactive.js";
import { modelsCommand } from "./commands/models.js";
import { rmCommand } from "./commands/rm.js";
import { runCommand } from "./commands/run.js";
import { serveCommand } from "./commands/serve.js";
import { statusCommand } from "./commands/status.js";
import { tasksCommand } from "./commands/tasks.js";
import { GLOBAL_OPTIONS } from "./global-options.js";
import { RUN_OPTIONS } from "./run-options.js";
import type { CommandSpec } from "./types.js";

export type * from "./types.js";
export { GLOBAL_OPTIONS, RUN_OPTIONS };

/** The whole CLI as data: the root runs a task; every subcommand below it. */
export const ROOT_COMMAND: CommandSpec = {
  name: "hftool",
  description: "Run Hugging Face models locally: speech, text and images with ONNX Runtime.",
  options: [
    ...RUN_OPTIONS,
    {
      name: "list-tasks",
      type: "boolean",
      description: "List tasks and aliases (as hftool tasks)",
      group: "Run:",
    },
  ],
  subcommands: [
    runCommand,
    interactiveCommand,
    tasksCommand,
    modelsCommand,
    infoCommand,
    downloadCommand,
    statusCommand,
    rmCommand,
    cacheCommand,
    serveCommand,
    historyCommand,
    benchmarkCommand,
    configCommand,
    doctorCommand,
    completionCommand,
    demoCommand,
  ],
  examples: [
    ["hftool -t asr -i talk.wav", "Transcribe a recording"],
    ["hftool -t vad -i talk.wav -o talk.srt", "Find where people speak"],
    ["hftool -t asr --batch recordings/", "Transcribe every recording in a folder (one model load)"],
    ["hftool -I", "Choose task, model, input and options step by step"],
    ["hftool tasks", "What hftool can do"],
  ],
  load: () => import("../commands/run.js"),
};
