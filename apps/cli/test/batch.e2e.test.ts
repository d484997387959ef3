import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import {
  buildVadFixture,
  buildVitsFixture,
  burstSamples,
  createTempHome,
  encodeTestWav,
  runCli,
  type TempHome,
} from "@hftool/test-utils";

// Batches run the built `hftool` on fixture models in local folders: the energy-based voice
// activity model for audio inputs, the character VITS model for text inputs.

let user: TempHome;
const hftool = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli(args, { cwd: user.cwd, env: { ...user.env, ...env }, timeoutMs: 120_000 });

interface BatchJson {
  success: boolean;
  total: number;
  succeeded: number;
  failed: number;
  skipped: number;
  results: {
    origin: string;
    input: string;
    output: string;
    status: string;
    error?: { code: string; message: string };
    result?: { segments?: unknown[]; probabilities?: number[] };
  }[];
}

const history = async () =>
  (
    JSON.parse((await hftool(["history", "--json", "-n", "100"])).stdout) as Record<string, unknown>[]
  ).reverse();

/** A recording with speech where `spans` say (an energy burst the fixture model detects). */
function recording(name: string, spans: [number, number][], seconds = 3): string {
  const path = join(user.cwd, name);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(
    path,
    encodeTestWav({ channels: [burstSamples({ sampleRate: 16000, seconds, spans })], sampleRate: 16000 }),
  );
  return path;
}

beforeEach(() => {
  user = createTempHome();
  buildVadFixture({ dir: join(user.cwd, "vad") });
  recording("rec/one.wav", [[0.5, 1.5]]);
  recording("rec/two.wav", [
    [0.3, 0.9],
    [1.8, 2.6],
  ]);
  writeFileSync(join(user.cwd, "rec", "notes.txt"), "not audio, not picked from a folder of audio");
});
afterEach(() => user.cleanup());

describe("hftool --batch", () => {
  it("runs a folder's audio files with one model load, naming outputs after the inputs", async () => {
    const r = await hftool(["-t", "vad", "-m", "./vad", "--batch", "rec", "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as BatchJson;
    expect(doc).toMatchObject({ success: true, total: 2, succeeded: 2, failed: 0, skipped: 0 });
    expect(doc.results.map((x) => x.output)).toEqual([
      join(user.cwd, "rec", "one.json"),
      join(user.cwd, "rec", "two.json"),
    ]);
    expect(doc.results.map((x) => x.result?.segments?.length)).toEqual([1, 2]);
    expect(JSON.parse(readFileSync(join(user.cwd, "rec", "two.json"), "utf8")).segments).toHaveLength(2);
    // one load for the whole batch
    const text = await hftool(["-t", "vad", "-m", "./vad", "--batch", "rec", "--batch-output-dir", "out"]);
    expect(text.code).toBe(0);
    expect(text.stderr.match(/Loaded /g)).toHaveLength(1);
    expect(text.stderr).toContain("Batch done: 2 succeeded of 2");
    expect(readdirSync(join(user.cwd, "out")).sort()).toEqual([
      "one.json",
      "one.json.hftool.json",
      "two.json",
      "two.json.hftool.json",
    ]);
  });

  it("reads a list file of paths (comments and blank lines skipped), keeps going past a failure and exits 1", async () => {
    writeFileSync(join(user.cwd, "broken.wav"), "this is not a recording");
    writeFileSync(
      join(user.cwd, "list.txt"),
      "# my recordings\nrec/one.wav\n\nbroken.wav\n  rec/two.wav  \n",
    );
    const r = await hftool([
      "-t",
      "vad",
      "-m",
      "./vad",
      "--batch",
      "list.txt",
      "--batch-output-dir",
      "out",
      "--json",
    ]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as BatchJson;
    expect(doc).toMatchObject({ success: false, total: 3, succeeded: 2, failed: 1 });
    expect(doc.results.map((x) => [x.origin, x.status])).toEqual([
      ["list.txt:2", "succeeded"],
      ["list.txt:4", "failed"],
      ["list.txt:5", "succeeded"],
    ]);
    expect(doc.results[1]!.error?.message).toContain("broken.wav");
    expect(existsSync(join(user.cwd, "out", "two.json"))).toBe(true);
    expect(existsSync(join(user.cwd, "out", "broken.json"))).toBe(false);

    const plain = await hftool([
      "-t",
      "vad",
      "-m",
      "./vad",
      "--batch",
      "list.txt",
      "--batch-output-dir",
      "out2",
    ]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/✗ \[2\/3\] list\.txt:4: /);
    expect(plain.stderr).toContain("Batch done: 2 succeeded, 1 failed of 3");

    // every item is in the history, successes and the failure, marked as batch runs
    const entries = await history();
    expect(entries).toHaveLength(6);
    expect(entries.map((e) => [e.source, e.success])).toEqual([
      ["batch", true],
      ["batch", false],
      ["batch", true],
      ["batch", true],
      ["batch", false],
      ["batch", true],
    ]);
    expect(entries[0]).toMatchObject({
      input: join(user.cwd, "rec", "one.wav"),
      output: join(user.cwd, "out", "one.json"),
    });
  });

  it("runs a list of prompts for a text task, numbering the outputs", async () => {
    buildVitsFixture({ dir: join(user.cwd, "vits") });
    writeFileSync(join(user.cwd, "prompts.txt"), "hello there\n# skip me\n\ngood morning to you\n");
    const r = await hftool([
      "-t",
      "tts",
      "-m",
      "./vits",
      "--batch",
      "prompts.txt",
      "--batch-output-dir",
      "speech",
      "-q",
    ]);
    expect(r.code).toBe(0);
    const paths = r.stdout.trim().split("\n");
    expect(paths).toEqual([
      join(user.cwd, "speech", "text-to-speech-0001.wav"),
      join(user.cwd, "speech", "text-to-speech-0002.wav"),
    ]);
    // the fixture speaks 400 samples a character: each file holds its own prompt
    const samples = (path: string) => (statSync(path).size - 44) / 2;
    expect(samples(paths[0]!)).toBe("hello there".length * 400);
    expect(samples(paths[1]!)).toBe("good morning to you".length * 400);
  });

  it("applies per-entry parameters and outputs from JSON, JSONL and CSV", async () => {
    writeFileSync(
      join(user.cwd, "batch.json"),
      JSON.stringify([
        { input: "rec/two.wav", output: "json/plain.json" },
        { input: "rec/two.wav", output: "json/strict.json", params: { min_speech_ms: 5000 } },
        { input: "rec/one.wav", params: { return_probabilities: true } },
      ]),
    );
    const json = await hftool([
      "-t",
      "vad",
      "-m",
      "./vad",
      "--batch-json",
      "batch.json",
      "--batch-output-dir",
      "json",
      "--json",
    ]);
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout) as BatchJson;
    expect(doc.results.map((x) => x.result?.segments?.length)).toEqual([2, 0, 1]);
    expect(doc.results[2]!.result?.probabilities?.length).toBeGreaterThan(10);
    expect(doc.results[1]!.output).toBe(join(user.cwd, "json", "strict.json"));
    const sidecar = JSON.parse(readFileSync(join(user.cwd, "json", "strict.json.hftool.json"), "utf8"));
    expect(sidecar.params).toMatchObject({ min_speech_ms: 5000 });

    // --batch-json reads JSON lines whatever the file is called; -- params sit below per-entry ones
    writeFileSync(
      join(user.cwd, "entries.txt"),
      '{"input": "rec/two.wav"}\n\n{"input": "rec/two.wav", "params": {"min_speech_ms": 100}}\n',
    );
    const jsonl = await hftool([
      "-t",
      "vad",
      "-m",
      "./vad",
      "--batch-json",
      "entries.txt",
      "--batch-output-dir",
      "jsonl",
      "--json",
      "--",
      "--min_speech_ms",
      "5000",
    ]);
    expect(jsonl.code).toBe(0);
    const lines = JSON.parse(jsonl.stdout) as BatchJson;
    expect(lines.results.map((x) => x.result?.segments?.length)).toEqual([0, 2]);
    // two entries with the same input get two outputs
    expect(new Set(lines.results.map((x) => x.output)).size).toBe(2);

    writeFileSync(
      join(user.cwd, "table.csv"),
      "input,min_speech_ms,output\nrec/one.wav,,csv/a.json\nrec/two.wav,5000,csv/b.json\n",
    );
    const csv = await hftool(["-t", "vad", "-m", "./vad", "--batch", "table.csv", "--json"]);
    expect(csv.code).toBe(0);
    const table = JSON.parse(csv.stdout) as BatchJson;
    expect(table.results.map((x) => [x.output, x.result?.segments?.length])).toEqual([
      [join(user.cwd, "csv", "a.json"), 1],
      [join(user.cwd, "csv", "b.json"), 0],
    ]);

    // per-entry parameters are in the history, so a rerun of one item repeats it exactly
    const entries = await history();
    const strict = entries.find((e) => e.output === join(user.cwd, "json", "strict.json"))!;
    expect(strict.extra).toEqual({ min_speech_ms: 5000 });
    const before = readFileSync(join(user.cwd, "json", "strict.json"));
    rmSync(join(user.cwd, "json", "strict.json"));
    const rerun = await hftool(["history", "--rerun", String(strict.id), "-y"]);
    expect(rerun.code).toBe(0);
    expect(readFileSync(join(user.cwd, "json", "strict.json")).equals(before)).toBe(true);
  });

  it("resumes with --skip-existing, running only entries without an output", async () => {
    const first = await hftool([
      "-t",
      "vad",
      "-m",
      "./vad",
      "--batch",
      "rec",
      "--batch-output-dir",
      "out",
      "--json",
    ]);
    expect(first.code).toBe(0);
    const kept = statSync(join(user.cwd, "out", "one.json")).mtimeMs;
    recording("rec/three.wav", [[1, 2]]);
    const resumed = await hftool([
      "-t",
      "vad",
      "-m",
      "./vad",
      "--batch",
      "rec",
      "--batch-output-dir",
      "out",
      "--skip-existing",
      "--json",
    ]);
    expect(resumed.code).toBe(0);
    const doc = JSON.parse(resumed.stdout) as BatchJson;
    expect(doc).toMatchObject({ total: 3, succeeded: 1, skipped: 2 });
    expect(doc.results.map((x) => x.status)).toEqual(["skipped", "succeeded", "skipped"]);
    expect(statSync(join(user.cwd, "out", "one.json")).mtimeMs).toBe(kept);
    expect(existsSync(join(user.cwd, "out", "three.json"))).toBe(true);

    const nothing = await hftool([
      "-t",
      "vad",
      "-m",
      "./vad",
      "--batch",
      "rec",
      "--batch-output-dir",
      "out",
      "--skip-existing",
    ]);
    expect(nothing.code).toBe(0);
    expect(nothing.stderr).toContain("All 3 outputs exist; nothing to run.");
    expect(nothing.stderr).not.toContain("Loaded");

    // without --skip-existing the outputs are replaced, with a warning off a terminal
    const again = await hftool(["-t", "vad", "-m", "./vad", "--batch", "rec", "--batch-output-dir", "out"]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("3 outputs already exist; replacing them");
  });

  it("never writes over an input, and checks every entry before loading the model", async () => {
    const input = readFileSync(join(user.cwd, "rec", "one.wav"));
    writeFileSync(
      join(user.cwd, "bad.json"),
      JSON.stringify([{ input: "rec/two.wav" }, { input: "rec/one.wav", output: "rec/two.wav" }]),
    );
    const r = await hftool(["-t", "vad", "-m", "./vad", "--batch-json", "bad.json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("is one of the batch's inputs");
    expect(r.stderr).toContain("never overwrites an input");
    expect(r.stderr).not.toContain("Loaded");
    expect(readFileSync(join(user.cwd, "rec", "one.wav")).equals(input)).toBe(true);

    writeFileSync(join(user.cwd, "missing.txt"), "rec/one.wav\nrec/nope.wav\n");
    const missing = await hftool(["-t", "vad", "-m", "./vad", "--batch", "missing.txt"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("missing.txt:2: input file");
    expect(existsSync(join(user.cwd, "rec", "one.json"))).toBe(false);
  });

  it("shows the plan with --dry-run and writes nothing", async () => {
    writeFileSync(
      join(user.cwd, "batch.jsonl"),
      '{"input": "rec/one.wav", "params": {"threshold": 0.7}}\n{"input": "rec/two.wav"}\n',
    );
    const r = await hftool([
      "-t",
      "vad",
      "-m",
      "./vad",
      "--batch-json",
      "batch.jsonl",
      "--dry-run",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan).toMatchObject({ dry_run: true, task: "voice-activity-detection" });
    expect(plan.items.map((i: { output: string; params: unknown }) => [i.output, i.params])).toEqual([
      [join(user.cwd, "rec", "one.json"), { threshold: 0.7 }],
      [join(user.cwd, "rec", "two.json"), {}],
    ]);
    expect(readdirSync(join(user.cwd, "rec")).sort()).toEqual(["notes.txt", "one.wav", "two.wav"]);
  });

  it("explains flags that do not fit a batch", async () => {
    const both = await hftool(["-t", "vad", "-m", "./vad", "--batch", "rec", "-i", "rec/one.wav"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("-i and a batch both say what to run");
    const out = await hftool(["-t", "vad", "-m", "./vad", "--batch", "rec", "-o", "x.json"]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("--batch-output-dir");
    const stray = await hftool(["-t", "vad", "-m", "./vad", "-i", "rec/one.wav", "--skip-existing"]);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain("belong to a batch");
    const empty = await hftool(["-t", "vad", "-m", "./vad", "--batch", "."]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("has no audio files");
  });
});
