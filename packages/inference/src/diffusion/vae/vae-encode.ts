import type { InferenceSession } from "onnxruntime-node";
import type { SeededRandom } from "../random/seeded-random.js";
import { float32Data, inputSpecs, tensorFor } from "../onnx/session-tensors.js";
import { loadOnnxRuntime } from "../../runtime/load-onnxruntime.js";

/** Parameters of {@link vaeEncode}. */
export interface VaeEncodeParams {
  session: InferenceSession;
  /** RGB pixels, row-major, interleaved. */
  pixels: Uint8Array;
  width: number;
  height: number;
  latentChannels: number;
  scalingFactor: number;
  /** @default 0 */
  shiftFactor?: number;
  /** Draws the sample from the latent distribution, as diffusers' image-to-image does. */
  random: SeededRandom;
}

/**
 * Encodes pixels to scaled latents: RGB → [−1, 1] CHW → `vae_encoder`. Optimum exports return
 * the Gaussian's parameters (`latent_parameters`: mean and log-variance, 2·C channels), from
 * which a sample mean + σ·ε is drawn; older exports return a sample (`latent_sample`, C channels).
 * The result is (z − shift_factor) · scaling_factor.
 */
export async function vaeEncode({
  session,
  pixels,
  width,
  height,
  latentChannels,
  scalingFactor,
  shiftFactor = 0,
  random,
}: VaeEncodeParams): Promise<Float32Array> {
  const ort = await loadOnnxRuntime();
  const plane = width * height;
  const input = new Float32Array(plane * 3);
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < 3; c++) input[c * plane + p] = (pixels[p * 3 + c]! / 255) * 2 - 1;
  }
  const inputName = session.inputNames.includes("sample") ? "sample" : session.inputNames[0]!;
  const spec = inputSpecs(session).get(inputName)!;
  const outputs = await session.run({ [inputName]: tensorFor(ort, spec, input, [1, 3, height, width]) });
  const output = outputs[session.outputNames[0]!]!;
  const values = float32Data(output);
  const channels = Number(output.dims[1]);
  const latentPlane = values.length / channels;
  const latents = new Float32Array(latentChannels * latentPlane);
  if (channels === 2 * latentChannels) {
    for (let i = 0; i < latents.length; i++) {
      const mean = values[i]!;
      const logVariance = Math.min(Math.max(values[i + latents.length]!, -30), 20);
      latents[i] = mean + Math.exp(0.5 * logVariance) * random.nextNormal();
    }
  } else {
    latents.set(values.subarray(0, latents.length));
  }
  for (let i = 0; i < latents.length; i++) latents[i] = (latents[i]! - shiftFactor) * scalingFactor;
  return latents;
}
