import { describe, expect, it } from "@jest/globals";
import { InputError, UsageError } from "@hftool/core";
import { prepareTextTaskInput } from "./prepare-text-task-input.js";

const prepare = (task: string, text: string, params: Record<string, unknown> = {}) =>
  prepareTextTaskInput({ task, text, params });

function thrown(work: () => unknown): UsageError {
  try {
    work();
  } catch (error) {
    return error as UsageError;
  }
  throw new Error("it did not throw");
}

describe("prepareTextTaskInput", () => {
  it("refuses empty input for every text task", () => {
    for (const task of [
      "sentiment",
      "zero-shot",
      "ner",
      "qa",
      "fill-mask",
      "summarize",
      "translate",
      "t2t",
      "llm",
      "embed",
    ]) {
      expect(() => prepare(task, " \n\t")).toThrow(InputError);
    }
  });

  it("reads zero-shot labels from a comma list or an array, and needs at least one", () => {
    expect(prepare("zero-shot", "x", { labels: " sports, politics ,,sports" }).labels).toEqual([
      "sports",
      "politics",
    ]);
    expect(prepare("zero-shot", "x", { labels: ["a", "b,c", 5] }).labels).toEqual(["a", "b", "c", "5"]);
    expect(() => prepare("zero-shot", "x")).toThrow(UsageError);
    expect(thrown(() => prepare("zero-shot", "x", { labels: " , " })).hint).toMatch(
      /--labels sports,politics,cooking/,
    );
  });

  it("takes the question answering context from params or a JSON object", () => {
    expect(prepare("qa", " Who? ", { context: "Bob." })).toMatchObject({ question: "Who?", context: "Bob." });
    expect(prepare("qa", '{"question": "Who?", "context": "Bob."}')).toMatchObject({
      question: "Who?",
      context: "Bob.",
    });
    expect(prepare("qa", '{"question": "Who?"}', { context: "Bob." })).toMatchObject({ context: "Bob." });
    expect(() => prepare("qa", "Who?")).toThrow(/needs a context/);
    expect(() => prepare("qa", '{"context": "Bob."}')).toThrow(/"question"/);
    expect(() => prepare("qa", '{"question": "Who?", "context": 5}')).toThrow(/must be text/);
  });

  it("needs a mask for fill-mask", () => {
    expect(prepare("fill-mask", "It is [MASK].").text).toBe("It is [MASK].");
    expect(prepare("fill-mask", "It is <mask>.").text).toBe("It is <mask>.");
    expect(() => prepare("fill-mask", "It is.")).toThrow(UsageError);
  });

  it("splits embeddings input into non-empty lines unless lines is false", () => {
    expect(prepare("embed", "a\r\n\n b \n").texts).toEqual(["a", "b"]);
    expect(prepare("embed", "a\nb", { lines: false }).texts).toEqual(["a\nb"]);
  });

  it("reads a chat given as JSON messages, and leaves other text alone", () => {
    expect(prepare("llm", '[{"role": "user", "content": "Hi"}]').messages).toEqual([
      { role: "user", content: "Hi" },
    ]);
    expect(prepare("llm", "[1] is a footnote")).toEqual({
      task: "text-generation",
      text: "[1] is a footnote",
    });
    expect(() => prepare("llm", '[{"role": "user", "content": "Hi"')).toThrow(InputError);
    expect(() => prepare("llm", '[{"role": "user"}]')).toThrow(/array of \{"role"/);
  });
});
