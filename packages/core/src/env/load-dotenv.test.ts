import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { loadDotenv } from "./load-dotenv.js";

describe("loadDotenv", () => {
  it("fills missing variables from ./.env then the hftool home .env, never overriding", () => {
    const root = mkdtempSync(join(tmpdir(), "hftool-dotenv-"));
    const cwd = join(root, "work");
    const home = join(root, "home");
    mkdirSync(cwd, { recursive: true });
    mkdirSync(join(home, ".hftool"), { recursive: true });
    writeFileSync(join(cwd, ".env"), 'A=from-cwd\nB=from-cwd\n# comment\nQUOTED="two words"\n');
    writeFileSync(join(home, ".hftool", ".env"), "B=from-home\nC=from-home\nA=from-home\n");
    const env: NodeJS.ProcessEnv = { A: "real" };
    const result = loadDotenv({ cwd, env, homeDir: home });
    expect(env).toEqual({ A: "real", B: "from-cwd", C: "from-home", QUOTED: "two words" });
    expect(result.files).toEqual([join(cwd, ".env"), join(home, ".hftool", ".env")]);
    expect(result.applied.sort()).toEqual(["B", "C", "QUOTED"]);
  });

  it("honours HFTOOL_HOME set by the working folder's .env", () => {
    const root = mkdtempSync(join(tmpdir(), "hftool-dotenv-"));
    mkdirSync(join(root, "h"), { recursive: true });
    writeFileSync(join(root, ".env"), `HFTOOL_HOME=${join(root, "h")}\n`);
    writeFileSync(join(root, "h", ".env"), "X=1\n");
    const env: NodeJS.ProcessEnv = {};
    loadDotenv({ cwd: root, env, homeDir: join(root, "nohome") });
    expect(env.X).toBe("1");
  });
});
