/** Shells hftool writes completion scripts for. */
export const SHELLS = ["bash", "zsh", "fish", "powershell"] as const;
export type Shell = (typeof SHELLS)[number];

/** Whether a name is a supported shell. */
export function isShell(name: string): name is Shell {
  return (SHELLS as readonly string[]).includes(name);
}
