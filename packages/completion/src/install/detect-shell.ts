import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { Shell } from "../shells.js";
import { shellFromName } from "./shell-from-name.js";

/** A process's name and its parent. */
export interface ProcessInfo {
  name: string;
  ppid: number;
}

/** Parameters of {@link detectShell}. */
export interface DetectShellParams {
  /** The process whose ancestors are searched. @default process.ppid */
  pid?: number;
  /** Environment, for `$SHELL`. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** @default process.platform */
  platform?: NodeJS.Platform;
  /**
   * Reads a process's name and parent.
   * @default `/proc/<pid>/stat` on Linux, `ps -o ppid=,comm= -p <pid>` elsewhere
   */
  readProcess?: (pid: number) => ProcessInfo | undefined;
}

/** Which shell, and how it was found. */
export interface DetectedShell {
  shell: Shell;
  /** `process`: an ancestor process is that shell; `env`: `$SHELL` says so; `default`: a guess. */
  source: "process" | "env" | "default";
  /** What was seen: the process name, `$SHELL`, or why it is a guess. */
  detail: string;
}

/** Processes between a shell and hftool, looked through. */
const WRAPPERS = new Set([
  "node",
  "nodejs",
  "npm",
  "npx",
  "pnpm",
  "pnpx",
  "yarn",
  "bun",
  "bunx",
  "corepack",
  "tsx",
  "hftool",
  "sh",
  "dash",
  "env",
  "sudo",
  "doas",
  "timeout",
  "nice",
  "time",
  "script",
  "xargs",
]);

function readProcFs(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // `pid (name) state ppid …`; the name may itself hold spaces and parentheses.
    const open = stat.indexOf("(");
    const close = stat.lastIndexOf(")");
    const ppid = Number(stat.slice(close + 2).split(" ")[1]);
    return { name: stat.slice(open + 1, close), ppid };
  } catch {
    return undefined;
  }
}

function readPs(pid: number): ProcessInfo | undefined {
  try {
    const out = execFileSync("ps", ["-o", "ppid=,comm=", "-p", String(pid)], {
      encoding: "utf8",
      timeout: 2000,
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    const match = /^(\d+)\s+(.+)$/.exec(out);
    return match ? { ppid: Number(match[1]), name: match[2]! } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The shell the user is typing in: the nearest ancestor process that is a shell (looking through
 * node, npm, npx, sh and the like), else `$SHELL`, else PowerShell on Windows and bash elsewhere.
 * `$SHELL` comes second because it is the login shell, not the one running: a zsh user who
 * starts bash still has `SHELL=/bin/zsh`.
 */
export function detectShell(params: DetectShellParams = {}): DetectedShell {
  const env = params.env ?? process.env;
  const platform = params.platform ?? process.platform;
  const read =
    params.readProcess ??
    (platform === "linux" ? readProcFs : platform === "win32" ? () => undefined : readPs);
  let pid = params.pid ?? process.ppid;
  for (let depth = 0; depth < 8 && pid > 1; depth++) {
    const info = read(pid);
    if (!info) break;
    const shell = shellFromName(info.name);
    if (shell) return { shell, source: "process", detail: info.name };
    if (
      !WRAPPERS.has(
        basename(info.name)
          .replace(/\.exe$/i, "")
          .toLowerCase(),
      )
    )
      break;
    pid = info.ppid;
  }
  const fromEnv = env.SHELL ? shellFromName(env.SHELL) : undefined;
  if (fromEnv) return { shell: fromEnv, source: "env", detail: `SHELL=${env.SHELL}` };
  if (platform === "win32") return { shell: "powershell", source: "default", detail: "Windows" };
  return {
    shell: "bash",
    source: "default",
    detail: "no shell found among the parent processes or in $SHELL",
  };
}
