import type { InferenceSession } from "onnxruntime-node";
import { float32Data, inputSpecs, tensorFor } from "../onnx/session-tensors.js";
import { loadOnnxRuntime } from "../../runtime/load-onnxruntime.js";

/** Parameters of {@link vaeDecode}. */
export interface VaeDecodeParams {
  session: InferenceSession;
  /** Denoised latents of one image, [channels, height/8, width/8]. */
  latents: Float32Array;
  latentChannels: number;
  latentHeight: number;
  latentWidth: number;
  /** `scaling_factor` of the VAE config (0.18215 for SD, 0.13025 for SDXL). */
  scalingFactor: number;
  /** `shift_factor` of the VAE config, when it has one. @default 0 */
  shiftFactor?: number;
}

/**
 * Decodes latents to 8-bit RGB: undo the VAE scaling (z / scaling_factor + shift_factor), run
 * `vae_decoder` (`latent_sample` → `sample` in [−1, 1]), and map to [0, 255] as diffusers'
 * image processor does: round(clamp(x/2 + 0.5, 0, 1) · 255).
 */
export async function vaeDecode({
  session,
  latents,
  latentChannels,
  latentHeight,
  latentWidth,
  scalingFactor,
  shiftFactor = 0,
}: VaeDecodeParams): Promise<{ data: Uint8Array; width: number; height: number }> {
  const ort = await loadOnnxRuntime();
  const unscaled = new Float32Array(latents.length);
  for (let i = 0; i < latents.length; i++) unscaled[i] = latents[i]! / scalingFactor + shiftFactor;
  const inputName = session.inputNames.includes("latent_sample") ? "latent_sample" : session.inputNames[0]!;
  const spec = inputSpecs(session).get(inputName)!;
  const outputs = await session.run({
    [inputName]: tensorFor(ort, spec, unscaled, [1, latentChannels, latentHeight, latentWidth]),
  });
  const output = outputs[session.outputNames.includes("sample") ? "sample" : session.outputNames[0]!]!;
  const [, , height, width] = output.dims.map(Number) as [number, number, number, number];
  const planes = float32Data(output);
  const plane = width * height;
  const data = new Uint8Array(plane * 3);
  for (let c = 0; c < 3; c++) {
    for (let p = 0; p < plane; p++) {
      const value = Math.min(Math.max(planes[c * plane + p]! / 2 + 0.5, 0), 1);
      data[p * 3 + c] = Math.round(value * 255);
    }
  }
  return { data, width, height };
}
