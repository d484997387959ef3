// The naming rule of ONNX weight variants lives in @hftool/core (the CLI's download command uses it
// too); re-exported here because it has been part of this package's API.
export { DTYPE_SUFFIXES, onnxFileName } from "@hftool/core";
