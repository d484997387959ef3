#!/usr/bin/env node
// Vision pipelines (@hftool/inference) against a bare InferenceSession.run on the same inputs.
//
// For every vision task, one pipeline run on a 640×480 picture is split into
//   pre    the transformers.js processor (resize, rescale, normalise, pad) on the decoded picture
//   model  the ONNX sessions' run() calls made during the pipeline run, timed from inside it
//   post   the rest: post-processing (softmax, boxes, masks, crops) and tensor wrapping
// and `model` is compared with replaying exactly those session calls (the same feeds) on bare
// InferenceSessions created from the same files: the ratio is what the pipeline adds around the
// model itself (goal ≤ 1.05×). The task fixtures' models take microseconds, so their ratio shows
// a fixed per-call cost; the "heavy classifier" row uses a ViT-sized graph (patch embedding and
// 8 MLP blocks at 224×224) whose run dominates, as a real model's does, and carries the goal.
//
//   node bench/vision/run.mjs [--runs 31] [--json]
//
// Needs the built packages (pnpm turbo run build).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadBuilt } from "../lib/load-built.mjs";
import { median } from "../lib/measure.mjs";

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1]) || 31;
const json = args.includes("--json");
const { ort, inference, fixtures } = await loadBuilt();

const work = mkdtempSync(join(tmpdir(), "hftool-bench-vision-"));

/** A ViT-sized classifier: 16×16 patch embedding to 192 channels, 8 residual MLP blocks, 1000 classes. */
function buildHeavyClassifier(dir) {
  const D = 192;
  const H = 768;
  const blocks = 8;
  const weights = (name, dims, scale) => ({
    name,
    type: "float32",
    dims,
    data: Float32Array.from(
      { length: dims.reduce((a, b) => a * b, 1) },
      (_, i) => Math.sin(i * 12.9898 + name.length) * scale,
    ),
  });
  const nodes = [
    {
      op: "Conv",
      inputs: ["pixel_values", "patch_w", "patch_b"],
      outputs: ["patches"],
      attributes: { kernel_shape: [16, 16], strides: [16, 16] },
    },
    { op: "Reshape", inputs: ["patches", "flat_shape"], outputs: ["tokens_t"] },
    { op: "Transpose", inputs: ["tokens_t"], outputs: ["x0"], attributes: { perm: [0, 2, 1] } },
  ];
  const initializers = [
    weights("patch_w", [D, 3, 16, 16], 0.02),
    weights("patch_b", [D], 0.01),
    { name: "flat_shape", type: "int64", dims: [3], data: [0, D, -1] },
    weights("head_w", [D, 1000], 0.05),
  ];
  for (let b = 0; b < blocks; b++) {
    nodes.push(
      { op: "MatMul", inputs: [`x${b}`, `w1_${b}`], outputs: [`h${b}`] },
      { op: "Relu", inputs: [`h${b}`], outputs: [`r${b}`] },
      { op: "MatMul", inputs: [`r${b}`, `w2_${b}`], outputs: [`o${b}`] },
      { op: "Add", inputs: [`x${b}`, `o${b}`], outputs: [`x${b + 1}`] },
    );
    initializers.push(weights(`w1_${b}`, [D, H], 0.03), weights(`w2_${b}`, [H, D], 0.03));
  }
  nodes.push(
    { op: "ReduceMean", inputs: [`x${blocks}`], outputs: ["pooled"], attributes: { axes: [1], keepdims: 0 } },
    { op: "MatMul", inputs: ["pooled", "head_w"], outputs: ["logits"] },
  );
  const model = fixtures.encodeOnnxModel({
    graph: {
      name: "heavy-vit",
      nodes,
      inputs: [{ name: "pixel_values", type: "float32", shape: ["batch_size", 3, 224, 224] }],
      outputs: [{ name: "logits", type: "float32", shape: ["batch_size", 1000] }],
      initializers,
    },
  });
  fixtures.writeModelFolder({
    dir,
    files: {
      "config.json": {
        model_type: "vit",
        architectures: ["ViTForImageClassification"],
        id2label: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [String(i), `class ${i}`])),
      },
      "preprocessor_config.json": {
        image_processor_type: "ViTImageProcessor",
        do_resize: true,
        size: { height: 224, width: 224 },
        resample: 2,
        do_rescale: true,
        rescale_factor: 1 / 255,
        do_normalize: true,
        image_mean: [0.5, 0.5, 0.5],
        image_std: [0.5, 0.5, 0.5],
      },
      "onnx/model.onnx": model,
    },
  });
  return { dir };
}

const m = (name) => join(work, name);
const cases = [
  {
    name: "heavy classifier (ViT-sized)",
    task: "image-classification",
    dir: buildHeavyClassifier(m("heavy")).dir,
    goal: 1.05,
  },
  { task: "image-classification", dir: fixtures.buildImageClassifierFixture({ dir: m("vit") }).dir },
  {
    task: "zero-shot-image-classification",
    dir: fixtures.buildClipFixture({ dir: m("clip") }).dir,
    params: { labels: "red,green,blue,a dog" },
  },
  { task: "object-detection", dir: fixtures.buildDetrFixture({ dir: m("detr") }).dir },
  { task: "image-segmentation", dir: fixtures.buildSegformerFixture({ dir: m("seg") }).dir },
  { task: "background-removal", dir: fixtures.buildMattingFixture({ dir: m("bg") }).dir },
  { task: "depth-estimation", dir: fixtures.buildDepthFixture({ dir: m("depth") }).dir },
  {
    task: "image-to-text",
    dir: fixtures.buildCaptionerFixture({ dir: m("cap") }).dir,
    files: { model: "encoder_model", decoder_model_merged: "decoder_model_merged" },
  },
  {
    task: "image-upscaling",
    dir: fixtures.buildSwin2srFixture({ dir: m("sr") }).dir,
    params: { tile_size: 0 },
  },
];

const encoded = await fixtures.encodeTestImage({
  width: 640,
  height: 480,
  format: "jpeg",
  background: "blue",
  rects: [{ x: 0, y: 0, width: 320, height: 240, colour: "red" }],
});
const decodeStart = performance.now();
const image = await inference.decodeImage({ data: encoded, name: "bench.jpg" });
const decodeMs = performance.now() - decodeStart;

const results = [];
for (const c of cases) {
  const pipeline = await inference.createVisionPipeline({ task: c.task, model: c.dir, device: "cpu" });
  const call = pipeline.loaded.call;
  // time every session.run the pipeline makes, and keep its feeds to replay them bare
  let calls = [];
  const bare = {};
  for (const [name, session] of Object.entries(call.model.sessions)) {
    const run = session.run.bind(session);
    session.run = async (feeds, ...rest) => {
      const start = performance.now();
      const out = await run(feeds, ...rest);
      calls.push({ name, feeds, ms: performance.now() - start });
      return out;
    };
    const file = (c.files ?? { model: "model" })[name] ?? name;
    bare[name] = await ort.InferenceSession.create(join(c.dir, "onnx", `${file}.onnx`), {
      executionProviders: ["cpu"],
    });
  }
  const options = { params: c.params ?? {} };
  const rgb = new pipeline.loaded.transformers.RawImage(image.data, image.width, image.height, 3);
  const totals = [];
  const models = [];
  const bares = [];
  const pres = [];
  const ratios = [];
  let last = [];
  const runPipeline = async () => {
    calls = [];
    const start = performance.now();
    await pipeline.run(image, options);
    const total = performance.now() - start;
    last = calls;
    return { total, inside: calls.reduce((sum, x) => sum + x.ms, 0) };
  };
  const replayBare = async () => {
    const start = performance.now();
    for (const x of last) await bare[x.name].run(x.feeds);
    return performance.now() - start;
  };
  await runPipeline();
  await replayBare();
  for (let i = 0; i < runs + 2; i++) {
    // alternate which goes first: ONNX Runtime's idle threads keep spinning for a moment after a
    // run, which slows whatever runs right after on a small machine
    let measured;
    let bareMs;
    if (i % 2 === 0) {
      measured = await runPipeline();
      bareMs = await replayBare();
    } else {
      bareMs = await replayBare();
      measured = await runPipeline();
    }
    const preStart = performance.now();
    await call.processor(rgb);
    const pre = performance.now() - preStart;
    if (i < 2) continue; // warm-up
    totals.push(measured.total);
    models.push(measured.inside);
    bares.push(bareMs);
    pres.push(pre);
    ratios.push(measured.inside / bareMs);
  }
  const row = {
    name: c.name ?? c.task,
    total_ms: median(totals),
    pre_ms: median(pres),
    model_ms: median(models),
    bare_ms: median(bares),
    session_calls: last.length,
  };
  row.post_ms = Math.max(0, row.total_ms - row.pre_ms - row.model_ms);
  // The median of paired rounds: each round runs both back to back, so a slow moment of the
  // machine (ONNX Runtime's spinning threads, another process) weighs on both sides alike.
  row.ratio = median(ratios);
  if (c.goal) row.goal = c.goal;
  results.push(row);
  await pipeline.dispose();
  for (const s of Object.values(bare)) await s.release();
}

if (json) {
  console.log(
    JSON.stringify({ runs, image: "640×480 JPEG", decode_ms: +decodeMs.toFixed(2), results }, null, 2),
  );
} else {
  const f = (v) => v.toFixed(2).padStart(8);
  console.log(
    `vision pipelines, 640×480 picture (decoded once in ${decodeMs.toFixed(1)} ms), median of ${runs} runs, ms`,
  );
  console.log(
    `${"task".padEnd(32)}${"total".padStart(8)}${"pre".padStart(8)}${"model".padStart(8)}${"post".padStart(8)}${"bare run".padStart(10)}   model vs bare`,
  );
  for (const r of results) {
    const verdict =
      r.goal === undefined ? "" : r.ratio <= r.goal ? `  ✓ ≤ ${r.goal}×` : `  ✗ goal ≤ ${r.goal}×`;
    console.log(
      `${r.name.padEnd(32)}${f(r.total_ms)}${f(r.pre_ms)}${f(r.model_ms)}${f(r.post_ms)}${f(r.bare_ms).padStart(10)}   ${r.ratio.toFixed(3)}×${r.session_calls > 1 ? ` (${r.session_calls} calls)` : ""}${verdict}`,
    );
  }
}
rmSync(work, { recursive: true, force: true });
