import { TestEnvironment } from "jest-environment-node";

/**
 * jest runs each test file in its own VM realm, whose typed-array constructors differ from the
 * ones native addons (onnxruntime-node, sharp) create. `instanceof Float32Array` then fails inside
 * those libraries ("A float32 tensor's data must be type of Float32Array"). Sharing the host
 * realm's binary-data constructors makes the test realm behave like a normal Node process.
 */
export default class HostBinaryEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of [
      "ArrayBuffer",
      "SharedArrayBuffer",
      "DataView",
      "Uint8Array",
      "Uint8ClampedArray",
      "Int8Array",
      "Uint16Array",
      "Int16Array",
      "Uint32Array",
      "Int32Array",
      "Float32Array",
      "Float64Array",
      "BigInt64Array",
      "BigUint64Array",
      // WebAssembly memories must hand out the same ArrayBuffer as above (wasm audio decoders check)
      "WebAssembly",
    ]) {
      this.global[name] = globalThis[name];
    }
  }
}
