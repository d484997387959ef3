import { homedir } from "node:os";
import { readScriptHeader } from "../scripts/read-script-header.js";
import type { Shell } from "../shells.js";
import { completionTargets } from "./completion-targets.js";
import { rcCandidates, withoutBlock, type CompletionAction } from "./install-completion.js";
import { readRcFile, writeRcFile } from "./rc-file.js";

/** What `uninstallCompletion` did. */
export interface UninstallCompletionResult {
  shell: Shell;
  actions: CompletionAction[];
  /** Nothing was written. */
  dryRun: boolean;
}

/** Parameters of {@link uninstallCompletion}. */
export interface UninstallCompletionParams {
  shell: Shell;
  /** @default "hftool" */
  programName?: string;
  /** @default os.homedir() */
  homeDir?: string;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** @default process.platform */
  platform?: NodeJS.Platform;
  /** PowerShell's `$PROFILE`. @default asked from `pwsh`, else its usual place */
  powershellProfile?: string;
  /** Work out the actions without writing anything. @default false */
  dryRun?: boolean;
}

/**
 * Removes exactly what `installCompletion` added for one shell: its script file (only if hftool
 * wrote it) and its marked block in rc files, restoring each rc file byte for byte, and deleting it
 * if the install created it. Does nothing, successfully, when nothing is installed.
 *
 * @throws {CompletionInstallError} when a file cannot be read or written.
 */
export async function uninstallCompletion(
  params: UninstallCompletionParams,
): Promise<UninstallCompletionResult> {
  const { shell, programName = "hftool", dryRun = false } = params;
  const homeDir = params.homeDir ?? homedir();
  const targets = completionTargets({
    shell,
    programName,
    homeDir,
    env: params.env ?? process.env,
    platform: params.platform ?? process.platform,
    bashCompletionInstalled: false,
    ...(params.powershellProfile ? { powershellProfile: params.powershellProfile } : {}),
  });
  const actions: CompletionAction[] = [];

  const script = await readRcFile(targets.script);
  if (script.text !== undefined) {
    if (readScriptHeader(script.text)?.programName === programName) {
      actions.push({
        kind: "remove",
        target: "script",
        path: targets.script,
        description: "removed the completion script",
      });
      if (!dryRun) await writeRcFile(script.path, undefined);
    } else {
      actions.push({
        kind: "keep",
        target: "script",
        path: targets.script,
        description: `not written by ${programName}; left alone`,
      });
    }
  }

  for (const path of rcCandidates(shell, targets.rc, homeDir)) {
    const rc = await readRcFile(path);
    if (rc.text === undefined) continue;
    const restored = withoutBlock(rc.text, programName);
    if (restored === rc.text) continue;
    actions.push({
      kind: "remove",
      target: "rc",
      path,
      description:
        restored === undefined
          ? "deleted it (the install had created it)"
          : "removed the marked completion block",
    });
    if (!dryRun) await writeRcFile(rc.path, restored);
  }
  return { shell, actions, dryRun };
}
