import type { CompletionResult } from "../types.js";

/** Parameters of {@link formatCompletionOutput}. */
export interface FormatCompletionOutputParams {
  result: CompletionResult;
  /** Print `value<TAB>description`; `false` prints bare values. @default true */
  descriptions?: boolean;
}

/**
 * The `__complete` protocol text: one candidate per line, `value<TAB>description` when there is a
 * description, then a last line `:<directive>`. Values never contain a newline (those are dropped).
 */
export function formatCompletionOutput({
  result,
  descriptions = true,
}: FormatCompletionOutputParams): string {
  let out = "";
  for (const item of result.items) {
    if (/[\r\n]/.test(item.value)) continue;
    out += descriptions && item.description ? `${item.value}\t${item.description}\n` : `${item.value}\n`;
  }
  return `${out}:${result.directive}\n`;
}
