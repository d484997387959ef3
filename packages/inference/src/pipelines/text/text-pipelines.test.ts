import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AbortError, InputError, UsageError } from "@hftool/core";
import {
  buildBertFixture,
  buildGpt2Fixture,
  buildSeq2SeqFixture,
  type BertFixtureHead,
  type Gpt2Fixture,
} from "@hftool/test-utils";
import { ModelFormatError } from "../../errors/errors.js";
import type { Pipeline } from "../pipeline.js";
import { createTextPipeline } from "./create-text-pipeline.js";
import type {
  AnswersResult,
  EmbeddingsResult,
  EntitiesResult,
  GeneratedTextResult,
  MaskFillsResult,
  TextLabelsResult,
  TextTaskResult,
} from "./text-results.js";

let dir: string;
const open: Pipeline<string, TextTaskResult>[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hftool-text-"));
});
afterAll(async () => {
  for (const p of open) await p.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function bert<R extends TextTaskResult>(task: string, head: BertFixtureHead, maxLength?: number) {
  const fixture = buildBertFixture({
    dir: join(dir, `${head}-${maxLength ?? "full"}`),
    head,
    ...(maxLength ? { maxLength } : {}),
  });
  const pipeline = await createTextPipeline({ task, model: fixture.dir, device: "cpu" });
  open.push(pipeline);
  return pipeline as Pipeline<string, R>;
}

describe("text classification", () => {
  it("labels the text, best first, with every label on request", async () => {
    const clf = await bert<TextLabelsResult>("sentiment", "sequence-classification");
    const good = await clf.run("The movie was GREAT, I love it!");
    expect(good).toMatchObject({
      kind: "text-labels",
      task: "text-classification",
      multiLabel: false,
      notices: [],
    });
    expect(good.labels).toHaveLength(1);
    expect(good.labels[0]!.label).toBe("POSITIVE");
    const all = await clf.run("an awful film", { params: { top_k: 0 } });
    expect(all.labels.map((l) => l.label)).toEqual(["NEGATIVE", "POSITIVE"]);
    expect(all.labels[0]!.score + all.labels[1]!.score).toBeCloseTo(1, 5);
    await expect(clf.run("  \n")).rejects.toThrow(InputError);
    await expect(clf.run("good", { params: { top_k: -1 } })).rejects.toThrow(/top_k must be a whole number/);
  });

  it("says when the text was longer than the model reads", async () => {
    const clf = await bert<TextLabelsResult>("text-classification", "sequence-classification", 8);
    const result = await clf.run("the movie is great and the film is good and it was wonderful");
    expect(result.notices[0]).toMatch(/has \d+ tokens, but the model reads 8/);
  });
});

describe("zero-shot classification", () => {
  it("picks the label the text is about, exclusive or independent", async () => {
    const zsc = await bert<TextLabelsResult>("zero-shot", "nli");
    const result = await zsc.run("The team scored a goal in the football match", {
      params: { labels: "cooking, sports,politics" },
    });
    expect(result.labels.map((l) => l.label)).toEqual(["sports", "cooking", "politics"]);
    expect(result.labels[0]!.score).toBeGreaterThan(0.99);
    expect(result.labels.reduce((a, l) => a + l.score, 0)).toBeCloseTo(1, 5);
    const multi = await zsc.run("The minister lost the vote", {
      params: { labels: ["politics", "cooking"], multi_label: true },
    });
    expect(multi.multiLabel).toBe(true);
    expect(multi.labels[0]).toMatchObject({ label: "politics" });
    expect(multi.labels[1]!.score).toBeCloseTo(0.5, 5);
  });

  it("needs labels, and a template with {}", async () => {
    const zsc = await bert<TextLabelsResult>("zero-shot-classification", "nli");
    await expect(zsc.run("a text")).rejects.toThrow(UsageError);
    await expect(zsc.run("a text")).rejects.toThrow(/needs the labels/);
    await expect(
      zsc.run("a text", { params: { labels: "a,b", hypothesis_template: "This is about" } }),
    ).rejects.toThrow(/must contain \{\}/);
  });

  it("refuses a classifier that is not an NLI model", async () => {
    const fixture = buildBertFixture({ dir: join(dir, "not-nli"), head: "sequence-classification" });
    await expect(
      createTextPipeline({ task: "zero-shot", model: fixture.dir, device: "cpu" }),
    ).rejects.toThrow(ModelFormatError);
    await expect(
      createTextPipeline({ task: "zero-shot", model: fixture.dir, device: "cpu" }),
    ).rejects.toThrow(/not an NLI model: its labels \(NEGATIVE, POSITIVE\)/);
  });
});

describe("token classification", () => {
  it("groups entities and gives their offsets and spelling in the text", async () => {
    const ner = await bert<EntitiesResult>("ner", "token-classification");
    const text = "Alice works at Acme Corp in New York.";
    const result = await ner.run(text);
    expect(result.grouped).toBe(true);
    expect(result.entities.map((e) => [e.entity, e.word, e.start, e.end])).toEqual([
      ["PER", "Alice", 0, 5],
      ["ORG", "Acme Corp", 15, 24],
      ["LOC", "New York", 28, 36],
    ]);
    for (const e of result.entities) expect(text.slice(e.start, e.end)).toBe(e.word);
    const tokens = await ner.run(text, { params: { aggregation: "none" } });
    expect(tokens.grouped).toBe(false);
    expect(tokens.entities.map((e) => e.entity)).toEqual(["B-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"]);
  });

  it("reads a text longer than the model in pieces, with offsets into the whole text", async () => {
    const ner = await bert<EntitiesResult>("ner", "token-classification", 12);
    const text =
      "It was a good film and it was a great movie. " +
      "Bob works at Acme Corp. The capital of France is Paris. Alice lives in London.";
    const result = await ner.run(text);
    expect(result.entities.map((e) => e.word)).toEqual(["Bob", "Acme Corp", "Paris", "Alice", "London"]);
    for (const e of result.entities) expect(text.slice(e.start, e.end)).toBe(e.word);
  });
});

describe("question answering", () => {
  const context = "Alice works at Acme Corp in New York.";

  it("answers from the context with offsets, from --context or a JSON input", async () => {
    const qa = await bert<AnswersResult>("qa", "question-answering");
    const where = await qa.run("Where does Alice work?", { params: { context } });
    expect(where.answers).toHaveLength(1);
    expect(where.answers[0]).toMatchObject({ answer: "New York", start: 28, end: 36 });
    const which = await qa.run(JSON.stringify({ question: "Which company?", context }), {
      params: { top_k: 2 },
    });
    expect(which.question).toBe("Which company?");
    expect(which.answers).toHaveLength(2);
    expect(which.answers[0]!.answer).toBe("Acme Corp");
    expect(which.answers[0]!.score).toBeGreaterThan(which.answers[1]!.score);
    // spans are at most max_answer_len tokens long
    const short = await qa.run("Which company?", { params: { context, max_answer_len: 1, top_k: 3 } });
    for (const a of short.answers) expect(a.answer.split(" ")).toHaveLength(1);
    expect(short.answers.map((a) => a.answer)).toEqual(expect.arrayContaining(["Acme", "Corp"]));
  });

  it("needs a context, once", async () => {
    const qa = await bert<AnswersResult>("question-answering", "question-answering");
    await expect(qa.run("Where?")).rejects.toThrow(/needs a context/);
    await expect(
      qa.run(JSON.stringify({ question: "Who?", context }), { params: { context } }),
    ).rejects.toThrow(/given twice/);
    await expect(qa.run('{"question": ')).rejects.toThrow(InputError);
    await expect(qa.run(JSON.stringify({ question: " ", context }))).rejects.toThrow(/question is empty/);
  });

  it("finds the answer in a context longer than the model reads", async () => {
    const qa = await bert<AnswersResult>("qa", "question-answering", 24);
    const long =
      "The film was good. The movie was great. It was a wonderful film. " +
      "I love this movie. The team scored a goal. Bob lives in Berlin.";
    const result = await qa.run("Where does Bob live?", { params: { context: long } });
    expect(result.answers[0]).toMatchObject({ answer: "Berlin" });
    expect(long.slice(result.answers[0]!.start, result.answers[0]!.end)).toBe("Berlin");
  });
});

describe("fill-mask", () => {
  it("fills every mask, written [MASK] or <mask>", async () => {
    const fill = await bert<MaskFillsResult>("fill-mask", "masked-lm");
    const one = await fill.run("Paris is the capital of [MASK].", { params: { top_k: 3 } });
    expect(one.maskToken).toBe("[MASK]");
    expect(one.masks).toHaveLength(1);
    expect(one.masks[0]!.fills).toHaveLength(3);
    expect(one.masks[0]!.fills[0]).toMatchObject({
      token: "france",
      sequence: "Paris is the capital of france.",
    });
    const other = await fill.run("Berlin is the capital of <mask>.");
    expect(other.masks[0]!.fills[0]!.token).toBe("germany");
    expect(other.masks[0]!.fills).toHaveLength(5);
    const two = await fill.run("The capital of [MASK] is Paris, not <mask>.", { params: { top_k: 1 } });
    expect(two.masks.map((m) => [m.start, m.end, m.fills[0]!.token, m.fills[0]!.sequence])).toEqual([
      [15, 21, "france", "The capital of france is Paris, not <mask>."],
      [36, 42, "france", "The capital of [MASK] is Paris, not france."],
    ]);
    await expect(fill.run("no mask here")).rejects.toThrow(/needs a mask/);
  });
});

describe("summarization, translation and text-to-text", () => {
  it("generates word by word through the encoder, the cache and the decoder, and streams", async () => {
    const marian = buildSeq2SeqFixture({
      dir: join(dir, "marian"),
      type: "marian",
      dictionary: { hello: "hallo", world: "welt", the: "die", cat: "katze", sleeps: "schläft" },
    });
    const translate = await createTextPipeline({ task: "translate", model: marian.dir, device: "cpu" });
    open.push(translate);
    const pieces: string[] = [];
    const text = "Hello world. The cat sleeps!";
    const result = (await translate.run(text, { onText: (p) => pieces.push(p) })) as GeneratedTextResult;
    expect(result).toMatchObject({
      kind: "generated-text",
      task: "translation",
      finishReason: "eos",
      notices: [],
    });
    expect(result.text).toBe(marian.expected(text));
    expect(result.text).toBe("hallo welt. die katze schläft!");
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join("")).toBe(result.text);
    const fixed = (await translate.run("hello", { params: { tgt_lang: "fr" } })) as GeneratedTextResult;
    expect(fixed.notices[0]).toMatch(/one fixed language pair/);
    const short = (await translate.run(text, { params: { max_new_tokens: 2 } })) as GeneratedTextResult;
    expect(short).toMatchObject({ text: "hallo welt", finishReason: "length", tokens: 2 });
  });

  it("asks multilingual models for the target language and checks the codes", async () => {
    const m2m = buildSeq2SeqFixture({
      dir: join(dir, "m2m"),
      type: "m2m_100",
      dictionary: { hello: "bonjour" },
    });
    const translate = await createTextPipeline({ task: "translation", model: m2m.dir, device: "cpu" });
    open.push(translate);
    const result = (await translate.run("hello", {
      params: { src_lang: "en", tgt_lang: "fr" },
    })) as GeneratedTextResult;
    expect(result.text).toBe("bonjour");
    expect(result.languages).toEqual({ source: "en", target: "fr" });
    await expect(translate.run("hello")).rejects.toThrow(/say which with --tgt_lang/);
    await expect(translate.run("hello", { params: { tgt_lang: "fre" } })).rejects.toThrow(
      /did you mean 'fr'/,
    );
    await expect(translate.run("hello", { params: { tgt_lang: "fr", src_lang: "xx" } })).rejects.toThrow(
      UsageError,
    );
  });

  it("picks a T5 translation prefix from the languages", async () => {
    const t5 = buildSeq2SeqFixture({
      dir: join(dir, "t5-translate"),
      type: "t5",
      dictionary: { hello: "hallo" },
      words: ["translate", "english", "to", "german", "french", ":"],
      config: {
        task_specific_params: {
          translation_en_to_de: { prefix: "translate English to German: " },
          translation_en_to_fr: { prefix: "translate English to French: " },
        },
      },
    });
    const translate = await createTextPipeline({ task: "translation", model: t5.dir, device: "cpu" });
    open.push(translate);
    const result = (await translate.run("hello", { params: { tgt_lang: "de" } })) as GeneratedTextResult;
    // the fixture copies the prefix word by word, so the prompt shows in the output
    expect(result.text).toBe("translate english to german : hallo");
    expect(result.languages).toEqual({ source: "en", target: "de" });
    await expect(translate.run("hello")).rejects.toThrow(/translates en→de, en→fr/);
    await expect(translate.run("hello", { params: { tgt_lang: "ro" } })).rejects.toThrow(
      /does not translate/,
    );
  });

  it("summarizes and answers text-to-text prompts, and samples with a seed", async () => {
    const bart = buildSeq2SeqFixture({
      dir: join(dir, "bart"),
      type: "bart",
      dictionary: { long: "short", story: "tale" },
      words: ["a", "very"],
    });
    const summarize = await createTextPipeline({ task: "summarize", model: bart.dir, device: "cpu" });
    open.push(summarize);
    const summary = (await summarize.run("A very long story.")) as GeneratedTextResult;
    expect(summary.text).toBe("a very short tale.");
    expect(summary.seed).toBeUndefined();
    const sampled = (await summarize.run("A very long story.", {
      params: { temperature: 0.8, seed: 5 },
    })) as GeneratedTextResult;
    expect(sampled).toMatchObject({ seed: 5, sampling: { temperature: 0.8 } });
    // the fixture is so sure of every word that sampling agrees with greedy decoding
    expect(sampled.text).toBe("a very short tale.");
    const t5 = buildSeq2SeqFixture({
      dir: join(dir, "t5"),
      type: "t5",
      dictionary: { question: "answer" },
      words: ["a"],
    });
    const t2t = await createTextPipeline({ task: "t2t", model: t5.dir, device: "cpu" });
    open.push(t2t);
    expect(((await t2t.run("a question")) as GeneratedTextResult).text).toBe("a answer");
  });
});

describe("text generation", () => {
  let gpt2: Gpt2Fixture;
  let llm: Pipeline<string, GeneratedTextResult>;
  beforeAll(async () => {
    gpt2 = buildGpt2Fixture({ dir: join(dir, "gpt2") });
    llm = (await createTextPipeline({ task: "llm", model: gpt2.dir, device: "cpu" })) as Pipeline<
      string,
      GeneratedTextResult
    >;
    open.push(llm);
  });

  it("answers through the chat template with the system prompt, streaming every token in order", async () => {
    const pieces: string[] = [];
    const progress: number[] = [];
    const result = await llm.run("Hi!", {
      params: { system: "You are terse." },
      onText: (p) => pieces.push(p),
      onProgress: (p) => progress.push(p.done),
    });
    expect(result.text).toBe(gpt2.chatReply);
    expect(result.prompt).toBe(
      "<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nHi!<|im_end|>\n<|im_start|>assistant\n",
    );
    expect(result).toMatchObject({ finishReason: "eos", tokens: 9, notices: [] });
    expect(pieces).toEqual(["Hello", " there", "!", " How", " can", " I", " help", "?"]);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(result.seed).toBeUndefined();
  });

  it("takes a conversation as JSON messages", async () => {
    const chat = JSON.stringify([
      { role: "user", content: "Hi" },
      { role: "assistant", content: "Hello" },
      { role: "user", content: "Again" },
    ]);
    const result = await llm.run(chat);
    expect(result.prompt).toContain("<|im_start|>assistant\nHello<|im_end|>\n<|im_start|>user\nAgain");
    await expect(llm.run('[{"role": "user"}]')).rejects.toThrow(/array of \{"role"/);
  });

  it("samples reproducibly: the same seed gives the same text, seeds differ", async () => {
    const texts = new Map<number, string>();
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const result = await llm.run("Hi", { params: { temperature: 1, seed, max_new_tokens: 3 } });
      expect(result).toMatchObject({ seed, finishReason: "length", tokens: 3 });
      texts.set(seed, result.text);
      const again = await llm.run("Hi", { params: { temperature: 1, seed, max_new_tokens: 3 } });
      expect(again.text).toBe(result.text);
    }
    const words = new Set([...texts.values()].map((t) => /^Hello (\w+)!$/.exec(t)![1]));
    expect(words.size).toBeGreaterThan(1);
    for (const word of words) expect(gpt2.sampledWords).toContain(word);
    // without a seed, one is chosen and reported, and repeats the run
    const unseeded = await llm.run("Hi", { params: { temperature: 1, max_new_tokens: 3 } });
    expect(unseeded.seed).toEqual(expect.any(Number));
    const repeated = await llm.run("Hi", {
      params: { temperature: 1, max_new_tokens: 3, seed: unseeded.seed },
    });
    expect(repeated.text).toBe(unseeded.text);
    // a nucleus of 0.3 keeps only the first of three equally likely words
    for (const seed of [1, 2, 3]) {
      expect((await llm.run("Hi", { params: { temperature: 1, top_p: 0.3, seed } })).text).toBe(
        gpt2.chatReply,
      );
    }
  });

  it("ends at a stop string, which is not in the text", async () => {
    const pieces: string[] = [];
    const result = await llm.run("Hi", {
      params: { stop: ["nothing", "How"] },
      onText: (p) => pieces.push(p),
    });
    expect(result).toMatchObject({ text: "Hello there! ", finishReason: "stop", stop: "How" });
    expect(pieces.join("")).toBe("Hello there! ");
    const newline = await llm.run("Hi", { params: { stop: "!" } });
    expect(newline.text).toBe("Hello there");
  });

  it("sends the prompt as is without the template, and says what needs one", async () => {
    const raw = await llm.run("Once upon a time", { params: { chat: false } });
    expect(raw).toMatchObject({
      text: gpt2.rawContinuation,
      prompt: "Once upon a time",
      finishReason: "eos",
    });
    await expect(llm.run("Hi", { params: { chat: false, system: "x" } })).rejects.toThrow(
      /--system needs the chat template/,
    );
    const plain = buildGpt2Fixture({
      dir: join(dir, "gpt2-plain"),
      chatTemplate: false,
      mergedDecoderName: true,
    });
    const base = await createTextPipeline({ task: "text-generation", model: plain.dir, device: "cpu" });
    open.push(base);
    expect(((await base.run("Once upon a time")) as GeneratedTextResult).text).toBe(plain.rawContinuation);
    await expect(base.run("Hi", { params: { system: "Be brief." } })).rejects.toThrow(/no chat template/);
    await expect(base.run("Hi", { params: { chat: true } })).rejects.toThrow(UsageError);
  });

  it("reads a chat template from chat_template.jinja", async () => {
    const plain = buildGpt2Fixture({ dir: join(dir, "gpt2-jinja"), chatTemplate: false });
    writeFileSync(join(plain.dir, "chat_template.jinja"), gpt2.chatTemplate!);
    const chat = await createTextPipeline({ task: "llm", model: plain.dir, device: "cpu" });
    open.push(chat);
    const result = (await chat.run("Hi")) as GeneratedTextResult;
    expect(result.prompt).toBe("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
  });

  it("leaves out the fewest oldest turns of a chat longer than the model reads, keeping the system prompt", async () => {
    const short = buildGpt2Fixture({ dir: join(dir, "gpt2-short"), contextLength: 120 });
    const pipe = (await createTextPipeline({ task: "llm", model: short.dir, device: "cpu" })) as Pipeline<
      string,
      GeneratedTextResult
    >;
    open.push(pipe);
    const chat: { role: string; content: string }[] = [];
    for (let i = 1; i <= 5; i++) {
      chat.push({ role: "user", content: `question ${i}` }, { role: "assistant", content: `answer ${i}` });
    }
    chat.push({ role: "user", content: "last question" });
    const params = { system: "Be brief.", max_new_tokens: 16 };
    const result = await pipe.run(JSON.stringify(chat), { params });
    expect(result.text).toBe(short.chatReply);
    const dropped = result.droppedMessages!;
    // whole exchanges go, so the chat still starts with a user message; at least one stays
    expect(dropped % 2).toBe(0);
    expect(dropped).toBeGreaterThan(0);
    expect(dropped).toBeLessThan(chat.length - 1);
    expect(result.prompt).toMatch(/^<\|im_start\|>system\nBe brief\.<\|im_end\|>\n<\|im_start\|>user\n/);
    expect(result.prompt).toContain(`question ${dropped / 2 + 1}`);
    expect(result.prompt).not.toContain(`answer ${dropped / 2}`);
    expect(result.prompt).toContain("last question");
    expect(result.promptTokens + 16).toBeLessThanOrEqual(120);
    expect(result.notices).toEqual([
      `The chat is longer than the model reads (120 tokens, room for the reply included): its ${dropped} oldest messages were left out.`,
    ]);
    // the fewest: the kept part fits whole, one exchange more does not
    const kept = await pipe.run(JSON.stringify(chat.slice(dropped)), { params });
    expect(kept.droppedMessages).toBeUndefined();
    expect(kept.prompt).toBe(result.prompt);
    expect((await pipe.run(JSON.stringify(chat.slice(dropped - 2)), { params })).droppedMessages).toBe(2);
    // a prompt alone that does not fit is still an error, not an empty chat
    const long = [{ role: "user", content: "x".repeat(200) }];
    await expect(pipe.run(JSON.stringify(long), { params })).rejects.toThrow(/reads at most 120/);
  });

  it("stops between tokens when aborted", async () => {
    const controller = new AbortController();
    await expect(
      llm.run("Hi", { signal: controller.signal, onText: () => controller.abort() }),
    ).rejects.toThrow(AbortError);
  });
});

describe("feature extraction", () => {
  const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i]!, 0);

  it("embeds each non-empty line into a unit vector; similar lines are close", async () => {
    const embed = await bert<EmbeddingsResult>("embed", "feature-extraction");
    const result = await embed.run("a great movie\n\n  a wonderful film  \nthe election vote\n");
    expect(result).toMatchObject({ dims: 8, pooling: "mean", normalized: true, notices: [] });
    expect(result.inputs).toEqual(["a great movie", "a wonderful film", "the election vote"]);
    expect(result.shapes).toEqual([[8], [8], [8]]);
    for (const e of result.embeddings) expect(Math.sqrt(dot(e, e))).toBeCloseTo(1, 5);
    const [great, wonderful, vote] = result.embeddings as [Float32Array, Float32Array, Float32Array];
    expect(dot(great, wonderful)).toBeGreaterThan(dot(great, vote) + 0.3);
  });

  it("pools as asked, or keeps one vector per token", async () => {
    const embed = await bert<EmbeddingsResult>("feature-extraction", "feature-extraction");
    const whole = await embed.run("a great movie\nthe vote", { params: { lines: false, normalize: false } });
    expect(whole.inputs).toEqual(["a great movie\nthe vote"]);
    expect(Math.sqrt(dot(whole.embeddings[0]!, whole.embeddings[0]!))).not.toBeCloseTo(1, 2);
    const tokens = await embed.run("a great movie\nvote", { params: { pooling: "none" } });
    // [CLS] a great movie [SEP] and [CLS] vote [SEP]
    expect(tokens.shapes).toEqual([
      [5, 8],
      [3, 8],
    ]);
    const cls = await embed.run("great\nawful", { params: { pooling: "cls" } });
    expect(Array.from(cls.embeddings[0]!)).toEqual(Array.from(cls.embeddings[1]!));
    await expect(embed.run("x", { params: { pooling: "max" } })).rejects.toThrow(/pooling must be one of/);
  });
});
