import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import {
  buildBertFixture,
  buildGpt2Fixture,
  buildSeq2SeqFixture,
  createTempHome,
  runCli,
  type Gpt2Fixture,
  type TempHome,
} from "@hftool/test-utils";

// The text tasks run from the built `hftool` binary on tiny fixture models in local folders
// (-m ./folder): real config, tokenizer and ONNX files, deterministic answers. The same runs with
// models fetched from the loopback Hub server are in text-hub.e2e.test.ts.

let models: TempHome;
let gpt2: Gpt2Fixture;
const marianWords = { hello: "hallo", world: "welt", the: "die", cat: "katze", sleeps: "schläft" };
beforeAll(() => {
  models = createTempHome("hftool-text-models-");
  const at = (name: string) => join(models.root, name);
  buildBertFixture({ dir: at("sentiment"), head: "sequence-classification" });
  buildBertFixture({ dir: at("nli"), head: "nli" });
  buildBertFixture({ dir: at("ner"), head: "token-classification" });
  buildBertFixture({ dir: at("qa"), head: "question-answering" });
  buildBertFixture({ dir: at("mlm"), head: "masked-lm" });
  buildBertFixture({ dir: at("embed"), head: "feature-extraction" });
  buildSeq2SeqFixture({ dir: at("marian"), type: "marian", dictionary: marianWords });
  buildSeq2SeqFixture({ dir: at("m2m"), type: "m2m_100", dictionary: { hello: "bonjour" } });
  buildSeq2SeqFixture({
    dir: at("bart"),
    type: "bart",
    dictionary: { long: "short", story: "tale" },
    words: ["a", "very"],
  });
  buildSeq2SeqFixture({ dir: at("t5"), type: "t5", dictionary: { question: "answer" }, words: ["a"] });
  gpt2 = buildGpt2Fixture({ dir: at("gpt2") });
});
afterAll(() => models.cleanup());

let user: TempHome;
const model = (name: string) => join(models.root, name);
const hftool = (args: string[], extra: { input?: string | Uint8Array } = {}) =>
  runCli(args, {
    cwd: user.cwd,
    env: user.env,
    timeoutMs: 120_000,
    ...(extra.input !== undefined ? { input: extra.input } : {}),
  });
const readJson = (name: string) => JSON.parse(readFileSync(join(user.cwd, name), "utf8"));
beforeEach(() => {
  user = createTempHome();
});
afterEach(() => user.cleanup());

/** Reads a NumPy .npy (v1.0, little-endian float32) file, independently of hftool's writer. */
function readNpy(file: string): { shape: number[]; rows: number[][] } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]));
  const headerLength = bytes.readUInt16LE(8);
  const header = bytes.toString("latin1", 10, 10 + headerLength);
  expect(header).toMatch(/'descr': '<f4', 'fortran_order': False/);
  const shape = /'shape': \(([^)]*)\)/
    .exec(header)![1]!
    .split(",")
    .filter((s) => s.trim())
    .map(Number);
  const values: number[] = [];
  for (let at = 10 + headerLength; at < bytes.length; at += 4) values.push(bytes.readFloatLE(at));
  const width = shape.at(-1)!;
  return {
    shape,
    rows: Array.from({ length: values.length / width }, (_, r) => values.slice(r * width, (r + 1) * width)),
  };
}

describe("classification tasks", () => {
  it("text-classification: labels with scores as JSON, a readable table, and --json", async () => {
    const r = await hftool([
      "-t",
      "sentiment",
      "-i",
      "The movie was GREAT!",
      "-m",
      model("sentiment"),
      "-o",
      "s.json",
    ]);
    expect(r.stderr).toContain("Output saved to");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/POSITIVE\s+█+░*\s+88\.1%/);
    expect(readJson("s.json")).toEqual({
      text: "The movie was GREAT!",
      labels: [{ label: "POSITIVE", score: expect.any(Number) }],
      multi_label: false,
    });
    expect(readJson("s.json.hftool.json")).toMatchObject({ task: "text-classification", format: "json" });
    const txt = await hftool([
      "-t",
      "sentiment",
      "-i",
      "an awful film",
      "-m",
      model("sentiment"),
      "-o",
      "s.txt",
      "--",
      "--top_k",
      "0",
    ]);
    expect(txt.code).toBe(0);
    expect(readFileSync(join(user.cwd, "s.txt"), "utf8")).toMatch(
      /^NEGATIVE {2}0\.88\d\d\nPOSITIVE {2}0\.11\d\d\n$/,
    );
    const json = await hftool(["-t", "sentiment", "-i", "good", "-m", model("sentiment"), "--json"]);
    const doc = JSON.parse(json.stdout);
    expect(doc).toMatchObject({ success: true, task: "text-classification", format: "json" });
    expect(doc.result).toMatchObject({ kind: "text-labels", labels: [{ label: "POSITIVE" }] });
  });

  it("zero-shot-classification: --labels, -- --labels and a config task table all give the labels", async () => {
    const text = "The team scored a goal in the football match";
    const flag = await hftool([
      "-t",
      "zero-shot",
      "-i",
      text,
      "--labels",
      "politics,sports,cooking",
      "-m",
      model("nli"),
      "-o",
      "z.json",
    ]);
    expect(flag.code).toBe(0);
    expect(readJson("z.json").labels.map((l: { label: string }) => l.label)).toEqual([
      "sports",
      "politics",
      "cooking",
    ]);
    expect(flag.stdout.split("\n")[0]).toMatch(/^ {2}sports +█{20} +99\.99%$/);
    const param = await hftool([
      "-t",
      "zsc",
      "-i",
      text,
      "-m",
      model("nli"),
      "--json",
      "--",
      "--labels",
      "cooking,sports",
      "--multi_label",
    ]);
    expect(JSON.parse(param.stdout).result).toMatchObject({
      multi_label: true,
      labels: [{ label: "sports" }, { label: "cooking" }],
    });
    mkdirSync(join(user.cwd, ".hftool"));
    writeFileSync(
      join(user.cwd, ".hftool", "config.toml"),
      '[zero-shot-classification]\nlabels = ["politics", "sports"]\n',
    );
    const config = await hftool(["-t", "zero-shot", "-i", text, "-m", model("nli"), "--json"]);
    expect(JSON.parse(config.stdout).result.labels[0].label).toBe("sports");
  });

  it("token-classification: grouped entities with their place in the text", async () => {
    const text = "Alice works at Acme Corp in New York.";
    const r = await hftool(["-t", "ner", "-i", text, "-m", model("ner"), "-o", "n.json"]);
    expect(r.code).toBe(0);
    const { entities, grouped } = readJson("n.json");
    expect(grouped).toBe(true);
    expect(
      entities.map((e: { entity: string; word: string; start: number; end: number }) => [
        e.entity,
        e.word,
        text.slice(e.start, e.end),
      ]),
    ).toEqual([
      ["PER", "Alice", "Alice"],
      ["ORG", "Acme Corp", "Acme Corp"],
      ["LOC", "New York", "New York"],
    ]);
    expect(r.stdout).toMatch(/LOC +New York +28-36/);
  });

  it("question-answering: the context from --context (text or file) or a JSON input", async () => {
    writeFileSync(join(user.cwd, "article.txt"), "Alice works at Acme Corp in New York.\n");
    const file = await hftool([
      "-t",
      "qa",
      "-i",
      "Where does Alice work?",
      "--context",
      "article.txt",
      "-m",
      model("qa"),
      "-o",
      "a.json",
    ]);
    expect(file.code).toBe(0);
    expect(file.stdout.split("\n")[0]).toBe("New York");
    expect(readJson("a.json")).toMatchObject({
      question: "Where does Alice work?",
      answers: [{ answer: "New York", start: 28, end: 36 }],
    });
    writeFileSync(
      join(user.cwd, "q.json"),
      JSON.stringify({ question: "Who works at Acme Corp?", context: "Bob works at Acme Corp." }),
    );
    const json = await hftool(["-t", "question-answering", "-i", "q.json", "-m", model("qa"), "--json"]);
    expect(JSON.parse(json.stdout).result.answers[0]).toMatchObject({ answer: "Bob", start: 0, end: 3 });
    const literal = await hftool([
      "-t",
      "qa",
      "-i",
      "Which company?",
      "--context",
      "Bob works at Acme Corp.",
      "-m",
      model("qa"),
      "-o",
      "-",
    ]);
    expect(JSON.parse(literal.stdout).answers[0].answer).toBe("Acme Corp");
  });

  it("fill-mask: candidates for the mask with the sentences they make", async () => {
    const r = await hftool([
      "-t",
      "fill-mask",
      "-i",
      "Paris is the capital of [MASK].",
      "-m",
      model("mlm"),
      "-o",
      "f.json",
      "--",
      "--top_k",
      "2",
    ]);
    expect(r.code).toBe(0);
    const result = readJson("f.json");
    expect(result).toMatchObject({ mask_token: "[MASK]", masks: [{ start: 24, end: 30 }] });
    expect(result.masks[0].fills).toHaveLength(2);
    expect(result.masks[0].fills[0]).toMatchObject({
      token: "france",
      sequence: "Paris is the capital of france.",
    });
    expect(r.stdout).toMatch(/france +█+░* +41\.7% +Paris is the capital of france\./);
  });
});

describe("generation tasks", () => {
  it("text-generation: streams the reply to stdout, writes it with -o, and keeps the system prompt", async () => {
    const r = await hftool([
      "-t",
      "llm",
      "-i",
      "Hi!",
      "-m",
      model("gpt2"),
      "-o",
      "reply.txt",
      "--",
      "--system",
      "You are terse.",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${gpt2.chatReply}\n`);
    expect(readFileSync(join(user.cwd, "reply.txt"), "utf8")).toBe(`${gpt2.chatReply}\n`);
    expect(r.stderr).toMatch(/Generated 9 tokens \([\d.]+ tokens\/s\)/);
    const json = await hftool([
      "-t",
      "llm",
      "-i",
      "Hi!",
      "-m",
      model("gpt2"),
      "--json",
      "--",
      "--system",
      "Be brief.",
    ]);
    const doc = JSON.parse(json.stdout);
    expect(doc.result).toMatchObject({
      kind: "generated-text",
      text: gpt2.chatReply,
      finish_reason: "eos",
      prompt:
        "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi!<|im_end|>\n<|im_start|>assistant\n",
    });
    const raw = await hftool([
      "-t",
      "llm",
      "-i",
      "Once upon a time",
      "-m",
      model("gpt2"),
      "-o",
      "-",
      "--",
      "--no-chat",
    ]);
    expect(raw.stdout).toBe(`${gpt2.rawContinuation}\n`);
  });

  it("text-generation: the same seed gives the same text, and a run without one records the seed it drew", async () => {
    const sample = (seed: string) =>
      hftool([
        "-t",
        "llm",
        "-i",
        "Hi",
        "-m",
        model("gpt2"),
        "--seed",
        seed,
        "-o",
        `s${seed}.txt`,
        "--",
        "--temperature",
        "1",
        "--max_new_tokens",
        "3",
      ]);
    const texts: string[] = [];
    for (const seed of ["1", "3", "1"]) {
      const r = await sample(seed);
      expect(r.code).toBe(0);
      texts.push(readFileSync(join(user.cwd, `s${seed}.txt`), "utf8"));
      expect(readJson(`s${seed}.txt.hftool.json`).seed).toBe(Number(seed));
    }
    expect(texts[2]).toBe(texts[0]);
    for (const text of texts)
      expect(text).toMatch(new RegExp(`^Hello (${gpt2.sampledWords.join("|")})!\\n$`));
    const free = await hftool([
      "-t",
      "llm",
      "-i",
      "Hi",
      "-m",
      model("gpt2"),
      "-o",
      "free.txt",
      "--",
      "--temperature",
      "1",
    ]);
    const seed = readJson("free.txt.hftool.json").seed;
    expect(seed).toEqual(expect.any(Number));
    expect(free.stderr).toContain(`seed ${seed}`);
    const again = await hftool([
      "-t",
      "llm",
      "-i",
      "Hi",
      "-m",
      model("gpt2"),
      "--seed",
      String(seed),
      "-o",
      "again.txt",
      "--",
      "--temperature",
      "1",
    ]);
    expect(again.code).toBe(0);
    expect(readFileSync(join(user.cwd, "again.txt"), "utf8")).toBe(
      readFileSync(join(user.cwd, "free.txt"), "utf8"),
    );
  });

  it("interactive text-generation is a chat: each message sees the earlier turns, /new starts over", async () => {
    writeFileSync(join(user.cwd, "question.txt"), "From a file");
    const r = await hftool(["interactive", "-t", "llm", "-m", model("gpt2"), "-o", "chat"], {
      input: "Hi!\n/system Be brief.\nquestion.txt\n/new\nAgain\n",
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${gpt2.chatReply}\n`.repeat(3));
    expect(r.stderr).toContain("the model sees the whole conversation");
    const history = (
      JSON.parse((await hftool(["history", "--json"])).stdout) as { input: string; extra: object }[]
    ).reverse();
    expect(history.map((e) => e.input)).toEqual([
      "Hi!",
      // the second message carries the first with its reply (and the file's text, not its name)
      JSON.stringify([
        { role: "user", content: "Hi!" },
        { role: "assistant", content: gpt2.chatReply },
        { role: "user", content: "From a file" },
      ]),
      "Again",
    ]);
    expect(history[1]!.extra).toEqual({ system: "Be brief." });
    // the list shows a chat turn by its message
    expect((await hftool(["history"])).stdout).toMatch(/#2 +✓ .* chat, 3 messages: From a file/);
    // what the history holds reproduces the turn: the same prompt, the system prompt included
    const again = await hftool(["history", "--rerun", "2", "--json", "-y"]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).result.prompt).toBe(
      "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi!<|im_end|>\n" +
        `<|im_start|>assistant\n${gpt2.chatReply}<|im_end|>\n<|im_start|>user\nFrom a file<|im_end|>\n<|im_start|>assistant\n`,
    );

    // --no-chat: each line stands alone
    const plain = await hftool(
      ["interactive", "-t", "llm", "-m", model("gpt2"), "-o", "plain", "--", "--no-chat"],
      {
        input: "Once upon a time\nOnce upon a time\n",
      },
    );
    expect(plain.stdout).toBe(`${gpt2.rawContinuation}\n`.repeat(2));
  });

  it("interactive text-generation forgets the oldest turns once the chat outgrows the model", async () => {
    const short = buildGpt2Fixture({ dir: join(user.cwd, "short"), contextLength: 100 });
    const lines = [1, 2, 3, 4].map((n) => `question ${n}`);
    const r = await hftool(
      ["interactive", "-t", "llm", "-m", short.dir, "-o", "chat", "--", "--max_new_tokens", "16"],
      { input: `${lines.join("\n")}\n` },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${short.chatReply}\n`.repeat(4));
    expect(r.stderr).toContain(
      "The chat is longer than the model reads (100 tokens, room for the reply included): its 2 oldest messages were left out.",
    );
    const history = (
      JSON.parse((await hftool(["history", "--json"])).stdout) as { input: string }[]
    ).reverse();
    // left out once is forgotten: later messages do not carry what was left out (7 messages otherwise)
    const fourth = JSON.parse(history[3]!.input) as { role: string; content: string }[];
    expect(fourth.length).toBeLessThan(7);
    expect(fourth[0]!.role).toBe("user");
    expect(fourth.at(-1)!.content).toBe("question 4");
    expect(fourth.map((m) => m.content)).not.toContain("question 1");
  });

  it("text-generation: ends at a stop string, which is not written", async () => {
    const r = await hftool([
      "-t",
      "llm",
      "-i",
      "Hi",
      "-m",
      model("gpt2"),
      "-o",
      "stop.json",
      "--",
      "--stop",
      "How",
      "--stop",
      "never",
    ]);
    expect(r.code).toBe(0);
    expect(readJson("stop.json")).toMatchObject({
      text: "Hello there! ",
      finish_reason: "stop",
      stop: "How",
    });
    expect(r.stdout).toBe("Hello there! \n");
  });

  it("translation, summarization and text2text-generation write the generated text", async () => {
    const text = "Hello world. The cat sleeps!";
    const translate = await hftool(["-t", "translate", "-i", text, "-m", model("marian"), "-o", "de.txt"]);
    expect(translate.code).toBe(0);
    expect(readFileSync(join(user.cwd, "de.txt"), "utf8")).toBe("hallo welt. die katze schläft!\n");
    expect(translate.stdout).toBe("hallo welt. die katze schläft!\n");
    const m2m = await hftool([
      "-t",
      "translation",
      "-i",
      "hello",
      "-m",
      model("m2m"),
      "--json",
      "--",
      "--src_lang",
      "en",
      "--tgt_lang",
      "fr",
    ]);
    expect(JSON.parse(m2m.stdout).result).toMatchObject({
      text: "bonjour",
      source_lang: "en",
      target_lang: "fr",
    });
    const summary = await hftool([
      "-t",
      "summarize",
      "-i",
      "A very long story.",
      "-m",
      model("bart"),
      "-o",
      "-",
    ]);
    expect(summary.stdout).toBe("a very short tale.\n");
    const t2t = await hftool(["-t", "t2t", "-i", "a question", "-m", model("t5"), "-o", "t2t.json"]);
    expect(t2t.code).toBe(0);
    expect(readJson("t2t.json")).toMatchObject({
      text: "a answer",
      input: "a question",
      finish_reason: "eos",
    });
  });

  it("translation: a multilingual model needs the target language, and knows its codes", async () => {
    const missing = await hftool(["-t", "translate", "-i", "hello", "-m", model("m2m")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("say which with --tgt_lang");
    expect(missing.stderr).toContain("-- --tgt_lang fr");
    const wrong = await hftool([
      "-t",
      "translate",
      "-i",
      "hello",
      "-m",
      model("m2m"),
      "--",
      "--tgt_lang",
      "fre",
    ]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("did you mean 'fr'?");
  });
});

describe("feature-extraction", () => {
  it("embeds each line of a file as a unit vector, as .npy and JSON; --dims prints the size", async () => {
    writeFileSync(join(user.cwd, "lines.txt"), "a great movie\n\na wonderful film\nthe election vote\n");
    const npy = await hftool(["-t", "embed", "-i", "lines.txt", "-m", model("embed"), "-o", "v.npy"]);
    expect(npy.code).toBe(0);
    const { shape, rows } = readNpy(join(user.cwd, "v.npy"));
    expect(shape).toEqual([3, 8]);
    for (const row of rows) expect(Math.hypot(...row)).toBeCloseTo(1, 5);
    const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);
    expect(dot(rows[0]!, rows[1]!)).toBeGreaterThan(dot(rows[0]!, rows[2]!));
    const json = await hftool([
      "-t",
      "embeddings",
      "-i",
      "lines.txt",
      "-m",
      model("embed"),
      "-o",
      "v.json",
      "--dims",
    ]);
    expect(json.stdout).toBe("3x8\n");
    const doc = readJson("v.json");
    expect(doc).toMatchObject({ count: 3, dims: 8, pooling: "mean", normalized: true });
    expect(doc.embeddings.map((e: { text: string }) => e.text)).toEqual([
      "a great movie",
      "a wonderful film",
      "the election vote",
    ]);
    doc.embeddings.forEach((e: { embedding: number[] }, i: number) => {
      expect(e.embedding).toHaveLength(8);
      e.embedding.forEach((v, j) => expect(v).toBeCloseTo(rows[i]![j]!, 6));
    });
    const one = await hftool([
      "-t",
      "embed",
      "-i",
      "a great movie",
      "-m",
      model("embed"),
      "--json",
      "--",
      "--no-normalize",
    ]);
    const vector = JSON.parse(one.stdout).result.embeddings[0].embedding as number[];
    expect(Math.hypot(...vector)).not.toBeCloseTo(1, 2);
  });
});

describe("text tasks: bad input fails clearly, before loading, and writes nothing", () => {
  const outputs = () => readdirSync(user.cwd).filter((f) => !f.startsWith("."));

  it("an image or a recording for a text task", async () => {
    writeFileSync(
      join(user.cwd, "photo.png"),
      Buffer.from("89504e470d0a1a0a0000000d4948445200000001", "hex"),
    );
    const png = await hftool(["-t", "sentiment", "-i", "photo.png", "-m", model("sentiment")]);
    expect(png.code).toBe(1);
    expect(png.stderr).toContain("photo.png is a PNG image, but text-classification takes text.");
    const wav = Buffer.concat([
      Buffer.from("RIFF"),
      Buffer.alloc(4),
      Buffer.from("WAVEfmt "),
      Buffer.alloc(32),
    ]);
    const piped = await hftool(["-t", "llm", "-i", "-", "-m", model("gpt2")], { input: wav });
    expect(piped.code).toBe(1);
    expect(piped.stderr).toContain("stdin is a WAV recording, but text-generation takes text.");
    const context = await hftool(["-t", "qa", "-i", "Who?", "--context", "photo.png", "-m", model("qa")]);
    expect(context.code).toBe(1);
    expect(context.stderr).toContain("--context photo.png is a PNG image, not text.");
    expect(outputs()).toEqual(["photo.png"]);
  });

  it("an empty input, missing labels, context or mask", async () => {
    writeFileSync(join(user.cwd, "empty.txt"), "\n  \n");
    const empty = await hftool(["-t", "summarize", "-i", "empty.txt", "-m", model("bart")]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("The input text is empty.");
    const labels = await hftool(["-t", "zero-shot", "-i", "a text", "-m", model("nli")]);
    expect(labels.code).toBe(2);
    expect(labels.stderr).toContain("needs the labels to choose from");
    expect(labels.stderr).toContain("--labels sports,politics,cooking");
    const context = await hftool(["-t", "qa", "-i", "Where?", "-m", model("qa")]);
    expect(context.code).toBe(2);
    expect(context.stderr).toContain("needs a context");
    const mask = await hftool(["-t", "fill-mask", "-i", "no mask here", "-m", model("mlm")]);
    expect(mask.code).toBe(2);
    expect(mask.stderr).toContain("[MASK]");
    for (const r of [empty, labels, context, mask]) expect(r.stderr).not.toContain("Loaded");
    expect(outputs()).toEqual(["empty.txt"]);
  });

  it("a model for another task, and a format the task lacks", async () => {
    const wrong = await hftool([
      "-t",
      "zero-shot",
      "-i",
      "a text",
      "--labels",
      "a,b",
      "-m",
      model("sentiment"),
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("not an NLI model");
    const seq2seq = await hftool(["-t", "summarize", "-i", "a text", "-m", model("sentiment")]);
    expect(seq2seq.code).toBe(1);
    expect(seq2seq.stderr).toContain("encoder_model.onnx + decoder_model_merged.onnx");
    const npy = await hftool(["-t", "sentiment", "-i", "good", "-m", model("sentiment"), "-o", "x.npy"]);
    expect(npy.code).toBe(2);
    expect(npy.stderr).toContain("cannot write .npy");
    expect(outputs()).toEqual([]);
  });
});

describe("hftool run --help", () => {
  it("lists the task options under their own heading", async () => {
    const r = await hftool(["run", "--help"]);
    expect(r.code).toBe(0);
    const section = r.stdout.slice(r.stdout.indexOf("Task options"));
    for (const flag of ["--context", "--dims"]) expect(section).toContain(flag);
    expect(r.stdout).toContain("--labels");
  });
});
