import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { isHftoolError } from "@hftool/core";
import { readScriptHeader } from "../scripts/read-script-header.js";
import { CompletionInstallError } from "./errors.js";
import { installCompletion, type InstallCompletionParams } from "./install-completion.js";
import { uninstallCompletion } from "./uninstall-completion.js";

let home: string;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "hftool-install-"));
  env = { HOME: home };
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const read = (path: string) => readFileSync(path, "utf8");
const install = (params: Partial<InstallCompletionParams> & Pick<InstallCompletionParams, "shell">) =>
  installCompletion({
    version: "1.0.0",
    homeDir: home,
    env,
    platform: "linux",
    bashCompletionInstalled: true,
    ...params,
  });
const uninstall = (shell: InstallCompletionParams["shell"], extra: { powershellProfile?: string } = {}) =>
  uninstallCompletion({ shell, homeDir: home, env, platform: "linux", ...extra });

describe("installCompletion / uninstallCompletion", () => {
  it("bash with bash-completion: drops the script in its user folder and leaves ~/.bashrc alone", async () => {
    writeFileSync(join(home, ".bashrc"), "alias ll='ls -l'\n");
    const result = await install({ shell: "bash" });
    const script = join(home, ".local", "share", "bash-completion", "completions", "hftool");
    expect(result).toMatchObject({ shell: "bash", script, dryRun: false, activate: `source ${script}` });
    expect(result.rc).toBeUndefined();
    expect(result.actions).toEqual([
      expect.objectContaining({ kind: "create", target: "script", path: script }),
    ]);
    expect(readScriptHeader(read(script))).toMatchObject({ shell: "bash", version: "1.0.0" });
    expect(read(join(home, ".bashrc"))).toBe("alias ll='ls -l'\n");

    expect((await install({ shell: "bash" })).actions[0]!.kind).toBe("unchanged");
    expect((await install({ shell: "bash", version: "1.1.0" })).actions[0]!.kind).toBe("update");

    const removed = await uninstall("bash");
    expect(removed.actions).toEqual([expect.objectContaining({ kind: "remove", target: "script" })]);
    expect(existsSync(script)).toBe(false);
    expect(read(join(home, ".bashrc"))).toBe("alias ll='ls -l'\n");
    expect((await uninstall("bash")).actions).toEqual([]);
  });

  it("honours XDG_DATA_HOME and BASH_COMPLETION_USER_DIR", async () => {
    env.XDG_DATA_HOME = join(home, "data");
    expect((await install({ shell: "bash" })).script).toBe(
      join(home, "data", "bash-completion", "completions", "hftool"),
    );
    env.BASH_COMPLETION_USER_DIR = join(home, "bc");
    expect((await install({ shell: "bash" })).script).toBe(join(home, "bc", "completions", "hftool"));
  });

  it("bash without bash-completion: a marked block in ~/.bashrc, removed byte for byte", async () => {
    const rc = join(home, ".bashrc");
    const original = "export PATH=$HOME/bin:$PATH\n# no newline at the end";
    writeFileSync(rc, original, { mode: 0o600 });
    const result = await install({ shell: "bash", bashCompletionInstalled: false });
    expect(result.rc).toBe(rc);
    const edited = read(rc);
    expect(edited.startsWith(`${original}\n# >>> hftool completion >>>\n`)).toBe(true);
    expect(edited).toContain(`. ${result.script}`);
    expect(edited.endsWith("# <<< hftool completion <<<\n")).toBe(true);
    expect(statSync(rc).mode & 0o777).toBe(0o600);

    const again = await install({ shell: "bash", bashCompletionInstalled: false });
    expect(again.actions.map((a) => a.kind)).toEqual(["unchanged", "unchanged"]);
    expect(read(rc)).toBe(edited);

    await uninstall("bash");
    expect(read(rc)).toBe(original);
    expect(existsSync(result.script)).toBe(false);
  });

  it("creates an rc file when there is none, and deletes it again on uninstall", async () => {
    const result = await install({ shell: "bash", bashCompletionInstalled: false, platform: "darwin" });
    expect(result.rc).toBe(join(home, ".bash_profile"));
    expect(result.actions[1]).toMatchObject({ kind: "create", target: "rc" });
    const removed = await uninstall("bash");
    expect(removed.actions.map((a) => a.kind)).toEqual(["remove", "remove"]);
    expect(existsSync(join(home, ".bash_profile"))).toBe(false);
  });

  it("zsh: puts the folder on fpath before compinit runs", async () => {
    const rc = join(home, ".zshrc");
    const original = "export EDITOR=vim\nautoload -Uz compinit\ncompinit\nalias g=git\n";
    writeFileSync(rc, original);
    const result = await install({ shell: "zsh" });
    expect(result.script).toBe(join(home, ".zfunc", "_hftool"));
    expect(read(result.script).startsWith("#compdef hftool\n")).toBe(true);
    const edited = read(rc);
    const block = edited.indexOf("# >>> hftool completion >>>");
    expect(block).toBe("export EDITOR=vim\n".length);
    expect(edited.indexOf(`fpath=(${join(home, ".zfunc")} $fpath)`)).toBeLessThan(
      edited.indexOf("autoload -Uz compinit"),
    );
    expect(edited).not.toContain("compdef _hftool");
    await uninstall("zsh");
    expect(read(rc)).toBe(original);
  });

  it("zsh without compinit in .zshrc: adds fpath and runs compinit only when nobody has", async () => {
    env.ZDOTDIR = join(home, "zdot");
    mkdirSync(env.ZDOTDIR);
    const rc = join(env.ZDOTDIR, ".zshrc");
    writeFileSync(rc, "setopt autocd\n");
    const result = await install({ shell: "zsh" });
    expect(result.script).toBe(join(home, "zdot", ".zfunc", "_hftool"));
    const edited = read(rc);
    expect(edited).toMatch(/^setopt autocd\n# >>> hftool completion >>>\n/);
    expect(edited).toContain("if (( ${+functions[compdef]} )); then");
    expect(edited).toContain("autoload -Uz compinit && compinit");
    await uninstall("zsh");
    expect(read(rc)).toBe("setopt autocd\n");
  });

  it("zsh: leaves .zshrc alone when the folder is already on fpath", async () => {
    const rc = join(home, ".zshrc");
    const original = "fpath+=~/.zfunc\nautoload -Uz compinit && compinit\n";
    writeFileSync(rc, original);
    const result = await install({ shell: "zsh" });
    expect(result.actions[1]).toMatchObject({ kind: "unchanged", target: "rc" });
    expect(read(rc)).toBe(original);
  });

  it("fish: only the completions file, no rc edit", async () => {
    env.XDG_CONFIG_HOME = join(home, "cfg");
    const result = await install({ shell: "fish" });
    expect(result.script).toBe(join(home, "cfg", "fish", "completions", "hftool.fish"));
    expect(result.rc).toBeUndefined();
    expect(result.actions).toHaveLength(1);
    await uninstall("fish");
    expect(existsSync(result.script)).toBe(false);
  });

  it("PowerShell: the script beside $PROFILE, dot-sourced from a block in it", async () => {
    const profile = join(home, "ps", "Microsoft.PowerShell_profile.ps1");
    mkdirSync(join(home, "ps"));
    writeFileSync(profile, "Set-PSReadLineOption -EditMode Emacs\r\n");
    const result = await install({ shell: "powershell", powershellProfile: profile });
    expect(result.script).toBe(join(home, "ps", "hftool-completion.ps1"));
    expect(read(profile)).toContain(`. ${result.script}`);
    expect(read(result.script)).toContain("Register-ArgumentCompleter -Native -CommandName 'hftool'");
    await uninstall("powershell", { powershellProfile: profile });
    expect(read(profile)).toBe("Set-PSReadLineOption -EditMode Emacs\r\n");
  });

  it("edits the file a symlinked rc points to, keeping the link", async () => {
    mkdirSync(join(home, "dotfiles"));
    const target = join(home, "dotfiles", "bashrc");
    writeFileSync(target, "# managed by stow\n");
    symlinkSync(target, join(home, ".bashrc"));
    await install({ shell: "bash", bashCompletionInstalled: false });
    expect(lstatSync(join(home, ".bashrc")).isSymbolicLink()).toBe(true);
    expect(read(target)).toContain("# >>> hftool completion >>>");
    await uninstall("bash");
    expect(lstatSync(join(home, ".bashrc")).isSymbolicLink()).toBe(true);
    expect(read(target)).toBe("# managed by stow\n");
  });

  it("never replaces a completion file someone else wrote, unless forced", async () => {
    const script = join(home, ".config", "fish", "completions", "hftool.fish");
    mkdirSync(join(home, ".config", "fish", "completions"), { recursive: true });
    writeFileSync(script, "complete -c hftool -a mine\n");
    const error = await install({ shell: "fish" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CompletionInstallError);
    expect(isHftoolError(error) && error.hint).toMatch(/--force/);
    expect(read(script)).toBe("complete -c hftool -a mine\n");
    expect((await uninstall("fish")).actions).toEqual([expect.objectContaining({ kind: "keep" })]);
    expect(read(script)).toBe("complete -c hftool -a mine\n");
    await install({ shell: "fish", force: true });
    expect(readScriptHeader(read(script))?.shell).toBe("fish");
  });

  it("changes nothing with dryRun, but says what it would do", async () => {
    writeFileSync(join(home, ".zshrc"), "compinit\n");
    const result = await install({ shell: "zsh", dryRun: true });
    expect(result.dryRun).toBe(true);
    expect(result.actions.map((a) => a.kind)).toEqual(["create", "update"]);
    expect(existsSync(result.script)).toBe(false);
    expect(read(join(home, ".zshrc"))).toBe("compinit\n");
  });
});
