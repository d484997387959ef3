import { bytesToUnicode } from "./bytes-to-unicode.js";

/** What a CLIP tokenizer is built from: the contents of a diffusers `tokenizer/` folder. */
export interface ClipTokenizerData {
  /** `vocab.json`: token → id. */
  vocab: Readonly<Record<string, number>>;
  /** `merges.txt` lines as `"a b"` pairs, highest priority first (no `#version` line). */
  merges: readonly string[];
  /** Begin-of-text token. @default "<|startoftext|>" */
  bosToken?: string;
  /** End-of-text token. @default "<|endoftext|>" */
  eosToken?: string;
  /** Padding token: `<|endoftext|>` for OpenAI CLIP (SD 1.x, SDXL encoder 1), `!` for OpenCLIP (SD 2.x, SDXL encoder 2). @default eosToken */
  padToken?: string;
  /** Token for text the vocabulary cannot spell. @default eosToken */
  unkToken?: string;
  /** Sequence length the text encoder takes. @default 77 */
  maxLength?: number;
}

/** A tokenized prompt. */
export interface ClipEncoding {
  /** Exactly `maxLength` ids: bos, the prompt's tokens, eos, then padding. */
  ids: Int32Array;
  /** How many of the prompt's tokens were cut to fit (0 when it fit). */
  truncatedTokens: number;
}

/**
 * Pre-tokenizer of CLIP (OpenAI's `simple_tokenizer.py`): special tokens, English contractions,
 * runs of letters, single digits, runs of other non-space characters.
 */
const PRETOKENIZE =
  /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+/giu;

/**
 * CLIP's byte-level BPE tokenizer, built from `vocab.json` and `merges.txt` (the Stable Diffusion
 * repos ship no `tokenizer.json`). Text is NFC-normalised, whitespace-collapsed and lowercased;
 * the last symbol of every word carries the `</w>` end-of-word suffix; ids are wrapped in
 * bos/eos and padded or truncated to `maxLength`, as the `padding="max_length", truncation=True`
 * calls of the diffusers pipelines do.
 */
export class ClipTokenizer {
  readonly maxLength: number;
  readonly bosId: number;
  readonly eosId: number;
  readonly padId: number;
  readonly #unkId: number;
  readonly #vocab: ReadonlyMap<string, number>;
  readonly #ranks: ReadonlyMap<string, number>;
  readonly #byteChars = bytesToUnicode();
  readonly #encoder = new TextEncoder();
  readonly #cache = new Map<string, number[]>();
  #decoder: Map<number, string> | undefined;

  constructor(data: ClipTokenizerData) {
    this.#vocab = new Map(Object.entries(data.vocab));
    this.#ranks = new Map(data.merges.map((merge, rank) => [merge, rank]));
    const eos = data.eosToken ?? "<|endoftext|>";
    const idOf = (token: string, role: string) => {
      const id = this.#vocab.get(token);
      if (id === undefined)
        throw new RangeError(`The ${role} token ${JSON.stringify(token)} is not in vocab.json.`);
      return id;
    };
    this.bosId = idOf(data.bosToken ?? "<|startoftext|>", "bos");
    this.eosId = idOf(eos, "eos");
    this.padId = idOf(data.padToken ?? eos, "pad");
    this.#unkId = idOf(data.unkToken ?? eos, "unk");
    this.maxLength = data.maxLength ?? 77;
    if (this.maxLength < 2) throw new RangeError(`maxLength must be at least 2, got ${this.maxLength}.`);
  }

  /** CLIP's text clean-up: Unicode NFC, runs of whitespace to one space, trimmed, lowercased. */
  normalize(text: string): string {
    return text.normalize("NFC").replace(/\s+/gu, " ").trim().toLowerCase();
  }

  /** The BPE token strings of a text, without bos/eos (for inspection and tests). */
  tokenize(text: string): string[] {
    return this.#tokenIds(text).map((id) => this.#tokenOf(id));
  }

  /** Token ids of `text` wrapped in bos/eos, truncated and padded to `maxLength`. */
  encode(text: string): ClipEncoding {
    const tokens = this.#tokenIds(text);
    const room = this.maxLength - 2;
    const kept = tokens.slice(0, room);
    const ids = new Int32Array(this.maxLength).fill(this.padId);
    ids[0] = this.bosId;
    ids.set(kept, 1);
    ids[kept.length + 1] = this.eosId;
    return { ids, truncatedTokens: tokens.length - kept.length };
  }

  #tokenOf(id: number): string {
    this.#decoder ??= new Map(Array.from(this.#vocab, ([token, value]) => [value, token]));
    return this.#decoder.get(id) ?? "";
  }

  #tokenIds(text: string): number[] {
    const ids: number[] = [];
    for (const match of this.normalize(text).matchAll(PRETOKENIZE)) ids.push(...this.#wordIds(match[0]));
    return ids;
  }

  #wordIds(word: string): number[] {
    const cached = this.#cache.get(word);
    if (cached) return cached;
    let ids: number[];
    if (word === "<|startoftext|>" || word === "<|endoftext|>") {
      ids = [this.#vocab.get(word) ?? this.#unkId];
    } else {
      const chars = Array.from(this.#encoder.encode(word), (b) => this.#byteChars[b]!);
      ids = this.#bpe(chars).map((symbol) => this.#vocab.get(symbol) ?? this.#unkId);
    }
    this.#cache.set(word, ids);
    return ids;
  }

  /** Repeatedly merges the adjacent pair with the lowest merge rank. */
  #bpe(chars: string[]): string[] {
    const symbols = chars.slice();
    symbols[symbols.length - 1] += "</w>";
    for (;;) {
      let best = -1;
      let bestRank = Infinity;
      for (let i = 0; i < symbols.length - 1; i++) {
        const rank = this.#ranks.get(`${symbols[i]} ${symbols[i + 1]}`);
        if (rank !== undefined && rank < bestRank) {
          bestRank = rank;
          best = i;
        }
      }
      if (best < 0) return symbols;
      // Merge every occurrence of the best pair, left to right, as the reference does.
      const first = symbols[best]!;
      const second = symbols[best + 1]!;
      const merged: string[] = [];
      for (let i = 0; i < symbols.length; i++) {
        if (i < symbols.length - 1 && symbols[i] === first && symbols[i + 1] === second) {
          merged.push(first + second);
          i++;
        } else {
          merged.push(symbols[i]!);
        }
      }
      symbols.splice(0, symbols.length, ...merged);
    }
  }
}
