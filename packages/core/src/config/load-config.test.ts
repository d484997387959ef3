import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "@jest/globals";
import { ConfigError } from "../errors/errors.js";
import { loadConfig } from "./load-config.js";

let root: string;
let home: string;
let project: string;

function write(path: string, text: string) {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
}
const userFile = () => join(home, ".hftool", "config.toml");
const projectFile = () => join(project, ".hftool", "config.toml");
const load = (env: NodeJS.ProcessEnv = {}, overrides: Record<string, unknown> = {}, cwd = project) =>
  loadConfig({ cwd, env, homeDir: home, overrides });

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "hftool-config-"));
  home = join(root, "home");
  project = join(root, "project");
  mkdirSync(home, { recursive: true });
  mkdirSync(project, { recursive: true });
});

describe("loadConfig precedence", () => {
  const layers = ["default", "user", "project", "env", "flag"] as const;
  // Every combination of layers that set defaults.device: the strongest one present wins.
  const combos = Array.from({ length: 16 }, (_, mask) => layers.slice(1).filter((_, i) => mask & (1 << i)));
  it.each(combos.map((c) => [c.join("+") || "(defaults only)", c] as const))("%s", (_label, present) => {
    const values: Record<string, string> = { user: "cuda", project: "coreml", env: "dml", flag: "webgpu" };
    if (present.includes("user")) write(userFile(), `[defaults]\ndevice = "${values.user}"\n`);
    if (present.includes("project")) write(projectFile(), `[defaults]\ndevice = "${values.project}"\n`);
    const env = present.includes("env") ? { HFTOOL_DEVICE: values.env } : {};
    const overrides = present.includes("flag") ? { "defaults.device": values.flag } : {};
    const config = load(env, overrides);
    const strongest = [...layers].reverse().find((l) => l === "default" || present.includes(l as never))!;
    expect(config.defaults.device).toBe(strongest === "default" ? "auto" : values[strongest]);
    expect(config.sourceOf("defaults.device")?.kind).toBe(strongest);
  });

  it("merges tables key by key across files", () => {
    write(
      userFile(),
      `[defaults]\ndevice = "cuda"\nauto_open = false\n[text-to-image]\nsteps = 4\nmodel = "sd-turbo"\n`,
    );
    write(projectFile(), `[defaults]\ndevice = "cpu"\n[t2i]\nsteps = 2\n`);
    const config = load();
    expect(config.defaults).toMatchObject({ device: "cpu", autoOpen: false });
    expect(config.task("text-to-image")).toEqual({ model: "sd-turbo", params: { steps: 2 } });
    expect(config.task("t2i").params.steps).toBe(2);
  });

  it("finds the project config in a parent folder, but never takes the user config for it", () => {
    write(projectFile(), `[defaults]\ndtype = "q8"\n`);
    const nested = join(project, "a", "b");
    mkdirSync(nested, { recursive: true });
    expect(load({}, {}, nested).defaults.dtype).toBe("q8");
    write(userFile(), `[defaults]\ndtype = "fp16"\n`);
    const inHome = load({}, {}, home);
    expect(inHome.files.find((f) => f.scope === "project")?.exists).toBe(false);
    expect(inHome.defaults.dtype).toBe("fp16");
  });
});

describe("loadConfig values", () => {
  it("has working defaults for every documented key", () => {
    const config = load();
    expect(config.defaults).toEqual({
      device: "auto",
      gpu: undefined,
      dtype: "auto",
      autoOpen: true,
      autoDownload: false,
      verbose: false,
      interactive: false,
    });
    expect(config.paths.modelsDir).toBe(join(home, ".cache", "huggingface", "hub"));
    expect(config.paths.outputDir).toBe(project);
    expect(config.paths.historyFile).toBe(join(home, ".hftool", "history.jsonl"));
    expect(config.hub).toEqual({ endpoint: "https://huggingface.co", offline: false });
    expect(config.download.maxWorkers).toBe(8);
  });

  it("takes every key from env vars, typed", () => {
    const config = load({
      HFTOOL_DEVICE: "cpu",
      HFTOOL_GPU: "1",
      HFTOOL_DTYPE: "fp16",
      HFTOOL_AUTO_OPEN: "no",
      HFTOOL_AUTO_DOWNLOAD: "1",
      HFTOOL_VERBOSE: "true",
      HFTOOL_INTERACTIVE: "on",
      HFTOOL_MODELS_DIR: "~/models",
      HFTOOL_OUTPUT_DIR: "out",
      HFTOOL_HISTORY_FILE: "/tmp/h.jsonl",
      HF_ENDPOINT: "http://127.0.0.1:9/",
      HF_HUB_OFFLINE: "1",
      HFTOOL_MAX_WORKERS: "3",
    });
    expect(config.defaults).toEqual({
      device: "cpu",
      gpu: "1",
      dtype: "fp16",
      autoOpen: false,
      autoDownload: true,
      verbose: true,
      interactive: true,
    });
    expect(config.paths).toEqual({
      modelsDir: join(home, "models"),
      outputDir: join(project, "out"),
      historyFile: "/tmp/h.jsonl",
    });
    expect(config.hub).toEqual({ endpoint: "http://127.0.0.1:9", offline: true });
    expect(config.download.maxWorkers).toBe(3);
  });

  it("follows the Hugging Face cache variables, with HFTOOL_MODELS_DIR and [paths] above them", () => {
    expect(load({ HF_HOME: join(root, "hf") }).paths.modelsDir).toBe(join(root, "hf", "hub"));
    expect(load({ HF_HOME: join(root, "hf"), HF_HUB_CACHE: join(root, "c") }).paths.modelsDir).toBe(
      join(root, "c"),
    );
    expect(load({ XDG_CACHE_HOME: join(root, "x") }).paths.modelsDir).toBe(
      join(root, "x", "huggingface", "hub"),
    );
    write(userFile(), `[paths]\nmodels_dir = "~/m"\n`);
    expect(load({ HF_HUB_CACHE: join(root, "c") }).paths.modelsDir).toBe(join(home, "m"));
    expect(load({ HF_HUB_CACHE: join(root, "c"), HFTOOL_MODELS_DIR: join(root, "e") }).paths.modelsDir).toBe(
      join(root, "e"),
    );
  });

  it("relocates hftool home with HFTOOL_HOME", () => {
    const elsewhere = join(root, "elsewhere");
    write(join(elsewhere, "config.toml"), `[defaults]\nverbose = true\n`);
    const config = load({ HFTOOL_HOME: elsewhere });
    expect(config.home).toBe(elsewhere);
    expect(config.defaults.verbose).toBe(true);
    expect(config.paths.historyFile).toBe(join(elsewhere, "history.jsonl"));
  });

  it("resolves relative paths in a file against the folder that holds .hftool", () => {
    write(projectFile(), `[paths]\noutput_dir = "outputs"\n`);
    expect(load({}, {}, join(project)).paths.outputDir).toBe(join(project, "outputs"));
  });

  it("accepts [defaults] output_dir as the older spelling of [paths] output_dir", () => {
    write(userFile(), `[defaults]\noutput_dir = "/tmp/a"\n`);
    expect(load().paths.outputDir).toBe("/tmp/a");
    write(userFile(), `[defaults]\noutput_dir = "/tmp/a"\n[paths]\noutput_dir = "/tmp/b"\n`);
    expect(load().paths.outputDir).toBe("/tmp/b");
  });

  it("reads aliases and task tables", () => {
    write(
      userFile(),
      `[aliases]\nfast = "onnx-community/whisper-tiny"\n[asr]\nmodel = "fast"\nlanguage = "german"\ndevice = "cpu"\n`,
    );
    const config = load();
    expect(config.aliases).toEqual({ fast: "onnx-community/whisper-tiny" });
    expect(config.task("automatic-speech-recognition")).toEqual({
      model: "fast",
      device: "cpu",
      params: { language: "german" },
    });
  });
});

describe("loadConfig problems", () => {
  it("warns about unknown keys and sections, with suggestions, and ignores them", () => {
    write(userFile(), `[defaults]\ndevise = "cpu"\n[defualts]\nx = 1\n[text-to-image]\nstesp = 3\n`);
    const config = load();
    const messages = config.warnings.map((w) => w.message).join("\n");
    expect(messages).toContain("unknown key 'devise' in [defaults]");
    expect(messages).toContain("Did you mean 'device'?");
    expect(messages).toContain("unknown section [defualts]");
    expect(messages).toContain("did you mean 'steps'?");
    expect(config.defaults.device).toBe("auto");
  });

  it("warns about bad env values and ignores them", () => {
    const config = load({ HFTOOL_AUTO_OPEN: "maybe", HFTOOL_DEVICE: "gpu0" });
    expect(config.warnings.map((w) => w.message)).toEqual([
      expect.stringContaining("HFTOOL_DEVICE"),
      expect.stringContaining("HFTOOL_AUTO_OPEN"),
    ]);
    expect(config.defaults.autoOpen).toBe(true);
  });

  it("fails on malformed TOML with file, line and column", () => {
    write(userFile(), `[defaults]\ndevice = "cpu"\nverbose = tru\n`);
    let error: ConfigError | undefined;
    try {
      load();
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.file).toBe(userFile());
    expect(error!.line).toBe(3);
    expect(error!.column).toBeGreaterThan(0);
    expect(error!.message).toContain(`${userFile()} is not valid TOML`);
    expect(error!.message).toContain("line 3");
    expect(error!.hint).toContain("hftool config edit");
  });

  it("fails on values of the wrong type", () => {
    write(userFile(), `[defaults]\nauto_open = "sometimes"\n`);
    expect(() => load()).toThrow(/'defaults.auto_open' must be true or false/);
    write(userFile(), `[defaults]\ndevice = "gpu"\n`);
    expect(() => load()).toThrow(/one of auto, cpu, cuda/);
  });

  it("refuses oversized files", () => {
    write(userFile(), `# ${"x".repeat(1024 * 1024)}\n`);
    expect(() => load()).toThrow(/limit is 1048576/);
  });
});
