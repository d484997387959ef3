import { chmodSync, existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { createFakeMachine, type FakeMachine } from "../../../test/helpers/fake-machine.js";
import { runDoctor } from "../../run-doctor.js";
import type { CheckResult } from "../../types.js";

let machine: FakeMachine;
let modelsDir: string;
beforeEach(() => {
  machine = createFakeMachine();
  modelsDir = join(machine.home, ".cache", "huggingface", "hub");
});
afterEach(() => machine.cleanup());

async function config(): Promise<CheckResult> {
  return (await runDoctor({ checks: ["config"], environment: machine.environment() })).checks[0]!;
}

describe("config check", () => {
  it("is fine without any config file once the models folder exists", async () => {
    mkdirSync(modelsDir, { recursive: true });
    const result = await config();
    expect(result.status).toBe("ok");
    expect(result.message).toBe("No config files; built-in defaults apply.");
    expect(result.details).toContain("Models folder ~/.cache/huggingface/hub (default) is writable.");
    expect(result.suggestions.map((s) => s.command)).toEqual(["hftool config init"]);
  });

  it("reports a malformed config file with line, column and the offending lines", async () => {
    mkdirSync(modelsDir, { recursive: true });
    machine.write("home/.hftool/config.toml", '[defaults]\ndevice = "cpu"\ndtype = fp16\n');
    const result = await config();
    expect(result.status).toBe("error");
    expect(result.message).toMatch(/^~\/\.hftool\/config\.toml line 3, column 9: /);
    expect(result.details).toContain(
      "user config: ~/.hftool/config.toml is not valid TOML (line 3, column 9).",
    );
    expect(result.details.join("\n")).toContain("dtype = fp16");
    expect(result.suggestions[0]).toEqual({
      description: "Fix line 3 of ~/.hftool/config.toml",
      command: "hftool config edit",
    });
    expect(result.data.files).toContainEqual(
      expect.objectContaining({
        scope: "user",
        valid: false,
        error: expect.objectContaining({ line: 3, column: 9 }),
      }),
    );
  });

  it("points project-config errors at the project file", async () => {
    mkdirSync(modelsDir, { recursive: true });
    machine.write("work/.hftool/config.toml", "[paths\n");
    const result = await config();
    expect(result.status).toBe("error");
    expect(result.suggestions[0]!.command).toBe("hftool config edit --project");
  });

  it("warns about unknown keys, with hftool's did-you-mean", async () => {
    mkdirSync(modelsDir, { recursive: true });
    machine.write("home/.hftool/config.toml", '[defaults]\ndevise = "cpu"\n\n[speling]\nx = 1\n');
    const result = await config();
    expect(result.status).toBe("warning");
    expect(result.message).toBe(
      "~/.hftool/config.toml: unknown key 'devise' in [defaults] is ignored. Did you mean 'device'? (+1 more)",
    );
    expect(result.details[0]).toMatch(/unknown section \[speling\] is ignored/);
  });

  it("offers to create a missing models folder, and --fix creates it", async () => {
    const before = await config();
    expect(before.status).toBe("info");
    expect(before.fixable).toEqual([
      {
        id: "create-models-dir",
        description: "Create the models folder ~/.cache/huggingface/hub",
        deletesData: false,
      },
    ]);
    const report = await runDoctor({ checks: ["config"], environment: machine.environment(), fix: true });
    expect(report.fixes).toEqual([
      {
        checkId: "config",
        fixId: "create-models-dir",
        description: "Create the models folder ~/.cache/huggingface/hub",
        deletesData: false,
        outcome: "applied",
      },
    ]);
    expect(statSync(modelsDir).isDirectory()).toBe(true);
    expect(report.checks[0]!.status).toBe("ok");
  });

  it("is an error when the models folder is a file, or cannot be written", async () => {
    machine.write("models-file", "not a folder");
    machine.env.HFTOOL_MODELS_DIR = join(machine.root, "models-file");
    const file = await config();
    expect(file.status).toBe("error");
    expect(file.message).toContain("(from HFTOOL_MODELS_DIR) is a file, not a folder.");

    if (process.getuid?.() === 0) {
      console.log("Skipping the read-only models folder case: running as root, every folder is writable.");
      return;
    }
    const readOnly = join(machine.root, "read-only");
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
    machine.env.HFTOOL_MODELS_DIR = readOnly;
    const locked = await config();
    expect(locked.status).toBe("error");
    expect(locked.message).toContain("is not writable: downloads will fail.");
    expect(existsSync(readOnly)).toBe(true);
  });
});
