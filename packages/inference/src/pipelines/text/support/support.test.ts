import { describe, expect, it } from "@jest/globals";
import { findInText } from "./find-in-text.js";
import { splitTextForModel } from "./split-text-for-model.js";

describe("findInText", () => {
  it("finds what an uncased tokenizer decoded, as written in the text", () => {
    const text = "Yesterday Alice met José O'Neil in New   York.";
    const span = (needle: string, from = 0) => {
      const s = findInText(text, needle, from);
      return s && text.slice(s.start, s.end);
    };
    expect(span("alice")).toBe("Alice");
    expect(span("jose")).toBe("José");
    expect(span("o ' neil")).toBe("O'Neil");
    expect(span("new york")).toBe("New   York");
    expect(span("##ice")).toBe("ice");
    expect(span("nobody")).toBeUndefined();
    expect(findInText("a b a", "a", 1)).toEqual({ start: 4, end: 5 });
  });
});

describe("splitTextForModel", () => {
  const words = (t: string) => t.split(/\s+/).filter(Boolean).length;

  it("keeps a text that fits whole", () => {
    expect(splitTextForModel({ text: "One two. Three.", maxTokens: 10, countTokens: words })).toEqual([
      { start: 0, text: "One two. Three." },
    ]);
  });

  it("cuts at sentence ends, then between words, and every piece fits and starts where it is", () => {
    const text = "One two three. Four five six. Seven eight nine ten eleven twelve thirteen. End.";
    const pieces = splitTextForModel({ text, maxTokens: 4, countTokens: words });
    for (const piece of pieces) {
      expect(words(piece.text)).toBeLessThanOrEqual(4);
      expect(text.slice(piece.start, piece.start + piece.text.length)).toBe(piece.text);
    }
    expect(pieces.map((p) => p.text).join("")).toBe(text);
    expect(pieces[0]!.text).toBe("One two three. ");
  });
});
