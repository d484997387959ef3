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
  createFixtureRepo,
  gitBlobId,
  pseudoRandomBytes,
  sha256Hex,
  type FixtureFile,
} from "./fixtures/create-fixture-repo.js";
export { writePythonCache, type WritePythonCacheParams } from "./fixtures/write-python-cache.js";
