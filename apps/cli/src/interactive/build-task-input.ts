import { statSync } from "node:fs";
import { resolve } from "node:path";
import {
  expandTilde,
  formatBytes,
  listPickerCandidates,
  type TaskDefinition,
  type TaskParam,
} from "@hftool/core";
import type { CommandContext } from "../context.js";
import { loadPrompts, type Prompts } from "./prompts.js";
import { matchesSearch, type ResolvedInput } from "./resolve-input-reference.js";

/** A parameter the builder asks for right after the input. */
interface BuilderField {
  name: string;
  message: string;
  required?: boolean;
}

/** What the builder asks for, per task: the input's wording and the parameters that go with it. */
const BUILDER_FIELDS: Readonly<Record<string, { input: string; params?: readonly BuilderField[] }>> = {
  "automatic-speech-recognition": {
    input: "Recording to transcribe",
    params: [{ name: "language", message: "Spoken language (Enter: detect it)" }],
  },
  "voice-activity-detection": { input: "Recording to scan for speech" },
  "text-to-speech": {
    input: "Text to speak",
    params: [{ name: "speaker", message: "Voice or speaker (Enter: the model's default)" }],
  },
  "text-generation": {
    input: "Prompt",
    params: [{ name: "system", message: "System prompt (Enter to skip)" }],
  },
  "text-classification": { input: "Text to classify" },
  "zero-shot-classification": {
    input: "Text to classify",
    params: [{ name: "labels", message: "Candidate labels, comma-separated", required: true }],
  },
  "token-classification": { input: "Text to tag" },
  "question-answering": {
    input: "Question",
    params: [{ name: "context", message: "Context: the text that holds the answer", required: true }],
  },
  "fill-mask": { input: "Text with [MASK] where a word is missing" },
  summarization: { input: "Text to summarize" },
  translation: {
    input: "Text to translate",
    params: [
      { name: "src_lang", message: "Source language (Enter: the model's default)" },
      { name: "tgt_lang", message: "Target language (Enter: the model's default)" },
    ],
  },
  "zero-shot-image-classification": {
    input: "Image to classify",
    params: [{ name: "labels", message: "Candidate labels, comma-separated", required: true }],
  },
  "text-to-image": {
    input: "Prompt: what the image shows",
    params: [{ name: "negative_prompt", message: "Negative prompt: what it must not show (Enter to skip)" }],
  },
  "image-to-image": {
    input: "Image to transform",
    params: [
      { name: "prompt", message: "Prompt: what the new image should show", required: true },
      { name: "strength", message: "Strength, 0-1: how much to change (Enter: 0.5)" },
    ],
  },
};

const TYPE_PATH = "\u0000type-a-path";

/** Converts what was typed to the parameter's type; `undefined` for an empty answer. */
export function convertParamAnswer(param: TaskParam, answer: string): unknown {
  const text = answer.trim();
  if (text === "") return undefined;
  switch (param.type) {
    case "number":
      return Number(text);
    case "integer":
      return Number.parseInt(text, 10);
    case "boolean":
      return /^(y|yes|true|1|on)$/i.test(text);
    case "string[]":
      return text
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    default:
      return text;
  }
}

/** Why an answer does not fit the parameter, or `true`. */
export function validateParamAnswer(param: TaskParam, answer: string, required = false): true | string {
  const text = answer.trim();
  if (text === "") return required ? `${param.name} is needed for this task.` : true;
  if (param.type === "number" && !Number.isFinite(Number(text))) return "Type a number, such as 0.5.";
  if (param.type === "integer" && !/^-?\d+$/.test(text)) return "Type a whole number, such as 4.";
  if (param.choices && !param.choices.includes(text)) return `Pick one of ${param.choices.join(", ")}.`;
  return true;
}

/** Asks for one parameter in the way its type wants. */
export async function askParam(
  prompts: Prompts,
  param: TaskParam,
  options: { message?: string; required?: boolean } = {},
): Promise<unknown> {
  const message = options.message ?? `${param.name}: ${param.description}`;
  if (param.choices) {
    const picked = await prompts.select<string>({
      message,
      choices: [
        ...(options.required ? [] : [{ value: "", name: "(default)" }]),
        ...param.choices.map((c) => ({ value: c, name: c })),
      ],
      ...(typeof param.default === "string" ? { default: param.default } : {}),
    });
    return picked === "" ? undefined : picked;
  }
  if (param.type === "boolean") {
    return prompts.confirm({
      message,
      ...(typeof param.default === "boolean" ? { default: param.default } : {}),
    });
  }
  const answer = await prompts.input({
    message,
    validate: (text: string) => validateParamAnswer(param, text, options.required),
  });
  return convertParamAnswer(param, answer);
}

/** Asks for a file of the task's input kind: picked from the working folder, or typed. */
export async function askInputFile(
  prompts: Prompts,
  task: TaskDefinition,
  context: CommandContext,
  message: string,
): Promise<string> {
  const { files } = await listPickerCandidates({
    source: { dir: context.cwd, recursive: true },
    kind: task.input,
    cwd: context.cwd,
    limit: 500,
  });
  let choice = TYPE_PATH;
  if (files.length > 0) {
    choice = await prompts.search({
      message: `${message} (type to filter)`,
      pageSize: 12,
      source: (term) => [
        ...files
          .filter((f) => matchesSearch(f.label, term))
          .map((f) => ({ value: f.path, name: f.label, description: formatBytes(f.size) })),
        { value: TYPE_PATH, name: "Type a path…", description: "A file anywhere, or a URL" },
      ],
    });
  }
  if (choice !== TYPE_PATH) return choice;
  const typed = await prompts.input({
    message: `${message}: path or URL`,
    validate: (text: string) => {
      const value = text.trim().replace(/^(['"])(.*)\1$/, "$2");
      if (value === "") return "Type a path.";
      if (/^https?:\/\//i.test(value)) return true;
      try {
        return statSync(resolve(context.cwd, expandTilde(value))).isFile() || `${value} is a folder.`;
      } catch {
        return `There is no file ${value}.`;
      }
    },
  });
  const value = typed.trim().replace(/^(['"])(.*)\1$/, "$2");
  return /^https?:\/\//i.test(value) ? value : resolve(context.cwd, expandTilde(value));
}

/**
 * The input builder (`-i @?`): asks for a task's input and the parameters that belong with it —
 * a question and its context, an image and a prompt, a text and candidate labels — and returns
 * what `-i` and `--` would have said.
 */
export async function buildTaskInput(params: {
  task: TaskDefinition;
  context: CommandContext;
}): Promise<ResolvedInput> {
  const { task, context } = params;
  const prompts = await loadPrompts(context, "The input builder (@?)");
  const fields = BUILDER_FIELDS[task.name] ?? {
    input: task.input === "text" ? "Text" : `${task.input} file`,
  };
  let input: string;
  if (task.input === "text") {
    input = await prompts.input({
      message: `${fields.input} (or @ to pick a text file)`,
      validate: (text: string) => (text.trim() === "" ? "Type some text." : true),
    });
    if ((input.startsWith("@") && input !== "@?") || input.startsWith("\\@")) {
      const { resolveInputReference } = await import("./resolve-input-reference.js");
      input = (await resolveInputReference({ value: input, task, context })).input;
    }
  } else {
    input = await askInputFile(prompts, task, context, fields.input);
  }
  const extra: Record<string, unknown> = {};
  for (const field of fields.params ?? []) {
    const param = task.params.find((p) => p.name === field.name);
    if (!param) continue;
    const value = await askParam(prompts, param, {
      message: field.message,
      ...(field.required ? { required: true } : {}),
    });
    if (value !== undefined) extra[field.name] = value;
  }
  return { input, ...(Object.keys(extra).length > 0 ? { extra } : {}) };
}
