import type { CommandSpec } from "../types.js";

export const completionCommand: CommandSpec = {
  name: "completion",
  description: "Tab completion for bash, zsh, fish and PowerShell: print or install the script",
  positionals: [
    {
      name: "shell",
      description: "bash, zsh, fish or powershell (default: the shell you are typing in)",
      type: "string",
      complete: "shell",
    },
  ],
  options: [
    {
      name: "install",
      type: "boolean",
      description: "Install it where the shell loads completions (edits an rc file only if needed)",
    },
    {
      name: "uninstall",
      type: "boolean",
      description: "Remove exactly what --install added (every shell unless one is named)",
    },
    { name: "dry-run", type: "boolean", description: "With --install/--uninstall: show what would change" },
    {
      name: "force",
      type: "boolean",
      description: "With --install: replace a completion file that hftool did not write",
    },
  ],
  examples: [
    ["hftool completion --install", "Install completion for the shell you are using"],
    ["hftool completion zsh --install --dry-run", "Show where the zsh completion would go"],
    ["source <(hftool completion bash)", "Enable it in this bash session only"],
    ["hftool completion fish | source", "Enable it in this fish session only"],
    ["hftool completion --uninstall", "Remove it again"],
  ],
  load: () => import("../../commands/completion.js"),
};
