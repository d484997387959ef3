import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "@jest/globals";
import { SHELLS } from "../shells.js";
import { readScriptHeader } from "./read-script-header.js";
import { COMPLETION_PROTOCOL, renderCompletionScript } from "./render-completion-script.js";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

function has(program: string): boolean {
  return spawnSync(program, ["--version"], { stdio: "ignore" }).status === 0;
}

describe("renderCompletionScript", () => {
  it("fills in the program name and version, with a header that reads back", () => {
    for (const shell of SHELLS) {
      const script = renderCompletionScript({ shell, version: "1.2.3" });
      expect(script).not.toMatch(/__(PROG|FN|VERSION|PROTOCOL)__/);
      expect(script).toContain("hftool __complete");
      expect(readScriptHeader(script)).toEqual({
        programName: "hftool",
        shell,
        protocol: COMPLETION_PROTOCOL,
        version: "1.2.3",
      });
    }
    expect(renderCompletionScript({ shell: "zsh", version: "1" }).startsWith("#compdef hftool\n")).toBe(true);
    expect(renderCompletionScript({ shell: "bash", programName: "my-tool", version: "1" })).toContain(
      "complete -F _my_tool_complete my-tool",
    );
  });

  it("refuses a program name that would break the script", () => {
    expect(() => renderCompletionScript({ shell: "bash", programName: "a b;rm", version: "1" })).toThrow(
      TypeError,
    );
  });

  it("ships the templates as they are in templates/ (the generated module is up to date)", () => {
    const check = spawnSync(
      process.execPath,
      [join(packageRoot, "scripts", "generate-templates.mjs"), "--check"],
      { encoding: "utf8" },
    );
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
  });

  for (const [shell, program, args] of [
    ["bash", "bash", ["-n"]],
    ["zsh", "zsh", ["-n"]],
    ["fish", "fish", ["--no-execute"]],
  ] as const) {
    const present = has(program);
    if (!present) console.log(`skipping the ${shell} syntax check: ${program} is not installed`);
    (present ? it : it.skip)(`writes a ${shell} script that ${program} parses`, () => {
      const dir = mkdtempSync(join(tmpdir(), "hftool-script-"));
      const file = join(dir, `script.${shell}`);
      writeFileSync(file, renderCompletionScript({ shell, version: "1.0.0" }));
      expect(() => execFileSync(program, [...args, file], { stdio: "pipe" })).not.toThrow();
      rmSync(dir, { recursive: true, force: true });
    });
  }
});

describe("readScriptHeader", () => {
  it("finds nothing in someone else's file", () => {
    expect(readScriptHeader("# my own completion\ncomplete -F _x hftool\n")).toBeUndefined();
    expect(readScriptHeader("# hftool completion for tcsh (protocol 1, hftool 1.0.0)\n")).toBeUndefined();
  });
});
