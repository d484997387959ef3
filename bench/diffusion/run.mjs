#!/usr/bin/env node
// Stable Diffusion benchmark (node bench/run.mjs diffusion), each figure against a reference
// measured in the same run:
//   1. time per denoising step inside the text-to-image pipeline (the task pipeline the CLI runs)
//      vs a bare `unet` InferenceSession.run on the same inputs            goal ≤ 1.05×
//      and the pipeline's own work per step (scheduler, guidance, tensor conversion), timed
//      inside the same generations, which is the steadier figure on a busy machine
//   2. where a generation's time goes: text encoding, denoising, VAE decoding, the rest (PNG),
//      from the round of median total time
//
//   node bench/diffusion/run.mjs [--steps 8] [--rounds 21] [--size 512] [--threads 1]
//                                [--channels 96] [--layers 4] [--json]
//
// The model is a generated diffusers ONNX repo with the real interfaces (@hftool/test-utils) and
// a UNet made heavy enough (wide 3×3 convolutions at SD's 64×64 latent size) that, as with a real
// UNet, its run dominates a step. To keep the figures steady: both sides run in this process on
// identical session options (one intra-op thread unless --threads says otherwise, worker threads
// not spinning between runs), warm up first, then alternate round by round (A B, B A, …) so
// neither always inherits a warmer or busier machine; each round is many steps; the summary is
// the median over rounds, and the ratio is also given as the median of per-round ratios, which
// cancels slow drift in machine load; the fastest tenth of single steps on each side shows what a
// step costs when nothing else interferes.
//
// Needs the built packages (pnpm turbo run build).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { loadBuilt } from "../lib/load-built.mjs";
import { median } from "../lib/measure.mjs";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    steps: { type: "string", default: "8" },
    rounds: { type: "string", default: "21" },
    size: { type: "string", default: "512" },
    threads: { type: "string", default: "1" },
    channels: { type: "string", default: "96" },
    layers: { type: "string", default: "4" },
    json: { type: "boolean", default: false },
  },
});
const steps = Number(values.steps);
const rounds = Number(values.rounds);
const size = Number(values.size);
const threads = Number(values.threads);
const json = values.json;
const latent = size / 8;

const { ort, inference, fixtures } = await loadBuilt();

const ms = (x) => `${x.toFixed(2)} ms`;

/** float32 → IEEE half bits (round to nearest even is not needed for timing inputs). */
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

const results = [];

async function bench(label, repoOptions, guidanceScale) {
  const dir = mkdtempSync(join(tmpdir(), "hftool-bench-diffusion-"));
  try {
    fixtures.writeTinyDiffusionRepo(dir, {
      ...repoOptions,
      unetCompute: { channels: Number(values.channels), layers: Number(values.layers) },
    });
    // Two sessions of the same UNet live in this process: worker threads must not spin after a
    // run, or the idle session's threads steal the cores of the one being measured.
    const sessionOptions = {
      graphOptimizationLevel: "all",
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: "sequential",
      extra: { session: { intra_op: { allow_spinning: "0" } } },
    };
    const pipeline = await inference.createImageGenerationPipeline({
      model: dir,
      task: "text-to-image",
      device: "cpu",
      sessionOptions,
    });
    const bare = await ort.InferenceSession.create(join(dir, "unet", "model.onnx"), {
      ...sessionOptions,
      executionProviders: ["cpu"],
    });

    // The bare run gets exactly what the pipeline feeds: with guidance one batch of [uncond, cond].
    const batch = guidanceScale > 1 ? 2 : 1;
    const fp16 = repoOptions.dtype === "fp16";
    const random = new inference.SeededRandom(1);
    const tensor = (data, dims) =>
      fp16 ? new ort.Tensor("float16", toHalf(data), dims) : new ort.Tensor("float32", data, dims);
    const feeds = {
      sample: tensor(random.normalArray(batch * 4 * latent * latent), [batch, 4, latent, latent]),
      timestep: tensor(Float32Array.of(999), []),
      encoder_hidden_states: tensor(random.normalArray(batch * 77 * fixtures.TINY_DIFFUSION.hiddenSize), [
        batch,
        77,
        fixtures.TINY_DIFFUSION.hiddenSize,
      ]),
    };
    const params = { steps, width: size, height: size, guidance_scale: guidanceScale };

    const pipelineStep = [];
    const bareStep = [];
    const pairedRatio = [];
    const overhead = [];
    const splits = [];
    // single steps: from one denoising event to the next (the first step of a generation also
    // holds the text encoding, so it is left out), and single bare runs
    const pipelineSingle = [];
    const bareSingle = [];
    const runPipeline = async (round) => {
      const start = performance.now();
      let last;
      const result = await pipeline.run("a red cat on a roof", {
        params: { ...params, seed: round },
        onProgress: (p) => {
          if (p.stage !== "denoising") return;
          const now = performance.now();
          if (last !== undefined) pipelineSingle.push(now - last);
          last = now;
        },
      });
      const wall = performance.now() - start;
      const t = result.timings;
      pipelineStep.push(t.denoising / steps);
      overhead.push((t.denoising - t.unet) / steps);
      splits.push({
        text_encoding: t.text_encoding,
        denoising: t.denoising,
        vae_decoding: t.vae_decoding,
        rest: wall - t.text_encoding - t.denoising - t.vae_decoding,
        total: wall,
      });
    };
    const runBare = async () => {
      const start = performance.now();
      for (let i = 0; i < steps; i++) {
        const one = performance.now();
        await bare.run(feeds);
        bareSingle.push(performance.now() - one);
      }
      bareStep.push((performance.now() - start) / steps);
    };
    for (let warm = 0; warm < 2; warm++) {
      await runPipeline(1000 + warm);
      await runBare();
    }
    for (const samples of [pipelineStep, bareStep, overhead, splits, pipelineSingle, bareSingle])
      samples.length = 0;
    for (let round = 0; round < rounds; round++) {
      if (round % 2 === 0) {
        await runPipeline(round);
        await runBare();
      } else {
        await runBare();
        await runPipeline(round);
      }
      pairedRatio.push(pipelineStep.at(-1) / bareStep.at(-1));
    }
    await pipeline.dispose();
    await bare.release();

    const p = median(pipelineStep);
    const b = median(bareStep);
    const own = median(overhead);
    const ratio = median(pairedRatio);
    // the fastest single steps: what each side costs when nothing else on the machine interferes
    const fastest = (xs) =>
      median([...xs].sort((x, y) => x - y).slice(0, Math.max(3, Math.ceil(xs.length / 10))));
    const pFast = fastest(pipelineSingle);
    const bFast = fastest(bareSingle);
    // the round of median total time, so its parts add up to its total
    const split = [...splits].sort((x, y) => x.total - y.total)[splits.length >> 1];
    results.push({
      case: label,
      pipeline_step_ms: +p.toFixed(3),
      bare_step_ms: +b.toFixed(3),
      ratio_of_medians: +(p / b).toFixed(4),
      median_paired_ratio: +ratio.toFixed(4),
      fastest_tenth_pipeline_step_ms: +pFast.toFixed(3),
      fastest_tenth_bare_step_ms: +bFast.toFixed(3),
      fastest_tenth_ratio: +(pFast / bFast).toFixed(4),
      goal: 1.05,
      own_work_per_step_ms: +own.toFixed(3),
      own_work_share: +(own / p).toFixed(4),
      own_work_ratio: +(1 + own / bFast).toFixed(4),
      split_ms: Object.fromEntries(Object.entries(split).map(([k, v]) => [k, +v.toFixed(2)])),
    });
    if (json) return;
    const verdict = (r) => (r <= 1.05 ? "✓ goal ≤ 1.05×" : "✗ goal ≤ 1.05×");
    console.log(`\n${label}`);
    console.log(
      `  step, median of rounds:     pipeline ${ms(p).padStart(10)}  bare unet.run ${ms(b).padStart(10)}  ratio ${(p / b).toFixed(3)}× (median of paired rounds ${ratio.toFixed(3)}×)  ${verdict(ratio)}`,
    );
    console.log(
      `  step, fastest tenth of ${String(pipelineSingle.length).padEnd(3)}: pipeline ${ms(pFast).padStart(10)}  bare unet.run ${ms(bFast).padStart(10)}  ratio ${(pFast / bFast).toFixed(3)}×  ${verdict(pFast / bFast)}`,
    );
    console.log(
      `  pipeline's own work per step (outside unet.run): ${ms(own)} = ${((100 * own) / p).toFixed(2)}% of a step, i.e. ${(1 + own / bFast).toFixed(3)}× a bare step  ${verdict(1 + own / bFast)}`,
    );
    const pct = (k) => `${((100 * split[k]) / split.total).toFixed(1)}%`;
    console.log(
      `  one ${steps}-step ${size}×${size} image: text encoding ${ms(split.text_encoding)} (${pct("text_encoding")}), ` +
        `denoising ${ms(split.denoising)} (${pct("denoising")}), VAE decoding ${ms(split.vae_decoding)} (${pct("vae_decoding")}), ` +
        `PNG and the rest ${ms(split.rest)} (${pct("rest")}); total ${ms(split.total)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!json) {
  console.log(
    `Stable Diffusion denoising step, ${size}×${size} (latents 4×${latent}×${latent}), ${steps} steps per round, ` +
      `median of ${rounds} alternating rounds, ${threads} intra-op thread${threads === 1 ? "" : "s"}`,
  );
}
await bench("fp32, guidance off (Turbo)", {}, 0);
await bench("fp32, guidance 7.5 (batch of 2)", {}, 7.5);
await bench("fp16 inputs and outputs, guidance off", { dtype: "fp16" }, 0);
if (json) console.log(JSON.stringify(results, null, 2));
