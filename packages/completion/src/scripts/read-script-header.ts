import { isShell, type Shell } from "../shells.js";

/** What the first lines of a completion script say about it. */
export interface ScriptHeader {
  programName: string;
  shell: Shell;
  protocol: number;
  version: string;
}

const HEADER = /^# (\S+) completion for (\S+) \(protocol (\d+), \S+ ([^)\s]+)\)$/m;

/**
 * Reads the header `renderCompletionScript` writes (`# hftool completion for zsh (protocol 1,
 * hftool 0.3.0)`) from the first lines of a file's text; `undefined` when it has none, i.e. the
 * file was not written by hftool.
 */
export function readScriptHeader(text: string): ScriptHeader | undefined {
  const head = text.split("\n", 3).join("\n");
  const match = HEADER.exec(head);
  if (!match || !isShell(match[2]!)) return undefined;
  return { programName: match[1]!, shell: match[2], protocol: Number(match[3]), version: match[4]! };
}
