import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { buildVitsFixture, createTempHome, runCli, type TempHome } from "@hftool/test-utils";

let user: TempHome;
let file: string;
const hftool = (args: string[]) => runCli(args, { cwd: user.cwd, env: user.env });
const line = (id: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id,
    time: new Date(Date.UTC(2026, 10, 20, 10, id)).toISOString(),
    source: "run",
    task: "text-to-image",
    model: "onnxruntime/sd-turbo",
    input: `prompt ${id}`,
    output: `/tmp/out-${id}.png`,
    extra: { steps: 2, guidance_scale: 0 },
    params: {},
    seed: 40 + id,
    durationMs: 1500,
    success: true,
    ...extra,
  });

beforeEach(() => {
  user = createTempHome();
  file = join(user.home, ".hftool", "history.jsonl");
  mkdirSync(join(user.home, ".hftool"), { recursive: true });
  writeFileSync(
    file,
    [
      line(1),
      line(2, { success: false, error: { code: "INPUT_INVALID", message: "bad prompt" } }),
      line(3),
    ].join("\n") + "\n",
  );
});
afterEach(() => user.cleanup());

describe("hftool history", () => {
  it("lists runs newest first, with --limit and --failed", async () => {
    const r = await hftool(["history"]);
    expect(r.code).toBe(0);
    const ids = [...r.stdout.matchAll(/#(\d+)/g)].map((m) => m[1]);
    expect(ids).toEqual(["3", "2", "1"]);
    expect((await hftool(["history", "-n", "1", "--json"])).stdout).toContain('"id": 3');
    const failed = JSON.parse((await hftool(["history", "--failed", "--json"])).stdout) as { id: number }[];
    expect(failed.map((e) => e.id)).toEqual([2]);
  });

  it("shows one run with the exact command that repeats it", async () => {
    const r = await hftool(["history", "--show", "1"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "hftool -t text-to-image -m onnxruntime/sd-turbo -i 'prompt 1' -o /tmp/out-1.png --seed 41 -- --steps 2 --guidance_scale 0",
    );
    const json = JSON.parse((await hftool(["history", "--show", "last", "--json"])).stdout) as {
      id: number;
      command: string[];
    };
    expect(json.id).toBe(3);
    expect(json.command).toContain("--seed");
  });

  it("explains unknown ids", async () => {
    const r = await hftool(["history", "--show", "42"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("No history entry with id 42. Entries go from 1 to 3.");
  });

  it("asks before clearing, and refuses without a terminal unless -y", async () => {
    const refused = await hftool(["history", "--clear"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("Pass -y");
    expect(existsSync(file)).toBe(true);
    const cleared = await hftool(["history", "--clear", "-y"]);
    expect(cleared.code).toBe(0);
    expect(existsSync(file)).toBe(false);
    expect((await hftool(["history"])).stdout).toContain("No runs yet");
  });

  it("completes history ids for --rerun and --show, newest first", async () => {
    const r = await hftool(["__complete", "history", "--rerun", ""]);
    expect(r.code).toBe(0);
    const ids = r.stdout
      .split("\n")
      .filter((l) => /^\d+\t/.test(l))
      .map((l) => l.split("\t")[0]);
    expect(ids).toEqual(["3", "2", "1"]);
    const checks = await hftool(["__complete", "doctor", "--check", "o"]);
    expect(checks.stdout).toMatch(/^onnxruntime\t/m);
  });

  it("honours [paths] history_file", async () => {
    const other = join(user.root, "elsewhere.jsonl");
    writeFileSync(other, line(7) + "\n");
    mkdirSync(join(user.home, ".hftool"), { recursive: true });
    writeFileSync(join(user.home, ".hftool", "config.toml"), `[paths]\nhistory_file = "${other}"\n`);
    const r = await hftool(["history", "--json"]);
    expect((JSON.parse(r.stdout) as { id: number }[]).map((e) => e.id)).toEqual([7]);
    expect(readFileSync(file, "utf8")).toContain('"id":1');
  });

  it("--rerun repeats a run exactly: same model, input, seed and -- parameters, same output bytes", async () => {
    rmSync(file);
    buildVitsFixture({ dir: join(user.cwd, "vits") });
    const text = "Hello there. How are you today?";
    const first = await hftool([
      "-t",
      "tts",
      "-m",
      "./vits",
      "-i",
      text,
      "-o",
      "hello.wav",
      "--seed",
      "7",
      "--",
      "--sentence_pause_s",
      "0.75",
    ]);
    expect(first.code).toBe(0);
    const original = readFileSync(join(user.cwd, "hello.wav"));
    // the parameter after -- matters: without it the pause (and so the file) is shorter
    const plain = await hftool(["-t", "tts", "-m", "./vits", "-i", text, "-o", "plain.wav", "--seed", "7"]);
    expect(plain.code).toBe(0);
    expect(readFileSync(join(user.cwd, "plain.wav")).length).toBeLessThan(original.length);

    const show = await hftool(["history", "--show", "1"]);
    expect(show.stdout).toContain(
      `hftool -t text-to-speech -m ${join(user.cwd, "vits")} -i 'Hello there. How are you today?' -o ${join(user.cwd, "hello.wav")} --dtype fp32 --seed 7 -- --sentence_pause_s 0.75`,
    );
    rmSync(join(user.cwd, "hello.wav"));
    const rerun = await hftool(["history", "--rerun", "1", "-y"]);
    expect(rerun.code).toBe(0);
    expect(rerun.stderr).toContain("Run #1 from");
    expect(readFileSync(join(user.cwd, "hello.wav")).equals(original)).toBe(true);
    const entries = JSON.parse((await hftool(["history", "--json"])).stdout) as Record<string, unknown>[];
    expect(entries[0]).toMatchObject({
      id: 3,
      seed: 7,
      extra: { sentence_pause_s: 0.75 },
      output: join(user.cwd, "hello.wav"),
    });
  });
});
