import type { Shell } from "../shells.js";
import { TEMPLATES } from "./templates.js";

/** Version of the `__complete` protocol the scripts speak; bumped when it changes incompatibly. */
export const COMPLETION_PROTOCOL = 1;

/** Parameters of {@link renderCompletionScript}. */
export interface RenderCompletionScriptParams {
  shell: Shell;
  /** The program the script completes and calls (`<program> __complete …`). @default "hftool" */
  programName?: string;
  /** Version written in the script's header, so an outdated installed script can be spotted. */
  version: string;
}

/**
 * The completion script for one shell: a thin layer that calls `<program> __complete WORDS…` on
 * every Tab and hands the candidates to the shell, honouring the directive bits (no space, no file
 * names, extensions, folders only, keep order). Its first lines name the program, shell, protocol
 * and version (see {@link readScriptHeader}).
 */
export function renderCompletionScript({
  shell,
  programName = "hftool",
  version,
}: RenderCompletionScriptParams): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(programName)) {
    throw new TypeError(`Program name '${programName}' cannot be used in a completion script.`);
  }
  const fn = `_${programName.replace(/[^A-Za-z0-9_]/g, "_")}`;
  return TEMPLATES[shell]
    .replaceAll("__PROG__", programName)
    .replaceAll("__FN__", fn)
    .replaceAll("__VERSION__", version)
    .replaceAll("__PROTOCOL__", String(COMPLETION_PROTOCOL));
}
