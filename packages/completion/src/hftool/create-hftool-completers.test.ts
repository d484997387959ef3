import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { listModels, MODELS, resolveTask } from "@hftool/core";
import { COMPLETION_DIRECTIVE as D } from "../directive.js";
import { completeCommandLine } from "../engine/complete-command-line.js";
import type { CompletionCommandSpec } from "../types.js";
import { createHftoolCompleters } from "./create-hftool-completers.js";

// A small command tree shaped like hftool's, naming every completer.
const ROOT: CompletionCommandSpec = {
  name: "hftool",
  description: "",
  options: [
    { name: "task", alias: ["t"], type: "string", description: "", complete: "task" },
    { name: "model", alias: ["m"], type: "string", description: "", complete: "model" },
    { name: "input", alias: ["i"], type: "string", description: "", complete: "input" },
    { name: "output", alias: ["o"], type: "string", description: "", complete: "file" },
    { name: "device", type: "string", description: "", complete: "device" },
    { name: "dtype", type: "string", description: "", complete: "dtype" },
    { name: "format", type: "string", description: "", complete: "format" },
    { name: "rerun", type: "string", description: "", complete: "history-id" },
    { name: "cache-dir", type: "string", description: "", complete: "directory" },
  ],
  subcommands: [
    {
      name: "rm",
      description: "",
      positionals: [{ name: "model", description: "", variadic: true, complete: "cached-model" }],
    },
    {
      name: "completion",
      description: "",
      positionals: [{ name: "shell", description: "", complete: "shell" }],
    },
    {
      name: "set",
      description: "",
      positionals: [
        { name: "key", description: "", complete: "config-key" },
        { name: "value", description: "", complete: "config-value" },
      ],
    },
  ],
};

let root: string;
let env: NodeJS.ProcessEnv;
let cwd: string;
let home: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "hftool-completers-"));
  home = join(root, "home");
  cwd = join(root, "work");
  const cache = join(root, "hub");
  for (const dir of ["models--onnx-community--whisper-base", "models--me--my-asr", "datasets--x--y"]) {
    mkdirSync(join(cache, dir), { recursive: true });
  }
  mkdirSync(join(cwd, "clips"), { recursive: true });
  writeFileSync(join(cwd, "clips", "talk.wav"), "x");
  writeFileSync(join(cwd, "photo.png"), "x");
  mkdirSync(join(home, ".hftool"), { recursive: true });
  writeFileSync(join(home, ".hftool", "config.toml"), '[aliases]\nfast = "whisper-tiny"\n');
  const history = [
    {
      id: 1,
      task: "automatic-speech-recognition",
      input: "old.wav",
      time: new Date(Date.now() - 3 * 3600e3).toISOString(),
    },
    "not json",
    {
      id: 2,
      task: "text-to-image",
      input: "a lighthouse at dusk, oil painting, with a very long prompt that goes on",
    },
    { task: "no id" },
  ];
  writeFileSync(
    join(home, ".hftool", "history.jsonl"),
    history.map((h) => (typeof h === "string" ? h : JSON.stringify(h))).join("\n") + "\n",
  );
  env = { HF_HUB_CACHE: cache, HOME: home };
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const complete = (...words: string[]) =>
  completeCommandLine({ root: ROOT, words, completers: createHftoolCompleters(), cwd, env, homeDir: home });
const values = async (...words: string[]) => (await complete(...words)).items.map((i) => i.value);

describe("createHftoolCompleters", () => {
  it("completes task names and aliases, with descriptions", async () => {
    const result = await complete("-t", "a");
    const byValue = Object.fromEntries(result.items.map((i) => [i.value, i.description]));
    expect(Object.keys(byValue)).toEqual(expect.arrayContaining(["asr", "automatic-speech-recognition"]));
    expect(byValue.asr).toMatch(/^automatic-speech-recognition: /);
    expect(result.directive & D.NoFileComp).toBeTruthy();
  });

  it("completes only the models of the task on the line, default first, marking downloaded ones", async () => {
    const result = await complete("-t", "asr", "-m", "");
    const asr = listModels({ task: "asr" }).map((m) => m.name);
    expect(result.items.slice(0, asr.length).map((i) => i.value)).toEqual(asr);
    expect(result.items.find((i) => i.value === "whisper-base")?.description).toMatch(/default.*downloaded/);
    // The config alias and the unknown cached model are offered too; no other task's models.
    expect(result.items.map((i) => i.value).slice(asr.length)).toEqual(["fast", "me/my-asr"]);
    expect(result.directive & D.KeepOrder).toBeTruthy();
    expect(await values("-t", "t2i", "-m", "whisper")).toEqual([]);
    expect(await values("-m", "onnx-community/whisper-b")).toEqual(["onnx-community/whisper-base"]);
    expect((await values("-m", "")).length).toBeGreaterThanOrEqual(new Set(MODELS.map((m) => m.name)).size);
  });

  it("completes downloaded models by repo id", async () => {
    expect(await values("rm", "")).toEqual(["me/my-asr", "onnx-community/whisper-base"]);
  });

  it("completes devices, a model's own dtypes, and the task's formats", async () => {
    expect(await values("--device", "c")).toEqual(["coreml", "cpu", "cuda"]);
    const whisper = MODELS.find((m) => m.name === "whisper-base")!;
    expect((await values("-m", "whisper-base", "--dtype", "")).sort()).toEqual([...whisper.dtypes].sort());
    expect(await values("--dtype", "")).toContain("auto");
    // the task's own formats, from the registry (tsv included)
    expect(await values("-t", "asr", "--format", "")).toEqual([...resolveTask("asr").formats].sort());
    expect(await values("-t", "asr", "--format", "")).toContain("tsv");
  });

  it("completes inputs: the task's files first, @ forms, stdin", async () => {
    expect(await values("-t", "asr", "-i", "")).toEqual(["-", "@", "clips/", "photo.png"]);
    expect(await values("-t", "asr", "-i", "clips/")).toEqual(["clips/talk.wav"]);
    expect(await values("-t", "i2i", "-i", "@./")).toEqual(["@./", "@./clips/", "@./photo.png"]);
    const dir = await complete("-i", "cl");
    expect(dir).toEqual({ items: [{ value: "clips/" }], directive: D.NoFileComp | D.NoSpace });
    expect(await values("-o", "p")).toEqual(["photo.png"]);
    expect(await values("--cache-dir", "")).toEqual(["clips/"]);
  });

  it("completes history ids newest first, described, skipping lines it cannot read", async () => {
    const result = await complete("--rerun", "");
    expect(result.items.map((i) => i.value)).toEqual(["2", "1"]);
    expect(result.items[0]!.description).toMatch(/^text-to-image · a lighthouse at dusk.*…$/);
    expect(result.items[1]!.description).toBe("automatic-speech-recognition · old.wav · 3 h ago");
    expect(result.directive & D.KeepOrder).toBeTruthy();
  });

  it("completes shells", async () => {
    expect(await values("completion", "")).toEqual(["bash", "fish", "powershell", "zsh"]);
  });

  it("completes config keys section by section, and their values", async () => {
    const sections = await complete("set", "");
    expect(sections.items.map((i) => i.value)).toEqual(
      expect.arrayContaining(["defaults.", "paths.", "aliases.", "text-to-image."]),
    );
    expect(sections.directive & D.NoSpace).toBeTruthy();
    expect(await values("set", "defaults.d")).toEqual(["defaults.device", "defaults.dtype"]);
    expect(await values("set", "t2i.")).toEqual(expect.arrayContaining(["t2i.model", "t2i.steps"]));
    expect(await values("set", "aliases.")).toEqual(["aliases.fast"]);
    expect(await values("set", "defaults.device", "c")).toEqual(["coreml", "cpu", "cuda"]);
    expect(await values("set", "defaults.auto_open", "")).toEqual(["false", "true"]);
    expect(await values("set", "asr.model", "whisper-t")).toEqual(["whisper-tiny", "whisper-tiny.en"]);
    expect(await values("set", "paths.models_dir", "")).toEqual(["clips/"]);
  });

  it("completes a task's parameters after --, and their values", async () => {
    const run = (...words: string[]) =>
      completeCommandLine({
        root: ROOT,
        words,
        completers: createHftoolCompleters(),
        passthroughCompleter: "task-param",
        cwd,
        env,
        homeDir: home,
      }).then((r) => r.items.map((i) => i.value));
    expect(await run("-t", "t2i", "--", "--st")).toEqual(["--steps"]);
    expect(await run("-t", "t2i", "--", "--scheduler", "e")).toEqual(["euler", "euler-ancestral"]);
    expect(await run("-t", "asr", "--", "--translate", "")).toEqual(["false", "true"]);
    expect(await run("-t", "t2i", "--", "--steps", "4", "--st")).toEqual([]);
    expect(await run("--", "--st")).toEqual([]);
  });

  it("survives a broken config file", async () => {
    const broken = mkdtempSync(join(tmpdir(), "hftool-broken-"));
    mkdirSync(join(broken, ".hftool"));
    writeFileSync(join(broken, ".hftool", "config.toml"), "this is [not toml");
    const result = await completeCommandLine({
      root: ROOT,
      words: ["-t", "asr", "-m", "whisper-b"],
      completers: createHftoolCompleters(),
      cwd,
      env: { ...env, HOME: broken },
      homeDir: broken,
    });
    expect(result.items.map((i) => i.value)).toEqual(["whisper-base"]);
    rmSync(broken, { recursive: true, force: true });
  });
});
