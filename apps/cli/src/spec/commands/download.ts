import type { CommandSpec } from "../types.js";

export const downloadCommand: CommandSpec = {
  name: "download",
  description: "Download models into the Hugging Face cache (resumes, verifies, parallel)",
  positionals: [
    {
      name: "models",
      description: "Registry names or Hub repo ids (same as -m)",
      type: "string",
      variadic: true,
      complete: "model",
    },
  ],
  options: [
    {
      name: "model",
      alias: ["m"],
      type: "array",
      description: "Registry name, Hub repo id (org/name, datasets/org/name) or alias; repeatable",
      complete: "model",
    },
    {
      name: "task",
      alias: ["t"],
      type: "string",
      description: "The task's default model (with --all: every model of the task)",
      complete: "task",
    },
    { name: "all", type: "boolean", description: "Every registry model (or every model of -t TASK)" },
    {
      name: "revision",
      type: "string",
      description: "Branch, tag or commit (default: the model's, else main)",
    },
    {
      name: "include",
      type: "array",
      description: "Only files matching these globs (* matches across folders, like hf download)",
    },
    { name: "exclude", type: "array", description: "Skip files matching these globs" },
    {
      name: "dtype",
      type: "string",
      description:
        "ONNX weight variant: auto (the model's default; every variant of other repos), fp32, fp16, q8, q4, …",
      complete: "dtype",
    },
    {
      name: "resume",
      type: "boolean",
      default: true,
      description: "Continue partial downloads (--no-resume starts over)",
    },
    {
      name: "force",
      type: "boolean",
      description: "Download again even what is cached (replaced once verified)",
    },
    {
      name: "dry-run",
      type: "boolean",
      description: "Show files, sizes and what is cached or partial; download nothing",
    },
    {
      name: "max-workers",
      type: "number",
      description: "Connections in parallel, over files and parts (default: download.max_workers, 8)",
    },
    { name: "token", type: "string", description: "Hub token (default: HF_TOKEN, else the token file)" },
  ],
  examples: [
    ["hftool download -m whisper-base", "A registry model, its default weight variant"],
    ["hftool download -t asr", "The default model of a task"],
    ["hftool download onnx-community/whisper-small --dtype q8", "Any Hub repo, one variant"],
    ['hftool download -m org/name --include "*.json" --include "onnx/*"', "Only some files"],
    ["hftool download --all --dry-run", "What every registry model would take"],
  ],
  load: () => import("../../commands/download.js"),
};
