import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { createTempHome, runCli, type TempHome } from "@hftool/test-utils";

let user: TempHome;
const hftool = (args: string[], extra: { env?: NodeJS.ProcessEnv; input?: string } = {}) =>
  runCli(args, {
    cwd: user.cwd,
    env: { ...user.env, ...extra.env },
    ...(extra.input !== undefined ? { input: extra.input } : {}),
  });

beforeEach(() => {
  user = createTempHome();
});
afterEach(() => user.cleanup());

describe("hftool (built binary)", () => {
  it("prints help with every command and the run options", async () => {
    const r = await hftool(["--help"]);
    expect(r.code).toBe(0);
    for (const word of [
      "tasks",
      "models",
      "info",
      "config",
      "--task",
      "--input",
      "--json",
      "--quiet",
      "--no-color",
    ]) {
      expect(r.stdout).toContain(word);
    }
  });

  it("prints the package version", async () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    const r = await hftool(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it("lists tasks as text and as JSON", async () => {
    const text = await hftool(["tasks"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("automatic-speech-recognition");
    expect(text.stdout).toContain("t2i");
    const json = await hftool(["tasks", "--json"]);
    const tasks = JSON.parse(json.stdout) as { name: string; aliases: string[] }[];
    expect(tasks.find((t) => t.name === "text-to-image")?.aliases).toContain("t2i");
    const legacy = await hftool(["--list-tasks", "-q"]);
    expect(legacy.stdout.split("\n")).toContain("voice-activity-detection");
  });

  it("lists models as JSON, filtered by task alias", async () => {
    const r = await hftool(["models", "-t", "asr", "--json"]);
    expect(r.code).toBe(0);
    const models = JSON.parse(r.stdout) as { task: string; default: boolean; repo: string }[];
    expect(models.length).toBeGreaterThan(1);
    expect(models.every((m) => m.task === "automatic-speech-recognition")).toBe(true);
    expect(models.filter((m) => m.default)).toHaveLength(1);
  });

  it("shows a model's info, as text and JSON", async () => {
    const text = await hftool(["info", "whisper-base"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("onnx-community/whisper-base");
    expect(text.stdout).toContain("--language");
    const json = JSON.parse((await hftool(["info", "sd-turbo", "-t", "i2i", "--json"])).stdout) as {
      task: string;
      nonCommercial: boolean;
    };
    expect(json).toMatchObject({ task: "image-to-image", nonCommercial: true });
  });

  it("fails on an unknown task with message, hint and exit code 2, without a stack trace", async () => {
    const r = await hftool(["-t", "text-to-imag", "-i", "a cat"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Unknown task 'text-to-imag'. Did you mean 'text-to-image'?");
    expect(r.stderr).toContain("hftool tasks");
    expect(r.stderr).not.toMatch(/\s+at .+\(.+:\d+:\d+\)/);
    expect(r.stdout).toBe("");
  });

  it("shows the stack trace with HFTOOL_DEBUG=1 and writes HFTOOL_LOG_FILE", async () => {
    const log = join(user.root, "logs", "hftool.log");
    const r = await hftool(["-t", "nope", "-i", "x"], { env: { HFTOOL_DEBUG: "1", HFTOOL_LOG_FILE: log } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\s+at .+:\d+:\d+/);
    const logged = readFileSync(log, "utf8");
    expect(logged).toContain("[INFO] hftool");
    expect(logged).toContain("Unknown task 'nope'");
  });

  it("reports errors as JSON with --json", async () => {
    const r = await hftool(["info", "no-such-model", "--json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ success: false, error: { code: "MODEL_NOT_FOUND" } });
  });

  it("suggests a command for a typo and rejects unknown options", async () => {
    const typo = await hftool(["modles"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("Did you mean 'models'?");
    const flag = await hftool(["tasks", "--bogus"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Unknown option: --bogus");
    // yargs reports --kebab-case options twice (also camelCased): named once
    const kebab = await hftool(["tasks", "--bogus-flag"]);
    expect(kebab.stderr).toContain("Unknown option: --bogus-flag.");
    const audio = await hftool(["-t", "asr"]);
    expect(audio.stderr).toContain("pass -i with an audio file");
  });

  it("round-trips config init / set / get / show / unset", async () => {
    const init = await hftool(["config", "init"]);
    expect(init.code).toBe(0);
    const file = join(user.home, ".hftool", "config.toml");
    expect(readFileSync(file, "utf8")).toContain('# device = "auto"');

    const again = await hftool(["config", "init"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("--force");

    expect((await hftool(["config", "set", "defaults.device", "cpu"])).code).toBe(0);
    expect((await hftool(["config", "set", "asr.model", "whisper-small"])).code).toBe(0);
    expect((await hftool(["config", "set", "t2i.steps", "4"])).code).toBe(0);
    const text = readFileSync(file, "utf8");
    expect(text).toContain('device = "cpu"');
    expect(text).toContain("# hftool configuration."); // comments survive
    expect(text).toContain("[automatic-speech-recognition]");

    expect((await hftool(["config", "get", "defaults.device"])).stdout.trim()).toBe("cpu");
    expect((await hftool(["config", "get", "text-to-image.steps", "--json"])).stdout).toContain('"value": 4');

    const show = JSON.parse((await hftool(["config", "show", "--json"])).stdout) as {
      values: Record<string, { value: unknown; source: { kind: string } }>;
    };
    expect(show.values["defaults.device"]).toEqual({ value: "cpu", source: { kind: "user", file } });
    expect(show.values["automatic-speech-recognition.model"]?.value).toBe("whisper-small");

    const envWins = await hftool(["config", "get", "defaults.device", "--json"], {
      env: { HFTOOL_DEVICE: "cuda" },
    });
    expect(JSON.parse(envWins.stdout)).toMatchObject({
      value: "cuda",
      source: { kind: "env", variable: "HFTOOL_DEVICE" },
    });

    expect((await hftool(["config", "unset", "defaults.device"])).code).toBe(0);
    expect((await hftool(["config", "get", "defaults.device"])).stdout.trim()).toBe("auto");
  });

  it("rejects bad config values and keys with a clear error", async () => {
    const badValue = await hftool(["config", "set", "defaults.auto_open", "maybe"]);
    expect(badValue.code).not.toBe(0);
    expect(badValue.stderr).toContain("must be true or false");
    const badKey = await hftool(["config", "set", "defaults.devic", "cpu"]);
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toContain("Did you mean 'defaults.device'?");
    expect(existsSync(join(user.home, ".hftool", "config.toml"))).toBe(false);
  });

  it("names file, line and column of malformed TOML and leaves the file alone", async () => {
    const dir = join(user.home, ".hftool");
    mkdirSync(dir, { recursive: true });
    const broken = "[defaults]\ndevice = \n";
    writeFileSync(join(dir, "config.toml"), broken);
    const r = await hftool(["config", "show"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(join(dir, "config.toml"));
    expect(r.stderr).toMatch(/line 2, column \d+/);
    const set = await hftool(["config", "set", "defaults.device", "cpu"]);
    expect(set.code).toBe(1);
    expect(readFileSync(join(dir, "config.toml"), "utf8")).toBe(broken);
  });

  it("prints the config paths, honouring HFTOOL_HOME", async () => {
    const r = await hftool(["config", "path", "--json"], {
      env: { HFTOOL_HOME: join(user.root, "elsewhere") },
    });
    const files = JSON.parse(r.stdout) as { scope: string; path: string }[];
    expect(files[0]).toMatchObject({ scope: "user", path: join(user.root, "elsewhere", "config.toml") });
    expect(files[1]).toMatchObject({ scope: "project", path: join(user.cwd, ".hftool", "config.toml") });
  });
});
