#!/usr/bin/env node
/**
 * Diffusion pipeline benchmark: time per denoising step inside `DiffusionPipeline.textToImage`
 * against a bare `InferenceSession.run` of the same UNet on the same inputs (goal: ≤ 1.05×),
 * and the split of a whole generation into text encoding, denoising and VAE decoding.
 *
 * The model is a generated diffusers ONNX repo with the real interfaces and a UNet made heavy
 * enough (wide 3×3 convolutions at SD's 64×64 latent size) that, like a real UNet, its run
 * dominates a step; the ratio then measures what the pipeline adds per step (scheduler, CFG,
 * tensor conversion). Both sides run in this process on the same machine, interleaved.
 *
 * Run after `pnpm turbo run build`:
 *   node bench/diffusion/step-overhead.mjs [--steps 4] [--rounds 15] [--threads 0] [--size 512]
 * On a shared machine the ratio moves with other load; "work outside unet.run" (the pipeline's own
 * per-step cost, timed inside the same generation) is the steadier figure.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";

const root = new URL("../../", import.meta.url);
const { writeTinyDiffusionRepo, TINY_DIFFUSION } = await import(
  new URL("internal/test-utils/dist/index.js", root)
);
const { loadDiffusionPipeline, SeededRandom } = await import(
  new URL("packages/inference/dist/index.js", root)
);
// onnxruntime-node is a dependency of @hftool/inference; resolve it from there.
const { createRequire } = await import("node:module");
const ort = createRequire(new URL("packages/inference/package.json", root))("onnxruntime-node");

const { values } = parseArgs({
  options: {
    steps: { type: "string", default: "4" },
    rounds: { type: "string", default: "15" },
    threads: { type: "string", default: "0" },
    channels: { type: "string", default: "96" },
    layers: { type: "string", default: "4" },
    size: { type: "string", default: "512" },
  },
});
const steps = Number(values.steps);
const rounds = Number(values.rounds);
const size = Number(values.size);
const latent = size / 8;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${ms.toFixed(2)} ms`;

async function bench(label, options, guidanceScale) {
  const dir = mkdtempSync(join(tmpdir(), "hftool-bench-diffusion-"));
  try {
    writeTinyDiffusionRepo(dir, {
      ...options,
      unetCompute: { channels: Number(values.channels), layers: Number(values.layers) },
    });
    // Two sessions live in this process: stop ORT's worker threads from spinning after a run, or
    // the idle session's spinning threads steal the cores from the one being measured.
    const sessionOptions = {
      graphOptimizationLevel: "all",
      extra: { session: { intra_op: { allow_spinning: "0" } } },
    };
    const pipeline = await loadDiffusionPipeline({ modelDir: dir, sessionOptions });
    const bare = await ort.InferenceSession.create(join(dir, "unet", "model.onnx"), sessionOptions);

    // The bare run gets exactly what the pipeline feeds: CFG batches [uncond, cond].
    const batch = guidanceScale > 1 ? 2 : 1;
    const hidden = TINY_DIFFUSION.hiddenSize;
    const fp16 = options.dtype === "fp16";
    const random = new SeededRandom(1);
    const floats = (n) => random.normalArray(n);
    const tensor = (data, dims) =>
      fp16 ? new ort.Tensor("float16", toHalf(data), dims) : new ort.Tensor("float32", data, dims);
    const feeds = {
      sample: tensor(floats(batch * 4 * latent * latent), [batch, 4, latent, latent]),
      timestep: tensor(Float32Array.of(999), []),
      encoder_hidden_states: tensor(floats(batch * 77 * hidden), [batch, 77, hidden]),
    };

    const pipelineStep = [];
    const bareStep = [];
    const splits = [];
    await pipeline.textToImage({
      prompt: "warm up",
      seed: 0,
      steps: 1,
      width: size,
      height: size,
      guidanceScale,
    });
    await bare.run(feeds);
    const runPipeline = async (round) => {
      const result = await pipeline.textToImage({
        prompt: "a red cat",
        seed: round,
        steps,
        width: size,
        height: size,
        guidanceScale,
      });
      pipelineStep.push(result.timings.denoisingMs / steps);
      splits.push(result.timings);
    };
    const runBare = async () => {
      const start = performance.now();
      for (let i = 0; i < steps; i++) await bare.run(feeds);
      bareStep.push((performance.now() - start) / steps);
    };
    // Alternate which side goes first, so neither always inherits a warmer or busier machine.
    for (let round = 0; round < rounds; round++) {
      if (round % 2 === 0) {
        await runPipeline(round);
        await runBare();
      } else {
        await runBare();
        await runPipeline(round);
      }
    }
    await pipeline.dispose();
    await bare.release();
    const overhead = median(splits.map((t) => (t.denoisingMs - t.unetMs) / steps));
    const p = median(pipelineStep);
    const b = median(bareStep);
    const split = splits[Math.floor(splits.length / 2)];
    console.log(
      `${label.padEnd(28)} pipeline step ${fmt(p).padStart(10)}  bare unet.run ${fmt(b).padStart(10)}  ratio ${(p / b).toFixed(3)}×  ${p / b <= 1.05 ? "(goal ≤ 1.05× met)" : "(goal ≤ 1.05× MISSED)"}`,
    );
    console.log(
      `${"".padEnd(28)} pipeline work outside unet.run: ${fmt(overhead)} per step (${((100 * overhead) / p).toFixed(2)}% of a step)`,
    );
    console.log(
      `${"".padEnd(28)} one ${steps}-step image: text encoding ${fmt(split.textEncodingMs)}, denoising ${fmt(split.denoisingMs)}, VAE decoding ${fmt(split.vaeDecodingMs)}, total ${fmt(split.totalMs)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function toHalf(values) {
  const out = new Uint16Array(values.length);
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  for (let i = 0; i < values.length; i++) {
    f[0] = values[i];
    const x = u[0];
    const sign = (x >>> 16) & 0x8000;
    const e = ((x >>> 23) & 0xff) - 112;
    out[i] = e <= 0 ? sign : e >= 31 ? sign | 0x7c00 : sign | (e << 10) | ((x >>> 13) & 0x3ff);
  }
  return out;
}

console.log(
  `Diffusion step overhead, ${size}×${size} (latents 4×${latent}×${latent}), ${steps} steps, median of ${rounds} rounds`,
);
await bench("fp32, guidance off", {}, 0);
await bench("fp32, guidance 7.5 (batch 2)", {}, 7.5);
await bench("fp16 I/O, guidance off", { dtype: "fp16" }, 0);
