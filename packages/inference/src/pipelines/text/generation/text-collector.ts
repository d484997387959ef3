/** The part of a tokenizer the collector needs. */
export interface Detokenizer {
  decode(ids: readonly (number | bigint)[], options: { skip_special_tokens: boolean }): string;
}

/** Parameters of {@link TextCollector}. */
export interface TextCollectorParams {
  tokenizer: Detokenizer;
  /** Generation ends at the first of these; they are not part of the text. */
  stop?: readonly string[];
  /** Called with each new piece of text, in order, as soon as it is certain. */
  onText?: (piece: string) => void;
  /** Called after each generated token with how many there are. */
  onToken?: (count: number) => void;
}

/**
 * A transformers.js streamer (`put`/`end`) that turns generated tokens into text as they come.
 * It holds back only what is not certain yet: a character whose UTF-8 bytes are still arriving,
 * and an ending that may be the start of a stop string. When a stop string appears it ends
 * generation (through {@link shouldStop}, used as a stopping criterion) and the text ends
 * just before it.
 */
export class TextCollector {
  readonly #tokenizer: Detokenizer;
  readonly #stop: readonly string[];
  readonly #onText: ((piece: string) => void) | undefined;
  readonly #onToken: ((count: number) => void) | undefined;
  readonly #ids: bigint[] = [];
  #sawPrompt = false;
  #emitted = 0;
  #text = "";
  // incremental detokenization: the text of ids[0, read) is #decoded; new text is what
  // decode(ids[prefix, …)) adds to decode(ids[prefix, read)) — a few tokens of context keep
  // word-start spaces right, and each step decodes a handful of tokens, not all of them
  #decoded = "";
  #prefix = 0;
  #read = 0;
  #stoppedBy: string | undefined;
  #ended = false;

  constructor(params: TextCollectorParams) {
    this.#tokenizer = params.tokenizer;
    this.#stop = (params.stop ?? []).filter((s) => s !== "");
    this.#onText = params.onText;
    this.#onToken = params.onToken;
  }

  /** transformers.js calls this with the prompt first, then each step's new tokens. */
  put(value: readonly (readonly (bigint | number)[])[]): void {
    if (!this.#sawPrompt) {
      this.#sawPrompt = true;
      return;
    }
    if (this.#stoppedBy !== undefined) return;
    const token = value[0]?.[0];
    if (token === undefined) return;
    this.#ids.push(BigInt(token));
    this.#onToken?.(this.#ids.length);
    this.#advance(false);
  }

  /** transformers.js calls this when generation is over. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    if (this.#stoppedBy === undefined) this.#advance(true);
  }

  /** A stopping criterion for transformers.js: true once a stop string has appeared. */
  readonly shouldStop = (inputIds: readonly unknown[]): boolean[] =>
    inputIds.map(() => this.#stoppedBy !== undefined);

  /** Generated tokens so far. */
  get ids(): readonly bigint[] {
    return this.#ids;
  }

  /** The text so far (all of it once generation has ended). */
  get text(): string {
    return this.#text;
  }

  /** The stop string that ended generation. */
  get stoppedBy(): string | undefined {
    return this.#stoppedBy;
  }

  /** All the text the tokens make so far; a character still missing bytes is left out until they come. */
  #decode(final: boolean): string {
    const decode = (from: number, to = this.#ids.length) =>
      to > from ? this.#tokenizer.decode(this.#ids.slice(from, to), { skip_special_tokens: true }) : "";
    const before = decode(this.#prefix, this.#read);
    const after = decode(this.#prefix);
    if (after.length > before.length && (final || !after.endsWith("\uFFFD"))) {
      this.#decoded += after.slice(before.length);
      this.#prefix = this.#read;
      this.#read = this.#ids.length;
    }
    return this.#decoded;
  }

  #advance(final: boolean): void {
    const full = this.#decode(final);
    // a stop string may straddle what was already emitted and what is new
    const longestStop = Math.max(0, ...this.#stop.map((s) => s.length));
    const searchFrom = Math.max(0, this.#emitted - longestStop + 1);
    let cut = -1;
    for (const stop of this.#stop) {
      const at = full.indexOf(stop, searchFrom);
      if (at >= 0 && (cut < 0 || at < cut)) {
        cut = at;
        this.#stoppedBy = stop;
      }
    }
    let certain: string;
    if (cut >= 0) {
      certain = full.slice(0, Math.max(cut, this.#emitted));
    } else if (final) {
      certain = full;
    } else {
      certain = full;
      // an incomplete UTF-8 sequence decodes to U+FFFD until its last byte arrives
      while (certain.endsWith("\uFFFD")) certain = certain.slice(0, -1);
      let hold = 0;
      for (const stop of this.#stop) {
        for (let n = Math.min(stop.length - 1, certain.length); n > hold; n--) {
          if (certain.endsWith(stop.slice(0, n))) {
            hold = n;
            break;
          }
        }
      }
      certain = certain.slice(0, certain.length - hold);
    }
    if (certain.length > this.#emitted) {
      const piece = certain.slice(this.#emitted);
      this.#emitted = certain.length;
      this.#onText?.(piece);
    }
    this.#text = certain;
  }
}
