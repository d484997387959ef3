import { describe, expect, it } from "@jest/globals";
import { formatCompletionOutput } from "./format-completion-output.js";

describe("formatCompletionOutput", () => {
  const result = {
    items: [{ value: "asr", description: "Speech to text" }, { value: "t2i" }, { value: "bad\nvalue" }],
    directive: 6,
  };

  it("prints value<TAB>description lines and the directive last", () => {
    expect(formatCompletionOutput({ result })).toBe("asr\tSpeech to text\nt2i\n:6\n");
  });

  it("prints bare values without descriptions", () => {
    expect(formatCompletionOutput({ result, descriptions: false })).toBe("asr\nt2i\n:6\n");
  });

  it("prints only the directive when there is nothing to offer", () => {
    expect(formatCompletionOutput({ result: { items: [], directive: 4 } })).toBe(":4\n");
  });
});
