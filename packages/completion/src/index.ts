export { SHELLS, isShell, type Shell } from "./shells.js";
export { COMPLETION_DIRECTIVE, type CompletionDirective } from "./directive.js";
export type {
  Completer,
  CompleterContext,
  CompleterMap,
  CompletionCommandSpec,
  CompletionItem,
  CompletionOptionSpec,
  CompletionPositionalSpec,
  CompletionResult,
} from "./types.js";

export { completeCommandLine, type CompleteCommandLineParams } from "./engine/complete-command-line.js";
export {
  formatCompletionOutput,
  type FormatCompletionOutputParams,
} from "./engine/format-completion-output.js";

export { completePath, type CompletePathParams } from "./paths/complete-path.js";
export { completeFilePicker, type CompleteFilePickerParams } from "./paths/complete-file-picker.js";

export {
  createHftoolCompleters,
  type CreateHftoolCompletersParams,
} from "./hftool/create-hftool-completers.js";
export { listCachedModels, type ListCachedModelsParams } from "./hftool/list-cached-models.js";
export {
  readHistoryEntries,
  type HistoryEntrySummary,
  type ReadHistoryEntriesParams,
} from "./hftool/read-history-entries.js";
export { INPUT_EXTENSIONS } from "./hftool/input-extensions.js";

export {
  renderCompletionScript,
  COMPLETION_PROTOCOL,
  type RenderCompletionScriptParams,
} from "./scripts/render-completion-script.js";
export { readScriptHeader, type ScriptHeader } from "./scripts/read-script-header.js";

export {
  detectShell,
  type DetectShellParams,
  type DetectedShell,
  type ProcessInfo,
} from "./install/detect-shell.js";
export { shellFromName } from "./install/shell-from-name.js";
export {
  installCompletion,
  type CompletionAction,
  type InstallCompletionParams,
  type InstallCompletionResult,
} from "./install/install-completion.js";
export {
  uninstallCompletion,
  type UninstallCompletionParams,
  type UninstallCompletionResult,
} from "./install/uninstall-completion.js";
export { CompletionInstallError } from "./install/errors.js";
