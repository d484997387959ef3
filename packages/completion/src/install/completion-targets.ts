import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Shell } from "../shells.js";

/** Where one shell's completion goes. */
export interface CompletionTargets {
  /** The script file. */
  script: string;
  /** The rc file to edit, when the shell needs one. */
  rc?: string;
  /** What to run to use it in the shell that is open now. */
  activate: string;
}

export interface TargetParams {
  shell: Shell;
  programName: string;
  homeDir: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  bashCompletionInstalled?: boolean;
  powershellProfile?: string;
}

/** Where distributions and Homebrew put bash-completion 2's loader. */
const BASH_COMPLETION_LOADERS = [
  "/usr/share/bash-completion/bash_completion",
  "/usr/local/share/bash-completion/bash_completion",
  "/opt/homebrew/share/bash-completion/bash_completion",
  "/opt/homebrew/etc/profile.d/bash_completion.sh",
  "/usr/local/etc/profile.d/bash_completion.sh",
  "/data/data/com.termux/files/usr/share/bash-completion/bash_completion",
];

export function bashCompletionPresent(): boolean {
  return BASH_COMPLETION_LOADERS.some((path) => existsSync(path));
}

/** Single-quotes a path for POSIX shells (and PowerShell, which quotes the same way but for `'`). */
export function quotePath(path: string, shell: Shell): string {
  if (/^[A-Za-z0-9_@%+=:,./~-]+$/.test(path)) return path;
  return shell === "powershell" ? `'${path.replace(/'/g, "''")}'` : `'${path.replace(/'/g, "'\\''")}'`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() ? value.trim() : undefined;
}

function powershellProfile(params: TargetParams): string {
  if (params.powershellProfile) return params.powershellProfile;
  for (const program of ["pwsh", "powershell"]) {
    try {
      const out = execFileSync(program, ["-NoLogo", "-NoProfile", "-Command", "$PROFILE"], {
        encoding: "utf8",
        timeout: 5000,
        stdio: ["ignore", "pipe", "ignore"],
        env: params.env,
      }).trim();
      if (out) return out;
    } catch {
      // not installed: use the default location
    }
  }
  return params.platform === "win32"
    ? join(params.homeDir, "Documents", "PowerShell", "Microsoft.PowerShell_profile.ps1")
    : join(
        nonEmpty(params.env.XDG_CONFIG_HOME) ?? join(params.homeDir, ".config"),
        "powershell",
        "Microsoft.PowerShell_profile.ps1",
      );
}

/**
 * Where each shell loads completions from without being told:
 * bash-completion's user folder, a folder on zsh's `fpath` (added by an rc block), fish's
 * completions folder; PowerShell has none, so its profile dot-sources the script.
 */
export function completionTargets(params: TargetParams): CompletionTargets {
  const { shell, programName: prog, homeDir, env, platform } = params;
  switch (shell) {
    case "bash": {
      const userDir =
        nonEmpty(env.BASH_COMPLETION_USER_DIR?.split(":")[0]) ??
        join(nonEmpty(env.XDG_DATA_HOME) ?? join(homeDir, ".local", "share"), "bash-completion");
      const script = join(userDir, "completions", prog);
      const loader = params.bashCompletionInstalled ?? bashCompletionPresent();
      return {
        script,
        // bash-completion loads the user folder by itself; without it, ~/.bashrc must source the file.
        ...(loader ? {} : { rc: join(homeDir, platform === "darwin" ? ".bash_profile" : ".bashrc") }),
        activate: `source ${quotePath(script, shell)}`,
      };
    }
    case "zsh": {
      const base = nonEmpty(env.ZDOTDIR) ?? homeDir;
      const script = join(base, ".zfunc", `_${prog}`);
      return { script, rc: join(base, ".zshrc"), activate: `source ${quotePath(script, shell)}` };
    }
    case "fish": {
      const script = join(
        nonEmpty(env.XDG_CONFIG_HOME) ?? join(homeDir, ".config"),
        "fish",
        "completions",
        `${prog}.fish`,
      );
      return { script, activate: `source ${quotePath(script, shell)}` };
    }
    case "powershell": {
      const profile = powershellProfile(params);
      const script = join(dirname(profile), `${prog}-completion.ps1`);
      return { script, rc: profile, activate: `. ${quotePath(script, shell)}` };
    }
  }
}
