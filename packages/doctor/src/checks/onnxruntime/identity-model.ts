/**
 * The smallest useful ONNX model: one Identity node, `x` float32[1] → `y` float32[1] (opset 17,
 * IR 8), 100 bytes. Creating a session on it with one execution provider is the only reliable
 * way to learn whether that provider works. Generated once with `encodeOnnxModel` from
 * @hftool/test-utils (a test checks these bytes still match) and embedded, so this package needs
 * no test helper at run time.
 */
export const IDENTITY_MODEL_BASE64 =
  "CAgSEWhmdG9vbC10ZXN0LXV0aWxzOkcKHAoBeBIBeRoKSWRlbnRpdHlfMCIISWRlbnRpdHkSBXByb2JlWg8KAXgSCgoICAESBAoCCAFiDwoBeRIKCggIARIECgIIAUIECgAQEQ==";
