import { mkdtempSync, mkdirSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { ClipTokenizer } from "./clip-tokenizer.js";
import { loadClipTokenizer } from "./load-clip-tokenizer.js";

/**
 * A vocabulary laid out exactly like CLIP's: the 256 byte characters (printable Latin-1 first, as
 * OpenAI's bytes_to_unicode orders them), the same 256 with `</w>`, one token per merge, then
 * <|startoftext|> and <|endoftext|>. Every expected id below is worked out by hand from it.
 */
function handVocab(): { vocab: Record<string, number>; merges: string[] } {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const chars = printable.map((b) => String.fromCharCode(b));
  let next = 0;
  for (let b = 0; b < 256; b++) if (!printable.includes(b)) chars.push(String.fromCharCode(256 + next++));
  const merges = ["h e", "l o</w>", "he l", "hel lo</w>", "c a", "ca t</w>", "' s</w>"];
  const tokens = [...chars, ...chars.map((c) => `${c}</w>`), ...merges.map((m) => m.replace(" ", ""))];
  tokens.push("<|startoftext|>", "<|endoftext|>");
  return { vocab: Object.fromEntries(tokens.map((t, i) => [t, i])), merges };
}

const HELLO = 512 + 3; // "hello</w>": the 4th merge
const CAT = 512 + 5;
const APOSTROPHE_S = 512 + 6;
const BOS = 519;
const EOS = 520;

describe("ClipTokenizer", () => {
  const tokenizer = new ClipTokenizer({ ...handVocab(), padToken: "!" });

  it("lowercases, collapses whitespace, splits contractions and applies merges by rank", () => {
    expect(tokenizer.tokenize("  Hello \t\n CAT's ")).toEqual(["hello</w>", "cat</w>", "'s</w>"]);
    const { ids, truncatedTokens } = tokenizer.encode("Hello CAT's");
    expect(Array.from(ids.slice(0, 6))).toEqual([BOS, HELLO, CAT, APOSTROPHE_S, EOS, 0]);
    expect(ids).toHaveLength(77);
    expect(truncatedTokens).toBe(0);
  });

  it("falls back to single bytes, with </w> on the last symbol of a word", () => {
    // 'h' is byte 104 → id 104 − 33 = 71; "i</w>" → 256 + (105 − 33) = 328.
    expect(Array.from(tokenizer.encode("hi").ids.slice(1, 3))).toEqual([71, 328]);
    // "é" is UTF-8 C3 A9: 'Ã' (195 → 94 + 12 + 21 = 127) then '©</w>' (169 → 256 + 94 + 8 = 358).
    expect(Array.from(tokenizer.encode("é").ids.slice(1, 3))).toEqual([127, 358]);
    // Digits are single tokens; punctuation runs stay together.
    expect(tokenizer.tokenize("42!?")).toEqual(["4</w>", "2</w>", "!", "?</w>"]);
  });

  it("truncates to 77 ids with bos and eos kept, and pads with the configured token", () => {
    const long = tokenizer.encode(Array(80).fill("hello").join(" "));
    expect(long.ids[0]).toBe(BOS);
    expect(long.ids[75]).toBe(HELLO);
    expect(long.ids[76]).toBe(EOS);
    expect(long.truncatedTokens).toBe(5);
    const paddedWithEos = new ClipTokenizer(handVocab()).encode("cat");
    expect(Array.from(paddedWithEos.ids.slice(0, 5))).toEqual([BOS, CAT, EOS, EOS, EOS]);
    expect(Array.from(tokenizer.encode("").ids.slice(0, 3))).toEqual([BOS, EOS, 0]);
  });

  it("keeps special tokens written in the prompt whole", () => {
    expect(Array.from(tokenizer.encode("<|endoftext|>cat").ids.slice(1, 3))).toEqual([EOS, CAT]);
  });

  it("rejects special tokens missing from the vocabulary", () => {
    expect(() => new ClipTokenizer({ ...handVocab(), padToken: "<pad>" })).toThrow(/pad token "<pad>"/);
  });
});

describe("loadClipTokenizer", () => {
  const write = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), "hftool-tok-"));
    mkdirSync(join(dir, "tokenizer"));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, "tokenizer", name), text);
    return dir;
  };
  const { vocab, merges } = handVocab();

  it("reads vocab.json + merges.txt and the pad token from special_tokens_map.json", async () => {
    const dir = write({
      "vocab.json": JSON.stringify(vocab),
      "merges.txt": `#version: 0.2\n${merges.join("\n")}\n`,
      "special_tokens_map.json": JSON.stringify({ pad_token: { content: "!" }, eos_token: "<|endoftext|>" }),
      "tokenizer_config.json": JSON.stringify({ model_max_length: 77 }),
    });
    const tokenizer = await loadClipTokenizer({ modelDir: dir });
    expect(tokenizer.padId).toBe(0);
    expect(Array.from(tokenizer.encode("hello").ids.slice(0, 4))).toEqual([BOS, HELLO, EOS, 0]);
  });

  it("reads a tokenizer.json when that is all there is", async () => {
    const dir = write({
      "tokenizer.json": JSON.stringify({
        model: { type: "BPE", vocab, merges: merges.map((m) => m.split(" ")) },
      }),
    });
    const tokenizer = await loadClipTokenizer({ modelDir: dir });
    expect(tokenizer.padId).toBe(EOS);
    expect(tokenizer.tokenize("cat")).toEqual(["cat</w>"]);
  });

  it("names the missing tokenizer and what to do", async () => {
    const dir = write({});
    await expect(loadClipTokenizer({ modelDir: dir, subfolder: "tokenizer_2" })).rejects.toMatchObject({
      code: "DIFFUSION_COMPONENT_MISSING",
      component: "tokenizer_2",
      message: expect.stringContaining("tokenizer_2/vocab.json"),
      hint: expect.stringContaining("Download the model again"),
    });
  });
});

/**
 * Tier 2: the real CLIP vocabulary (49408 tokens) from a Stable Diffusion model under
 * HFTOOL_TEST_MODELS_DIR. Expected ids were computed with OpenAI's reference simple_tokenizer.py
 * ("a photo of a cat" → 320 1125 539 320 2368 is CLIP's best-known example).
 */
describe("loadClipTokenizer on a real Stable Diffusion tokenizer", () => {
  const root = process.env["HFTOOL_TEST_MODELS_DIR"];
  const modelDir =
    root && existsSync(root)
      ? readdirSync(root)
          .map((name) => join(root, name))
          .find((dir) => existsSync(join(dir, "tokenizer", "vocab.json")))
      : undefined;
  const expected: Record<string, number[]> = {
    "a photo of a cat": [320, 1125, 539, 320, 2368],
    "A Photo   of an ASTRONAUT riding a horse, 4k, highly-detailed!!": [
      320, 1125, 539, 550, 18376, 6765, 320, 4558, 267, 275, 330, 267, 5302, 268, 12609, 748,
    ],
    "it's don't we'll I'M": [585, 568, 847, 713, 649, 1342, 328, 880],
    "café naïve 東京 ümlaut": [15304, 1097, 35689, 563, 48338, 21078, 361, 6522, 76, 1853, 339],
    "1234 3.14 $100": [272, 273, 274, 275, 274, 269, 272, 275, 259, 272, 271, 271],
    "emoji 🎨🐱 test": [16327, 31953, 22979, 1628],
  };
  if (!modelDir) {
    it("is skipped: no model with tokenizer/vocab.json under HFTOOL_TEST_MODELS_DIR", () => {
      console.log(
        "Skipping the real CLIP tokenizer test: set HFTOOL_TEST_MODELS_DIR to a folder holding an SD model.",
      );
    });
    return;
  }
  it.each(Object.entries(expected))("tokenizes %j like OpenAI's reference", async (prompt, ids) => {
    const tokenizer = await loadClipTokenizer({ modelDir });
    const encoded = tokenizer.encode(prompt).ids;
    expect(Array.from(encoded.slice(0, ids.length + 2))).toEqual([49406, ...ids, 49407]);
  });
});
