/**
 * Runs in a child `node -e` process: loads onnxruntime-node, lists the providers its binary was
 * built with, and creates a session on the identity model with each provider alone, running it
 * once. One JSON object per line on stdout, so the parent keeps what finished if it has to kill
 * the child.
 *
 * A child process, because a provider can hang in a driver, crash the process, or print native
 * errors straight to stderr; none of that may reach hftool's own process. A string, because it
 * must run the same from the ESM and CommonJS builds and from the TypeScript sources in tests.
 *
 * argv: <onnxruntime-node entry> <providers JSON array, empty = every listed one> <model base64>
 */
export const PROBE_SCRIPT = String.raw`
"use strict";
const [entry, providersJson, modelBase64] = process.argv.slice(1);
const write = (value) => process.stdout.write(JSON.stringify(value) + "\n");
const messageOf = (error) => String((error && error.message) || error).trim();
let ort;
try {
  ort = require(entry);
} catch (error) {
  write({ type: "load-error", message: messageOf(error), code: error && error.code });
  process.exit(0);
}
// "error", not "fatal": the child's stderr is captured, and ONNX Runtime logs there the one line
// that says why a provider library did not load ("libcublasLt.so.12: cannot open shared object").
try { ort.env.logLevel = "error"; } catch {}
let backends = [];
try { backends = typeof ort.listSupportedBackends === "function" ? ort.listSupportedBackends() : []; } catch {}
const versions = (ort.env && ort.env.versions) || {};
write({ type: "loaded", version: versions.node || versions.common || null, backends });
const requested = JSON.parse(providersJson);
const names = requested.length > 0 ? requested : backends.map((b) => b.name);
const model = Buffer.from(modelBase64, "base64");
(async () => {
  for (const name of names) {
    write({ type: "start", name });
    const started = process.hrtime.bigint();
    const ms = () => Number((process.hrtime.bigint() - started) / 1000000n);
    try {
      const session = await ort.InferenceSession.create(model, {
        executionProviders: [name],
        logSeverityLevel: 3,
      });
      const input = new ort.Tensor("float32", Float32Array.from([42]), [1]);
      const output = await session.run({ x: input });
      const ok = Boolean(output.y) && output.y.data[0] === 42;
      if (typeof session.release === "function") await session.release();
      write({ type: "provider", name, ok, ms: ms(), error: ok ? null : "the test model gave a wrong answer" });
    } catch (error) {
      write({ type: "provider", name, ok: false, ms: ms(), error: messageOf(error) });
    }
  }
  write({ type: "done" });
})();
`;
