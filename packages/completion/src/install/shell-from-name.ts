import { basename } from "node:path";
import { isShell, type Shell } from "../shells.js";

/** `-zsh`, `/bin/bash`, `pwsh.exe`, `powershell` → a supported shell, if it is one. */
export function shellFromName(name: string): Shell | undefined {
  const base = basename(name.trim().replace(/\\/g, "/"))
    .replace(/^-/, "")
    .replace(/\.exe$/i, "")
    .toLowerCase();
  if (base === "pwsh" || base === "powershell") return "powershell";
  return isShell(base) ? base : undefined;
}
