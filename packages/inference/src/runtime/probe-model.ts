/**
 * The smallest useful ONNX model: `y = Relu(x)` on one float. Creating a session with it is how
 * hftool learns whether an execution provider really loads (onnxruntime-node lists providers it
 * was built with, not ones that work). Built with `encodeOnnxModel` from @hftool/test-utils; a
 * test checks these bytes against it.
 */
export const PROBE_MODEL = Uint8Array.from(
  atob(
    "CAgSEWhmdG9vbC10ZXN0LXV0aWxzOj8KFAoBeBIBeRoGUmVsdV8wIgRSZWx1EgVwcm9iZVoPCgF4EgoKCAgBEgQKAggBYg8KAXkSCgoICAESBAoCCAFCBAoAEBE=",
  ),
  (c) => c.charCodeAt(0),
);
