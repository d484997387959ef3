export {
  encodeOnnxModel,
  ONNX_TYPES,
  type EncodeOnnxModelParams,
  type OnnxAttribute,
  type OnnxElementType,
  type OnnxGraph,
  type OnnxNode,
  type OnnxTensor,
  type OnnxValue,
} from "./onnx/encode-onnx-model.js";
export { ProtobufWriter } from "./onnx/protobuf-writer.js";
export { findWorkspaceRoot } from "./cli/find-workspace-root.js";
export { createTempHome, type TempHome } from "./cli/temp-home.js";
export { runCli, cliBinPath, type CliResult, type RunCliOptions } from "./cli/run-cli.js";
export {
  tinyDiffusionRepoFiles,
  writeTinyDiffusionRepo,
  TINY_DIFFUSION,
  type TinyDiffusionComponent,
  type TinyDiffusionRepoOptions,
} from "./fixtures/diffusion/tiny-diffusion-repo.js";
export {
  tinyClipTokenizerFiles,
  tinyClipVocab,
  TINY_CLIP_MERGES,
  TINY_CLIP_VOCAB_SIZE,
} from "./fixtures/diffusion/tiny-clip-tokenizer-files.js";
export {
  writeStubProgram,
  type StubBehaviour,
  type WriteStubProgramParams,
} from "./stubs/write-stub-program.js";
export { createBrokenHubCache, type BrokenHubCache } from "./fixtures/create-broken-hub-cache.js";
