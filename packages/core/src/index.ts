export { HftoolError, isHftoolError, type HftoolErrorOptions } from "./errors/hftool-error.js";
export {
  AbortError,
  ConfigError,
  ExitCode,
  InputError,
  ModelNotFoundError,
  ModelProviderError,
  NotSupportedError,
  TaskNotFoundError,
  UsageError,
} from "./errors/errors.js";

export type { InputKind, OutputKind, TaskDefinition, TaskParam, TaskStatus } from "./tasks/types.js";
export { TASKS } from "./tasks/task-registry.js";
export { listTasks, type ListTasksParams } from "./tasks/list-tasks.js";
export { findTask, resolveTask } from "./tasks/resolve-task.js";

export { DTYPES, DTYPE_SUFFIXES, type Dtype, type ModelEntry, type ResolvedModel } from "./models/types.js";
export { onnxFileName } from "./models/onnx-file-name.js";
export { onnxFileDtype } from "./models/onnx-file-dtype.js";
export { MODELS } from "./models/model-registry.js";
export { listModels, type ListModelsParams } from "./models/list-models.js";
export { getDefaultModel, type GetDefaultModelOptions } from "./models/get-default-model.js";
export { modelRunsOn, type ModelRunsOnParams } from "./models/model-runs-on.js";
export { describeProviders } from "./models/describe-providers.js";
export { modelLicenseNotice } from "./models/model-license-notice.js";
export { findModel, type FindModelParams } from "./models/find-model.js";
export { resolveModel, type ResolveModelParams } from "./models/resolve-model.js";

export {
  CONFIG_KEYS,
  DEVICES,
  FIXED_SECTIONS,
  TASK_TABLE_KEYS,
  type ConfigKeySpec,
  type ConfigValueType,
} from "./config/config-schema.js";
export {
  loadConfig,
  type ConfigEntry,
  type ConfigSource,
  type ConfigWarning,
  type HftoolConfig,
  type LoadConfigParams,
  type TaskSettings,
} from "./config/load-config.js";
export {
  findConfigFiles,
  type ConfigFileInfo,
  type ConfigScope,
  type FindConfigFilesParams,
} from "./config/find-config-files.js";
export { readConfigFile, MAX_CONFIG_BYTES } from "./config/read-config-file.js";
export { parseConfigKey, type ParsedConfigKey } from "./config/parse-config-key.js";
export { parseConfigValue } from "./config/parse-config-value.js";
export {
  setConfigValue,
  type SetConfigValueParams,
  type SetConfigValueResult,
} from "./config/set-config-value.js";
export { initConfig, type InitConfigParams } from "./config/init-config.js";
export { renderConfigTemplate } from "./config/render-config-template.js";
export { editToml } from "./config/edit-toml.js";

export { getHftoolHome, expandTilde, type GetHftoolHomeParams } from "./paths/get-hftool-home.js";
export { getHubCacheDir, type GetHubCacheDirParams } from "./paths/get-hub-cache-dir.js";
export { loadDotenv, type LoadDotenvParams, type LoadDotenvResult } from "./env/load-dotenv.js";
export { writeFileAtomic, type WriteFileAtomicParams } from "./fs/write-file-atomic.js";
export { parseExtraArgs } from "./params/parse-extra-args.js";
export { parseParamValue } from "./params/parse-param-value.js";
export { formatBytes } from "./format/format-bytes.js";
export { formatDuration } from "./format/format-duration.js";
export { suggestClosest, type SuggestClosestParams } from "./suggest/suggest-closest.js";

export { outputFileName, type OutputFileNameParams } from "./output/output-file-name.js";
export {
  resolveOutputPath,
  type ResolveOutputPathParams,
  type ResolvedOutputPath,
} from "./output/resolve-output-path.js";
export type { OutputMetadata } from "./output/output-metadata.js";
export {
  buildOutputMetadata,
  MAX_METADATA_INPUT_LENGTH,
  type BuildOutputMetadataParams,
} from "./output/build-output-metadata.js";
export { metadataSidecarPath, METADATA_SIDECAR_SUFFIX } from "./output/metadata-sidecar-path.js";
export { isPng, PNG_SIGNATURE } from "./output/png-signature.js";
export { readPngText } from "./output/read-png-text.js";
export { writePngText, type WritePngTextParams } from "./output/write-png-text.js";
export {
  writeOutputFile,
  type WriteOutputFileParams,
  type WriteOutputFileResult,
} from "./output/write-output-file.js";
export { readOutputMetadata } from "./output/read-output-metadata.js";
export { withFileLock, type WithFileLockParams } from "./lock/with-file-lock.js";
export type { HistoryEntry, HistorySource, NewHistoryEntry } from "./history/types.js";
export { appendHistory, type AppendHistoryParams } from "./history/append-history.js";
export { readHistory, type ReadHistoryParams } from "./history/read-history.js";
export { findHistoryEntry } from "./history/find-history-entry.js";
export { clearHistory } from "./history/clear-history.js";
export { historyToArgs, quoteShellWord } from "./history/history-to-args.js";
export {
  listRecentInputs,
  type ListRecentInputsParams,
  type RecentInput,
} from "./history/list-recent-inputs.js";
export { INPUT_EXTENSIONS, hasInputExtension } from "./file-picker/input-extensions.js";
export {
  parseFileReference,
  type FileReference,
  type ParseFileReferenceParams,
} from "./file-picker/parse-file-reference.js";
export {
  listPickerCandidates,
  type ListPickerCandidatesParams,
  type PickerCandidate,
} from "./file-picker/list-picker-candidates.js";
export { readBatchSource, type BatchItem, type ReadBatchSourceParams } from "./batch/read-batch-source.js";
export { planBatchOutputs, type PlanBatchOutputsParams } from "./batch/plan-batch-outputs.js";
export type { BenchmarkResult, TimingStats } from "./benchmark/types.js";
export {
  appendBenchmarkResult,
  type AppendBenchmarkResultParams,
} from "./benchmark/append-benchmark-result.js";
export { readBenchmarkResults, type ReadBenchmarkResultsParams } from "./benchmark/read-benchmark-results.js";
export { summarizeTimings } from "./benchmark/summarize-timings.js";
