import { homedir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { renderCompletionScript } from "../scripts/render-completion-script.js";
import { readScriptHeader } from "../scripts/read-script-header.js";
import type { Shell } from "../shells.js";
import { completionTargets, quotePath } from "./completion-targets.js";
import { CompletionInstallError } from "./errors.js";
import { findBlock, removeBlock, renderBlock } from "./marked-block.js";
import { readRcFile, writeRcFile } from "./rc-file.js";

/** One change `installCompletion` / `uninstallCompletion` made (or, with `dryRun`, would make). */
export interface CompletionAction {
  /** `create`, `update` and `remove` change the disk; `unchanged` and `keep` do not. */
  kind: "create" | "update" | "unchanged" | "remove" | "keep";
  /** The completion script, or an rc file (`~/.zshrc`, `~/.bashrc`, the PowerShell profile). */
  target: "script" | "rc";
  path: string;
  /** One line for people. */
  description: string;
}

/** What `installCompletion` did. */
export interface InstallCompletionResult {
  shell: Shell;
  /** The script file. */
  script: string;
  /** The rc file edited, when the shell needed one. */
  rc?: string;
  actions: CompletionAction[];
  /** What to run to use completion in the shell that is open now. */
  activate: string;
  /** Nothing was written. */
  dryRun: boolean;
}

/** Parameters of {@link installCompletion}. */
export interface InstallCompletionParams {
  shell: Shell;
  /** Version written into the script's header. */
  version: string;
  /** @default "hftool" */
  programName?: string;
  /** @default os.homedir() */
  homeDir?: string;
  /** For `XDG_*`, `ZDOTDIR`, `BASH_COMPLETION_USER_DIR`. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** @default process.platform */
  platform?: NodeJS.Platform;
  /**
   * Whether bash-completion 2 is installed (then it loads the script by itself and `~/.bashrc` is
   * left alone). @default looked up in the usual places
   */
  bashCompletionInstalled?: boolean;
  /** PowerShell's `$PROFILE`. @default asked from `pwsh`, else its usual place */
  powershellProfile?: string;
  /** Replace a script file at the target path that hftool did not write. @default false */
  force?: boolean;
  /** Work out the actions without writing anything. @default false */
  dryRun?: boolean;
}

/** Lines in a .zshrc that run compinit (directly or through a framework); fpath must grow before them. */
const COMPINIT_LINE =
  /^[^#\n]*(\bcompinit\b|oh-my-zsh\.sh|\bzinit\b|\bantidote\b|\bzimfw\b|\bprezto\b|\bantigen\b)/m;

function homeRelative(path: string, homeDir: string): string[] {
  const rel = relative(homeDir, path);
  if (rel.startsWith("..") || rel === "") return [path];
  const posix = rel.split(sep).join("/");
  return [path, `~/${posix}`, `$HOME/${posix}`, `\${HOME}/${posix}`];
}

/** Inserts the block into the rc text as it was before hftool touched it. */
function withBlock(
  original: string | undefined,
  shell: Shell,
  programName: string,
  script: string,
  homeDir: string,
): string | undefined {
  const text = original ?? "";
  let body: string;
  let at = text.length;
  if (shell === "zsh") {
    const folder = dirname(script);
    // Someone already put the folder on fpath: nothing to add.
    if (
      homeRelative(folder, homeDir).some((f) =>
        text.split("\n").some((l) => l.includes("fpath") && l.includes(f) && !l.trimStart().startsWith("#")),
      )
    ) {
      return original;
    }
    const compinit = COMPINIT_LINE.exec(text);
    if (compinit) {
      at = compinit.index;
      body = `fpath=(${quotePath(folder, shell)} $fpath)`;
    } else {
      body = [
        `fpath=(${quotePath(folder, shell)} $fpath)`,
        "if (( ${+functions[compdef]} )); then",
        `  autoload -Uz _${programName} && compdef _${programName} ${programName}`,
        "else",
        "  autoload -Uz compinit && compinit",
        "fi",
      ].join("\n");
    }
  } else if (shell === "bash") {
    body = `[ -f ${quotePath(script, shell)} ] && . ${quotePath(script, shell)}`;
  } else {
    body = `if (Test-Path ${quotePath(script, shell)}) { . ${quotePath(script, shell)} }`;
  }
  const addedNewline = at === text.length && text.length > 0 && !text.endsWith("\n");
  const block = renderBlock(programName, body, { addedNewline, createdFile: original === undefined });
  return text.slice(0, at) + (addedNewline ? "\n" : "") + block + text.slice(at);
}

/** The rc text with hftool's block taken out: what the user had (`undefined`: no file). */
export function withoutBlock(text: string | undefined, programName: string): string | undefined {
  if (text === undefined) return undefined;
  const block = findBlock(text, programName);
  if (!block) return text;
  const rest = removeBlock(text, block);
  return block.createdFile && rest === "" ? undefined : rest;
}

async function readText(path: string): Promise<string | undefined> {
  return (await readRcFile(path)).text;
}

/**
 * Installs shell completion for one shell where that shell loads it by itself (bash-completion's
 * user folder, a folder on zsh's `fpath`, fish's completions folder; PowerShell: next to
 * `$PROFILE`). An rc file is edited only where needed (zsh's `fpath`, bash without bash-completion,
 * the PowerShell profile), inside a marked block that `uninstallCompletion` removes byte for byte.
 *
 * Idempotent (running it again changes nothing, or updates the script and the block in place),
 * atomic (each file is written to a temporary file and renamed), and it never replaces a script
 * file it did not write unless `force` is set; symlinked rc files are written through the link.
 *
 * @throws {CompletionInstallError} when a file cannot be read or written, or is someone else's.
 */
export async function installCompletion(params: InstallCompletionParams): Promise<InstallCompletionResult> {
  const { shell, version, programName = "hftool", force = false, dryRun = false } = params;
  const homeDir = params.homeDir ?? homedir();
  const targets = completionTargets({
    shell,
    programName,
    homeDir,
    env: params.env ?? process.env,
    platform: params.platform ?? process.platform,
    ...(params.bashCompletionInstalled !== undefined
      ? { bashCompletionInstalled: params.bashCompletionInstalled }
      : {}),
    ...(params.powershellProfile ? { powershellProfile: params.powershellProfile } : {}),
  });
  const actions: CompletionAction[] = [];

  const script = renderCompletionScript({ shell, programName, version });
  const existing = await readText(targets.script);
  if (existing !== undefined && readScriptHeader(existing)?.programName !== programName && !force) {
    throw new CompletionInstallError(
      `${targets.script} already exists and was not written by ${programName}; leaving it alone.`,
      targets.script,
      { hint: `Move it away, or run '${programName} completion ${shell} --install --force' to replace it.` },
    );
  }
  if (existing === script) {
    actions.push({
      kind: "unchanged",
      target: "script",
      path: targets.script,
      description: "completion script already up to date",
    });
  } else {
    actions.push({
      kind: existing === undefined ? "create" : "update",
      target: "script",
      path: targets.script,
      description: existing === undefined ? "wrote the completion script" : "updated the completion script",
    });
    if (!dryRun) await writeRcFile(targets.script, script);
  }

  if (targets.rc) {
    const rc = await readRcFile(targets.rc);
    const original = withoutBlock(rc.text, programName);
    const next = withBlock(original, shell, programName, targets.script, homeDir);
    const verb = rc.text === next ? "unchanged" : rc.text === undefined ? "create" : "update";
    const description =
      verb === "unchanged"
        ? next === original
          ? "already loads the completion folder; left as it is"
          : "already has the completion block"
        : verb === "create"
          ? "created it with a marked block that loads the completion"
          : "added a marked block that loads the completion";
    actions.push({ kind: verb, target: "rc", path: targets.rc, description });
    if (verb !== "unchanged" && !dryRun) await writeRcFile(rc.path, next);
  }

  return {
    shell,
    script: targets.script,
    ...(targets.rc ? { rc: targets.rc } : {}),
    actions,
    activate: targets.activate,
    dryRun,
  };
}

/** Every rc file a past install may have edited for this shell (bash's depends on the platform). */
export function rcCandidates(shell: Shell, rc: string | undefined, homeDir: string): string[] {
  if (shell !== "bash") return rc ? [rc] : [];
  return [join(homeDir, ".bashrc"), join(homeDir, ".bash_profile")];
}
