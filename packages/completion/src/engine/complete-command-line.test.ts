import { describe, expect, it } from "@jest/globals";
import { COMPLETION_DIRECTIVE as D } from "../directive.js";
import type { CompleterMap, CompletionCommandSpec, CompletionOptionSpec } from "../types.js";
import { completeCommandLine } from "./complete-command-line.js";

const GLOBAL: CompletionOptionSpec[] = [
  { name: "json", type: "boolean", description: "JSON output" },
  { name: "quiet", alias: ["q"], type: "boolean", description: "Quiet" },
  { name: "verbose", alias: ["v"], type: "boolean", description: "Verbose" },
  { name: "color", type: "boolean", default: true, description: "Colour\nsecond line" },
];

const ROOT: CompletionCommandSpec = {
  name: "tool",
  description: "A tool",
  options: [
    { name: "task", alias: ["t"], type: "string", description: "Task", complete: "task" },
    { name: "model", alias: ["m"], type: "string", description: "Model", complete: "model" },
    { name: "device", type: "string", description: "Device", choices: ["cpu", "cuda"] },
    { name: "seed", type: "number", description: "Seed" },
    { name: "secret", type: "string", description: "Hidden", hidden: true },
  ],
  subcommands: [
    {
      name: "run",
      description: "Run it",
      options: [{ name: "task", alias: ["t"], type: "string", description: "Task", complete: "task" }],
    },
    {
      name: "config",
      aliases: ["cfg"],
      description: "Settings",
      subcommands: [
        {
          name: "set",
          description: "Set one",
          positionals: [
            { name: "key", description: "Key", complete: "key" },
            { name: "value", description: "Value" },
          ],
        },
      ],
    },
    {
      name: "rm",
      description: "Remove",
      positionals: [{ name: "models", description: "Models", variadic: true, complete: "model" }],
      options: [{ name: "include", type: "array", description: "Patterns", complete: "pattern" }],
    },
    { name: "__internal", description: "Hidden", hidden: true },
  ],
};

const COMPLETERS: CompleterMap = {
  task: () => [
    { value: "asr", description: "Speech to text" },
    { value: "automatic-speech-recognition", description: "Speech to text" },
    { value: "t2i", description: "Text to image" },
  ],
  model: (ctx) => {
    const task = ctx.optionValues.get("task")?.at(-1);
    const models =
      task === "asr" ? ["whisper-base", "whisper-tiny"] : ["sd-turbo", "whisper-base", "whisper-tiny"];
    return { items: models.map((value) => ({ value })), directive: D.NoFileComp | D.KeepOrder };
  },
  key: () => [{ value: "defaults." }, { value: "paths." }],
  pattern: () => [{ value: "*.onnx" }, { value: "*.json" }],
  broken: () => {
    throw new Error("boom");
  },
};

const complete = (...words: string[]) =>
  completeCommandLine({ root: ROOT, globalOptions: GLOBAL, words, completers: COMPLETERS });
const values = async (...words: string[]) => (await complete(...words)).items.map((i) => i.value);

describe("completeCommandLine", () => {
  it("offers the visible subcommands, sorted, with descriptions and no file names", async () => {
    const result = await complete("");
    expect(result.items.map((i) => i.value)).toEqual(["config", "rm", "run"]);
    expect(result.items[0]).toEqual({ value: "config", description: "Settings" });
    expect(result.directive).toBe(D.NoFileComp);
  });

  it("filters by the word typed so far and offers an alias only when it is what is typed", async () => {
    expect(await values("r")).toEqual(["rm", "run"]);
    expect(await values("cf")).toEqual(["cfg"]);
    expect(await values("cfg", "s")).toEqual(["set"]);
  });

  it("offers flags of the current command and the global ones, not hidden or already given ones", async () => {
    const all = await values("--");
    expect(all).toEqual(
      expect.arrayContaining(["--task", "--model", "--device", "--json", "--quiet", "--no-color"]),
    );
    expect(all).not.toContain("--secret");
    expect(await values("--json", "--j")).toEqual([]);
    expect(await values("run", "--")).toEqual(["--json", "--no-color", "--quiet", "--task", "--verbose"]);
    expect(await values("--no-")).toEqual(["--no-color", "--no-json", "--no-quiet", "--no-verbose"]);
  });

  it("cuts descriptions at the first line break", async () => {
    const result = await complete("--no-c");
    expect(result.items).toEqual([{ value: "--no-color", description: "Colour" }]);
  });

  it("completes a flag's value from its completer, its choices, or not at all", async () => {
    expect(await values("-t", "a")).toEqual(["asr", "automatic-speech-recognition"]);
    expect(await values("--task", "")).toEqual(["asr", "automatic-speech-recognition", "t2i"]);
    expect(await complete("--device", "")).toEqual({
      items: [{ value: "cpu" }, { value: "cuda" }],
      directive: D.NoFileComp,
    });
    expect(await complete("--seed", "")).toEqual({ items: [], directive: D.NoFileComp });
  });

  it("completes --flag=value, keeping the flag in each candidate", async () => {
    expect(await values("--task=a")).toEqual(["--task=asr", "--task=automatic-speech-recognition"]);
    expect(await values("--device=")).toEqual(["--device=cpu", "--device=cuda"]);
    expect(await values("--nope=x")).toEqual([]);
  });

  it("lets completers see earlier values, in any spelling, and keeps their order when asked", async () => {
    for (const words of [["-t", "asr"], ["--task=asr"], ["-tasr"], ["--task", "asr"]]) {
      const result = await complete(...words, "-m", "");
      expect(result.items.map((i) => i.value)).toEqual(["whisper-base", "whisper-tiny"]);
      expect(result.directive & D.KeepOrder).toBeTruthy();
    }
    expect(await values("-m", "")).toEqual(["sd-turbo", "whisper-base", "whisper-tiny"]);
  });

  it("reads grouped short flags and a value that looks like a flag", async () => {
    expect(await values("-qv", "--q")).toEqual([]);
    expect(await values("--seed", "-5", "--d")).toEqual(["--device"]);
  });

  it("does not offer subcommands once the root's own flags are given", async () => {
    expect(await values("-t", "asr", "")).toEqual([
      "--device",
      "--json",
      "--model",
      "--no-color",
      "--quiet",
      "--seed",
      "--verbose",
    ]);
    expect(await values("--json", "")).toEqual(["config", "rm", "run"]);
  });

  it("completes positionals in order, and variadic ones again and again", async () => {
    const key = await complete("config", "set", "");
    expect(key).toEqual({
      items: [{ value: "defaults." }, { value: "paths." }],
      directive: D.NoFileComp | D.NoSpace,
    });
    // A positional without a completer leaves it to the shell (file names).
    expect(await complete("config", "set", "defaults.device", "")).toEqual({
      items: [],
      directive: D.Default,
    });
    expect(await values("rm", "sd-turbo", "whisper-base", "whisper-t")).toEqual(["whisper-tiny"]);
  });

  it("keeps completing an array flag's values until the next flag", async () => {
    expect(await values("rm", "--include", "*.onnx", "*.j")).toEqual(["*.json"]);
    expect(await values("rm", "--include", "*.onnx", "--", "")).toEqual([]);
  });

  it("hands the words after -- to the passthrough completer", async () => {
    const result = await completeCommandLine({
      root: ROOT,
      words: ["-t", "asr", "--", "--lang", ""],
      completers: {
        params: (ctx) => [{ value: `${ctx.optionValues.get("task")?.[0]}:${ctx.passthrough?.join(",")}` }],
      },
      passthroughCompleter: "params",
    });
    expect(result.items).toEqual([{ value: "asr:--lang" }]);
    expect(await complete("--", "")).toEqual({ items: [], directive: D.Default });
  });

  it("turns a failing completer into no candidates", async () => {
    const result = await completeCommandLine({
      root: {
        name: "x",
        description: "",
        options: [{ name: "a", type: "string", description: "", complete: "broken" }],
      },
      words: ["--a", ""],
      completers: COMPLETERS,
    });
    expect(result).toEqual({ items: [], directive: D.NoFileComp });
  });

  it("asks for no space when every candidate goes on (a folder, a section)", async () => {
    const result = await completeCommandLine({
      root: { name: "x", description: "", positionals: [{ name: "p", description: "", complete: "dirs" }] },
      words: ["sub"],
      completers: { dirs: () => [{ value: "sub/" }, { value: "subway/" }, { value: "other" }] },
    });
    expect(result).toEqual({
      items: [{ value: "sub/" }, { value: "subway/" }],
      directive: D.NoFileComp | D.NoSpace,
    });
  });

  it("treats an empty word list as completing the first word", async () => {
    expect((await completeCommandLine({ root: ROOT, words: [] })).items.map((i) => i.value)).toEqual([
      "config",
      "rm",
      "run",
    ]);
  });
});
