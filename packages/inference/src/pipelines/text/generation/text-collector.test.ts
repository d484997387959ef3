import { describe, expect, it } from "@jest/globals";
import { TextCollector, type Detokenizer } from "./text-collector.js";

// a tokenizer whose tokens are strings; "<eos>" is special; "\u00c3" and "\u00a9" are the two
// halves of "é" that only decode together
const VOCAB = ["<eos>", "Hello", " wor", "ld", "!", " ST", "OP", " more", "\u00c3", "\u00a9", "##", "#"];
const tokenizer: Detokenizer = {
  decode(ids, { skip_special_tokens }) {
    const text = ids
      .map(Number)
      .filter((id) => !(skip_special_tokens && id === 0))
      .map((id) => VOCAB[id]!)
      .join("");
    return text.replace(/\u00c3\u00a9/g, "é").replace(/[\u00c3\u00a9]/g, "\uFFFD");
  },
};
const ids = (...tokens: string[]) => tokens.map((t) => VOCAB.indexOf(t));

function feed(collector: TextCollector, tokens: number[]): boolean[] {
  collector.put([[99, 98]]); // the prompt, skipped
  const stops: boolean[] = [];
  for (const t of tokens) {
    collector.put([[BigInt(t)]]);
    stops.push(collector.shouldStop([[]])[0]!);
  }
  collector.end();
  return stops;
}

describe("TextCollector", () => {
  it("streams the generated text in order, skipping the prompt and special tokens", () => {
    const pieces: string[] = [];
    const collector = new TextCollector({ tokenizer, onText: (p) => pieces.push(p) });
    feed(collector, ids("Hello", " wor", "ld", "!", "<eos>"));
    expect(pieces).toEqual(["Hello", " wor", "ld", "!"]);
    expect(collector.text).toBe("Hello world!");
    expect(collector.ids).toHaveLength(5);
  });

  it("holds back a character until all its bytes have arrived", () => {
    const pieces: string[] = [];
    const collector = new TextCollector({ tokenizer, onText: (p) => pieces.push(p) });
    feed(collector, ids("Hello", "\u00c3", "\u00a9", "!"));
    expect(pieces).toEqual(["Hello", "é", "!"]);
  });

  it("ends at a stop string, leaves it out, and never streams a part of it", () => {
    const pieces: string[] = [];
    const collector = new TextCollector({ tokenizer, stop: ["STOP"], onText: (p) => pieces.push(p) });
    const stops = feed(collector, ids("Hello", " ST", "OP", " more"));
    expect(stops).toEqual([false, false, true, true]);
    expect(collector.text).toBe("Hello ");
    expect(collector.stoppedBy).toBe("STOP");
    expect(pieces.join("")).toBe("Hello ");
    expect(pieces.some((p) => p.includes("ST"))).toBe(false);
  });

  it("releases held-back text that turned out not to be a stop string", () => {
    const pieces: string[] = [];
    const collector = new TextCollector({ tokenizer, stop: [" STX"], onText: (p) => pieces.push(p) });
    feed(collector, ids("Hello", " ST", "OP", "!"));
    expect(pieces).toEqual(["Hello", " STOP", "!"]);
    expect(collector.text).toBe("Hello STOP!");
    expect(collector.stoppedBy).toBeUndefined();
  });

  it("finds a stop string that spans tokens, and the earliest of several", () => {
    const collector = new TextCollector({ tokenizer, stop: ["!", "orld"] });
    feed(collector, ids("Hello", " wor", "ld", "!"));
    expect(collector.text).toBe("Hello w");
    expect(collector.stoppedBy).toBe("orld");
  });

  it("keeps text that ends in part of a stop string when generation ends there", () => {
    const collector = new TextCollector({ tokenizer, stop: ["###"] });
    feed(collector, ids("Hello", "##"));
    expect(collector.text).toBe("Hello##");
  });

  it("keeps the spaces between words with a decoder that drops a leading space (SentencePiece)", () => {
    const pieces = ["▁Hello", "▁world", ",", "▁again", "▁and", "▁again"];
    const sentencePiece: Detokenizer = {
      decode: (ids) =>
        ids
          .map((id) => pieces[Number(id)]!)
          .join("")
          .replace(/▁/g, " ")
          .replace(/^ /, ""),
    };
    const streamed: string[] = [];
    const collector = new TextCollector({ tokenizer: sentencePiece, onText: (p) => streamed.push(p) });
    feed(collector, [0, 1, 2, 3, 4, 5]);
    expect(collector.text).toBe("Hello world, again and again");
    expect(streamed.join("")).toBe(collector.text);
  });
});
