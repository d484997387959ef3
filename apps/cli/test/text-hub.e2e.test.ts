// The text tasks end to end with models fetched from the loopback Hub-protocol server of
// @hftool/download (createHubServer) through HF_ENDPOINT, as users fetch from the Hub: every
// task's fixture repo is served, downloaded (only the files its pipeline needs), loaded from the
// snapshot folder and run from the built CLI.
import { readFileSync, writeFileSync } from "node:fs";
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
import { createHubServer, type HubServer } from "@hftool/download";
import { listSnapshotFiles } from "./hub-fixture.js";

let repos: TempHome;
let server: HubServer | undefined;
let gpt2: Gpt2Fixture;
beforeAll(async () => {
  repos = createTempHome("hftool-text-repos-");
  const at = (name: string) => join(repos.root, name);
  const served: Record<string, string> = {
    "hftool-test/sentiment": buildBertFixture({
      dir: at("sentiment"),
      head: "sequence-classification",
      dtypes: ["fp32", "q8"],
    }).dir,
    "hftool-test/nli": buildBertFixture({ dir: at("nli"), head: "nli" }).dir,
    "hftool-test/ner": buildBertFixture({ dir: at("ner"), head: "token-classification" }).dir,
    "hftool-test/qa": buildBertFixture({ dir: at("qa"), head: "question-answering" }).dir,
    "hftool-test/mlm": buildBertFixture({ dir: at("mlm"), head: "masked-lm" }).dir,
    "hftool-test/embed": buildBertFixture({ dir: at("embed"), head: "feature-extraction" }).dir,
    "hftool-test/marian": buildSeq2SeqFixture({
      dir: at("marian"),
      type: "marian",
      dictionary: { hello: "hallo", world: "welt" },
      dtypes: ["fp32", "q8"],
    }).dir,
    "hftool-test/bart": buildSeq2SeqFixture({
      dir: at("bart"),
      type: "bart",
      dictionary: { long: "short", story: "tale" },
      words: ["a", "very"],
    }).dir,
    "hftool-test/t5": buildSeq2SeqFixture({
      dir: at("t5"),
      type: "t5",
      dictionary: { question: "answer" },
      words: ["a"],
    }).dir,
  };
  gpt2 = buildGpt2Fixture({ dir: at("gpt2"), dtypes: ["fp32", "q4"] });
  served["hftool-test/gpt2"] = gpt2.dir;
  server = await createHubServer({ repos: served, host: "127.0.0.1", port: 0 });
});
afterAll(async () => {
  await server?.close();
  repos?.cleanup();
});

/** Runs a test body against the shared Hub server. */
const withHub = (body: (url: string) => Promise<void>) => () => body(server!.url);

let user: TempHome;
let cache: string;
beforeEach(() => {
  user = createTempHome();
  cache = join(user.root, "hub-cache");
});
afterEach(() => user.cleanup());

const hftool = (args: string[], endpoint: string) =>
  runCli([...args, "-y"], {
    cwd: user.cwd,
    env: { ...user.env, HF_HUB_CACHE: cache, HF_ENDPOINT: endpoint },
    timeoutMs: 120_000,
  });
const readJson = (name: string) => JSON.parse(readFileSync(join(user.cwd, name), "utf8"));

const snapshotFiles = (repo: string) => listSnapshotFiles(cache, repo);

describe("text tasks with models from the loopback Hub server", () => {
  it(
    "text-classification: downloads only the chosen variant, runs, and records the commit",
    withHub(async (url) => {
      const r = await hftool(
        [
          "-t",
          "sentiment",
          "-i",
          "a wonderful film",
          "-m",
          "hftool-test/sentiment",
          "--dtype",
          "q8",
          "-o",
          "s.json",
        ],
        url,
      );
      expect(r.code).toBe(0);
      expect(readJson("s.json").labels[0].label).toBe("POSITIVE");
      expect(snapshotFiles("hftool-test/sentiment")).toEqual([
        "config.json",
        "onnx/model_quantized.onnx",
        "special_tokens_map.json",
        "tokenizer.json",
        "tokenizer_config.json",
      ]);
      const metadata = readJson("s.json.hftool.json");
      expect(metadata).toMatchObject({ model: "hftool-test/sentiment", revision: "main", dtype: "q8" });
      expect(metadata.commit).toMatch(/^[0-9a-f]{40}$/);
    }),
  );

  it(
    "zero-shot, NER, question answering and fill-mask run from their snapshots",
    withHub(async (url) => {
      const zsc = await hftool(
        [
          "-t",
          "zero-shot",
          "-i",
          "The minister lost the vote",
          "--labels",
          "sports,politics",
          "-m",
          "hftool-test/nli",
          "-o",
          "z.json",
        ],
        url,
      );
      expect(zsc.code).toBe(0);
      expect(readJson("z.json").labels[0].label).toBe("politics");
      const ner = await hftool(
        ["-t", "ner", "-i", "Bob lives in Paris.", "-m", "hftool-test/ner", "-o", "n.json"],
        url,
      );
      expect(ner.code).toBe(0);
      expect(
        readJson("n.json").entities.map((e: { entity: string; word: string }) => `${e.entity}:${e.word}`),
      ).toEqual(["PER:Bob", "LOC:Paris"]);
      const qa = await hftool(
        [
          "-t",
          "qa",
          "-i",
          "Who lives in Paris?",
          "--context",
          "Bob lives in Paris.",
          "-m",
          "hftool-test/qa",
          "-o",
          "q.json",
        ],
        url,
      );
      expect(qa.code).toBe(0);
      expect(readJson("q.json").answers[0]).toMatchObject({ answer: "Bob", start: 0, end: 3 });
      const mask = await hftool(
        [
          "-t",
          "fill-mask",
          "-i",
          "Berlin is the capital of [MASK].",
          "-m",
          "hftool-test/mlm",
          "-o",
          "m.json",
        ],
        url,
      );
      expect(mask.code).toBe(0);
      expect(readJson("m.json").masks[0].fills[0].token).toBe("germany");
    }),
  );

  it(
    "text-generation: fetches the q4 decoder and the tokenizer with its chat template, and streams the reply",
    withHub(async (url) => {
      const r = await hftool(
        ["-t", "llm", "-i", "Hi", "-m", "hftool-test/gpt2", "--dtype", "q4", "-o", "reply.txt"],
        url,
      );
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${gpt2.chatReply}\n`);
      expect(readFileSync(join(user.cwd, "reply.txt"), "utf8")).toBe(`${gpt2.chatReply}\n`);
      expect(snapshotFiles("hftool-test/gpt2")).toEqual([
        "config.json",
        "generation_config.json",
        "onnx/model_q4.onnx",
        "tokenizer.json",
        "tokenizer_config.json",
      ]);
    }),
  );

  it(
    "translation, summarization and text2text: encoder and merged decoder of one variant",
    withHub(async (url) => {
      const de = await hftool(
        [
          "-t",
          "translate",
          "-i",
          "Hello world!",
          "-m",
          "hftool-test/marian",
          "--dtype",
          "q8",
          "-o",
          "de.txt",
        ],
        url,
      );
      expect(de.code).toBe(0);
      expect(readFileSync(join(user.cwd, "de.txt"), "utf8")).toBe("hallo welt!\n");
      expect(snapshotFiles("hftool-test/marian").filter((f) => f.endsWith(".onnx"))).toEqual([
        "onnx/decoder_model_merged_quantized.onnx",
        "onnx/encoder_model_quantized.onnx",
      ]);
      const summary = await hftool(
        ["-t", "summarize", "-i", "A very long story.", "-m", "hftool-test/bart", "-o", "-"],
        url,
      );
      expect(summary.stdout).toBe("a very short tale.\n");
      const t2t = await hftool(["-t", "t2t", "-i", "a question", "-m", "hftool-test/t5", "-o", "-"], url);
      expect(t2t.stdout).toBe("a answer\n");
    }),
  );

  it(
    "feature-extraction: embeddings of a file of lines as .npy, then again offline from the cache",
    withHub(async (url) => {
      writeFileSync(join(user.cwd, "lines.txt"), "a great movie\nthe election vote\n");
      const r = await hftool(
        ["-t", "embed", "-i", "lines.txt", "-m", "hftool-test/embed", "-o", "v.npy", "--dims"],
        url,
      );
      expect(r.code).toBe(0);
      expect(r.stdout).toBe("2x8\n");
      const npy = readFileSync(join(user.cwd, "v.npy"));
      expect(npy.toString("latin1", 10, 10 + npy.readUInt16LE(8))).toContain("'shape': (2, 8)");
      const offline = await runCli(["-t", "embed", "-i", "lines.txt", "-m", "hftool-test/embed", "--json"], {
        cwd: user.cwd,
        env: { ...user.env, HF_HUB_CACHE: cache, HF_HUB_OFFLINE: "1", HF_ENDPOINT: "http://127.0.0.1:9" },
        timeoutMs: 120_000,
      });
      expect(offline.code).toBe(0);
      expect(JSON.parse(offline.stdout).result).toMatchObject({ count: 2, dims: 8, normalized: true });
    }),
  );
});
