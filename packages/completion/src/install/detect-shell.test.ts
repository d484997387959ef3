import { describe, expect, it } from "@jest/globals";
import { detectShell, type ProcessInfo } from "./detect-shell.js";
import { shellFromName } from "./shell-from-name.js";

function tree(processes: Record<number, ProcessInfo>) {
  return (pid: number) => processes[pid];
}

describe("detectShell", () => {
  it("takes the nearest shell among the parent processes, looking through wrappers", () => {
    const readProcess = tree({
      10: { name: "node", ppid: 9 },
      9: { name: "sh", ppid: 8 },
      8: { name: "fish", ppid: 7 },
      7: { name: "zsh", ppid: 1 },
    });
    expect(detectShell({ pid: 10, readProcess, env: { SHELL: "/bin/zsh" }, platform: "linux" })).toEqual({
      shell: "fish",
      source: "process",
      detail: "fish",
    });
  });

  it("prefers the running shell to $SHELL (a zsh user who started bash)", () => {
    const readProcess = tree({ 5: { name: "-bash", ppid: 1 } });
    expect(detectShell({ pid: 5, readProcess, env: { SHELL: "/bin/zsh" }, platform: "darwin" }).shell).toBe(
      "bash",
    );
  });

  it("falls back to $SHELL when an unknown program started hftool", () => {
    const readProcess = tree({ 5: { name: "python3", ppid: 4 }, 4: { name: "bash", ppid: 1 } });
    expect(detectShell({ pid: 5, readProcess, env: { SHELL: "/usr/bin/zsh" }, platform: "linux" })).toEqual({
      shell: "zsh",
      source: "env",
      detail: "SHELL=/usr/bin/zsh",
    });
  });

  it("guesses PowerShell on Windows and bash elsewhere", () => {
    const readProcess = () => undefined;
    expect(detectShell({ pid: 5, readProcess, env: {}, platform: "win32" }).shell).toBe("powershell");
    expect(
      detectShell({ pid: 5, readProcess, env: { SHELL: "/bin/tcsh" }, platform: "linux" }),
    ).toMatchObject({
      shell: "bash",
      source: "default",
    });
  });

  it("reads the real process table on this machine", () => {
    // Whatever started jest, the answer is one of the shells and says where it came from.
    const detected = detectShell();
    expect(["bash", "zsh", "fish", "powershell"]).toContain(detected.shell);
    expect(["process", "env", "default"]).toContain(detected.source);
  });
});

describe("shellFromName", () => {
  it("understands login shells, paths and Windows names", () => {
    expect(shellFromName("-zsh")).toBe("zsh");
    expect(shellFromName("/usr/local/bin/fish")).toBe("fish");
    expect(shellFromName("pwsh.exe")).toBe("powershell");
    expect(shellFromName("C:\\Windows\\powershell.exe")).toBe("powershell");
    expect(shellFromName("tcsh")).toBeUndefined();
  });
});
