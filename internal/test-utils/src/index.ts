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
  writeModelFolder,
  onnxVariants,
  DTYPE_SUFFIX,
  type FixtureDtype,
  type ModelFolderFile,
  type WriteModelFolderParams,
} from "./fixtures/write-model-folder.js";
export { byteLevelBpeTokenizer, bytesToUnicode } from "./fixtures/byte-level-tokenizer.js";
export {
  buildWhisperFixture,
  type BuildWhisperFixtureParams,
  type WhisperFixture,
} from "./fixtures/whisper-fixture.js";
export { buildVitsFixture, type BuildVitsFixtureParams, type VitsFixture } from "./fixtures/vits-fixture.js";
export { buildVadFixture, VAD_FIXTURE_LEVEL, type BuildVadFixtureParams } from "./fixtures/vad-fixture.js";
export { encodeTestWav, toneSamples, burstSamples, type EncodeTestWavParams } from "./fixtures/audio.js";
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
export {
  buildBertFixture,
  type BertFixture,
  type BertFixtureHead,
  type BuildBertFixtureParams,
} from "./fixtures/text/bert-fixture.js";
export {
  buildSeq2SeqFixture,
  type BuildSeq2SeqFixtureParams,
  type Seq2SeqFixture,
  type Seq2SeqFixtureType,
} from "./fixtures/text/seq2seq-fixture.js";
export {
  buildGpt2Fixture,
  type BuildGpt2FixtureParams,
  type Gpt2Fixture,
} from "./fixtures/text/gpt2-fixture.js";
export { wordPieceTokenizer, wordLevelTokenizer } from "./fixtures/text/word-tokenizers.js";
export { addBallast, type AddBallastParams, type Ballast } from "./onnx/add-ballast.js";
export { COLOUR_LABELS, colourContrastWeights, type ColourLabel } from "./fixtures/vision/colour-weights.js";
export {
  encodeTestImage,
  testImagePixels,
  type EncodeTestImageParams,
  type Rgba,
  type TestRect,
} from "./fixtures/vision/test-image.js";
export {
  buildImageClassifierFixture,
  type BuildImageClassifierFixtureParams,
  type VisionFixture,
} from "./fixtures/vision/image-classifier-fixture.js";
export { buildClipFixture, type BuildClipFixtureParams } from "./fixtures/vision/clip-fixture.js";
export {
  buildDetrFixture,
  DETR_FIXTURE_QUADRANTS,
  type BuildDetrFixtureParams,
} from "./fixtures/vision/detr-fixture.js";
export {
  buildSegformerFixture,
  type BuildSegformerFixtureParams,
} from "./fixtures/vision/segformer-fixture.js";
export { buildMattingFixture, type BuildMattingFixtureParams } from "./fixtures/vision/matting-fixture.js";
export { buildDepthFixture, type BuildDepthFixtureParams } from "./fixtures/vision/depth-fixture.js";
export {
  buildCaptionerFixture,
  type BuildCaptionerFixtureParams,
  type CaptionerFixture,
} from "./fixtures/vision/captioner-fixture.js";
export { buildSwin2srFixture, type BuildSwin2srFixtureParams } from "./fixtures/vision/swin2sr-fixture.js";
export {
  createFixtureRepo,
  gitBlobId,
  pseudoRandomBytes,
  sha256Hex,
  type FixtureFile,
} from "./fixtures/create-fixture-repo.js";
export { writePythonCache, type WritePythonCacheParams } from "./fixtures/write-python-cache.js";
export {
  startTmuxSession,
  tmuxUnavailableReason,
  type StartTmuxSessionParams,
  type TmuxSession,
} from "./tty/tmux-session.js";
export { startSocksProxy, type SocksProxy, type StartSocksProxyParams } from "./net/start-socks-proxy.js";
export { startEchoServer, type EchoServer } from "./net/start-echo-server.js";
export { startHttpProxy, type HttpProxy } from "./net/start-http-proxy.js";
