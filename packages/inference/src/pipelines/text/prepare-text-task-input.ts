import { InputError, resolveTask, UsageError } from "@hftool/core";
import { readBoolean, readList, readString } from "./read-params.js";

/** A message of a chat, as chat templates take it. */
export interface ChatMessage {
  role: string;
  content: string;
}

/** A text task's input, checked and taken apart. */
export interface PreparedTextInput {
  /** Canonical task name. */
  task: string;
  /** The text, without surrounding white space. */
  text: string;
  /** Question answering: the question. */
  question?: string;
  /** Question answering: the text that holds the answer. */
  context?: string;
  /** Zero-shot classification: the candidate labels. */
  labels?: string[];
  /** Feature extraction: the texts to embed (each non-empty line, unless `lines: false`). */
  texts?: string[];
  /** Text generation: a conversation given as a JSON array of `{role, content}` messages. */
  messages?: ChatMessage[];
}

/** Parameters of {@link prepareTextTaskInput}. */
export interface PrepareTextTaskInputParams {
  /** Task name or alias. */
  task: string;
  /** The input text (a file's contents, stdin, or the text itself). */
  text: string;
  /** Task parameters (`labels`, `context`, `lines`, …). */
  params?: Readonly<Record<string, unknown>>;
}

const MASK_TOKENS = ["[MASK]", "<mask>"];

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `The input looks like ${what} in JSON, but it is not valid JSON: ${(error as Error).message}.`,
      {
        code: "INPUT_INVALID",
        hint: "Check the quotes and commas, or pass plain text.",
      },
    );
  }
}

function isChat(value: unknown): value is ChatMessage[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (m) =>
        typeof m === "object" &&
        m !== null &&
        typeof (m as ChatMessage).role === "string" &&
        typeof (m as ChatMessage).content === "string",
    )
  );
}

/**
 * Checks a text task's input and parameters before any model is loaded, and takes the input
 * apart where the task needs it: the question and context of question answering (from a
 * `{question, context}` JSON object, or the question plus `context`), the candidate labels of
 * zero-shot classification, the lines that feature extraction embeds one by one, a chat given
 * as JSON messages. Pipelines call it too, so a library caller gets the same checks.
 *
 * @throws {InputError} for an empty input or broken JSON.
 * @throws {UsageError} for what the task needs and did not get (labels, a context, a mask),
 *   with an example.
 */
export function prepareTextTaskInput({
  task: taskName,
  text: raw,
  params = {},
}: PrepareTextTaskInputParams): PreparedTextInput {
  const task = resolveTask(taskName);
  const alias = task.aliases[0] ?? task.name;
  const text = raw.trim();
  if (text === "") {
    throw new InputError("The input text is empty.", {
      code: "INPUT_EMPTY",
      hint: `Example: hftool -t ${alias} -i "Hello there"`,
    });
  }
  switch (task.name) {
    case "zero-shot-classification": {
      const labels = readList(params, "labels");
      if (!labels || labels.length === 0) {
        throw new UsageError("Zero-shot classification needs the labels to choose from.", {
          hint: `Example: hftool -t ${alias} -i "The team won the match" --labels sports,politics,cooking`,
        });
      }
      const template = readString(params, "hypothesis_template");
      if (template !== undefined && !template.includes("{}")) {
        throw new UsageError(
          `--hypothesis_template must contain {} where the label goes: ${JSON.stringify(template)}.`,
          {
            hint: 'Example: -- --hypothesis_template "This text is about {}."',
          },
        );
      }
      return { task: task.name, text, labels };
    }
    case "question-answering": {
      let question = text;
      let context = readString(params, "context");
      if (text.startsWith("{")) {
        const value = parseJson(text, "a question");
        if (
          typeof value !== "object" ||
          value === null ||
          typeof (value as { question?: unknown }).question !== "string"
        ) {
          throw new InputError(
            'A JSON input for question answering must be an object with "question" (and "context").',
            {
              code: "INPUT_INVALID",
              hint: 'Example: {"question": "Where does Alice live?", "context": "Alice lives in Paris."}',
            },
          );
        }
        const object = value as { question: string; context?: unknown };
        question = object.question.trim();
        if (object.context !== undefined) {
          if (typeof object.context !== "string") {
            throw new InputError('"context" in the JSON input must be text.', { code: "INPUT_INVALID" });
          }
          if (context !== undefined) {
            throw new UsageError("The context is given twice: in the JSON input and with --context.", {
              hint: "Keep one of them.",
            });
          }
          context = object.context.trim() || undefined;
        }
        if (question === "") {
          throw new InputError("The question is empty.", {
            code: "INPUT_EMPTY",
            hint: 'Example: {"question": "Where does Alice live?", "context": "Alice lives in Paris."}',
          });
        }
      }
      if (context === undefined) {
        throw new UsageError("Question answering needs a context: the text that holds the answer.", {
          hint:
            `Example: hftool -t ${alias} -i "Where does Alice live?" --context "Alice lives in Paris." ` +
            `(--context also takes a file; or -i a JSON file with {"question": …, "context": …})`,
        });
      }
      return { task: task.name, text, question, context };
    }
    case "fill-mask":
      if (!MASK_TOKENS.some((mask) => text.includes(mask))) {
        throw new UsageError("Fill-mask needs a mask where the missing word goes: [MASK] (or <mask>).", {
          hint: `Example: hftool -t ${alias} -i "Paris is the [MASK] of France."`,
        });
      }
      return { task: task.name, text };
    case "feature-extraction": {
      const lines = readBoolean(params, "lines") ?? true;
      const texts = lines
        ? text
            .split(/\r?\n/)
            .map((line) => line.trim())
            .filter((line) => line !== "")
        : [text];
      return { task: task.name, text, texts };
    }
    case "text-generation":
      // a prompt may well start with "[": only "[{" is taken for a chat
      if (/^\[\s*\{/.test(text)) {
        const value = parseJson(text, "a chat");
        if (!isChat(value)) {
          throw new InputError('A JSON chat must be an array of {"role": …, "content": …} messages.', {
            code: "INPUT_INVALID",
            hint: 'Example: [{"role": "user", "content": "Hello!"}]',
          });
        }
        return { task: task.name, text, messages: value.map((m) => ({ role: m.role, content: m.content })) };
      }
      return { task: task.name, text };
    default:
      return { task: task.name, text };
  }
}
