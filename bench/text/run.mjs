#!/usr/bin/env node
// Text-task benchmarks of @hftool/inference, each against a reference measured in the same run:
//   1. per task, a pipeline run vs a bare InferenceSession.run on the same token ids (goal ≤ 1.05×),
//      with the pipeline's own time in its session and its pre/post-processing reported apart
//   2. text generation: tokens per second of the pipeline vs a bare greedy loop with a KV cache on
//      the same ONNX file (goal ≥ 0.95× the bare rate)
//
// The models are the test suite's fixtures with "ballast": dense layers over every token that do
// about the matrix work of all-MiniLM-L6-v2 for the encoders (18 × 768², ~10 M multiply-adds per
// token) and of a ~15 M-parameter decoder for generation (so per-token overhead weighs about ten
// times more than with SmolLM2-135M). The session does real work and the ratios say what the
// pipeline costs around a model of a realistic size; the answers are the fixtures' own.
//
//   node bench/text/run.mjs [--runs 15] [--json]
//
// Needs the built packages (pnpm turbo run build).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadBuilt } from "../lib/load-built.mjs";
import { median } from "../lib/measure.mjs";

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1]) || 21;
const json = args.includes("--json");
const { ort, inference, fixtures } = await loadBuilt();

const work = mkdtempSync(join(tmpdir(), "hftool-bench-text-"));
const ballast = { hidden: 768, layers: 18 };
const decoderBallast = { hidden: 768, layers: 24 };
// On a shared machine other work lands on random runs; the fastest run of each side is the one
// least disturbed, so ratios compare minimums (medians are reported too).
const best = (values) => Math.min(...values);
const time = async (fn) => {
  const start = performance.now();
  await fn();
  return performance.now() - start;
};

const results = [];
// Two ratios: the measured one, and one from the pipeline's own overhead (its time outside the
// session, added to the bare session time). Both run the same session on the same ids, so on a
// quiet machine they agree; on a busy one the measured ratio swings with the load while the
// overhead stays put, so the goal is judged on the overhead ratio.
function report(row) {
  results.push(row);
  if (json) return;
  const ok = row.higherIsBetter ? row.overhead_ratio >= row.goal : row.overhead_ratio <= row.goal;
  const goal = `goal ${row.higherIsBetter ? "≥" : "≤"} ${row.goal}×`;
  console.log(`${row.name}\n  ${row.detail}`);
  console.log(
    `  measured ${row.ratio.toFixed(3)}×, from overhead ${row.overhead_ratio.toFixed(3)}× (${goal}) ${ok ? "✓" : "✗"}`,
  );
}

/** Wraps an ORT session's run to add up the time spent in it. */
function meter(session) {
  const run = session.run.bind(session);
  const meterState = { ms: 0 };
  session.run = async (...a) => {
    const start = performance.now();
    try {
      return await run(...a);
    } finally {
      meterState.ms += performance.now() - start;
    }
  };
  return meterState;
}

const toOrt = (tensor) =>
  new ort.Tensor(
    "int64",
    BigInt64Array.from(tensor.data, (v) => BigInt(v)),
    tensor.dims,
  );

/** Pipeline run vs bare session runs on the same ids, interleaved so noise hits both alike. */
async function encoderTask({ name, task, head, input, params = {}, feeds }) {
  const fixture = fixtures.buildBertFixture({ dir: join(work, head), head, ballast });
  const pipeline = await inference.createTextPipeline({ task, model: fixture.dir, device: "cpu" });
  const pipe = pipeline.loaded.pipe;
  const inPipeline = meter(pipe.model.sessions.model);
  const bare = await ort.InferenceSession.create(join(fixture.dir, "onnx", "model.onnx"), {
    executionProviders: ["cpu"],
  });
  const bareFeeds = feeds(pipe.tokenizer);
  const runPipeline = () => pipeline.run(input, { params });
  const runBare = async () => {
    for (const f of bareFeeds) await bare.run(f);
  };
  await runPipeline();
  await runBare();
  const tp = [];
  const tb = [];
  const tm = [];
  for (let i = 0; i < runs; i++) {
    inPipeline.ms = 0;
    tp.push(await time(runPipeline));
    tm.push(inPipeline.ms);
    tb.push(await time(runBare));
  }
  // pre/post-processing: the pipeline's time outside its session, run by run
  const prePost = tp.map((t, i) => t - tm[i]);
  const [p, b, m, pp] = [best(tp), best(tb), best(tm), best(prePost)];
  report({
    name: `${name}: pipeline vs bare session.run`,
    detail: `${p.toFixed(2)} ms vs ${b.toFixed(2)} ms; in its session ${m.toFixed(2)} ms, pre/post-processing ${pp.toFixed(2)} ms`,
    pipeline_ms: +p.toFixed(3),
    bare_ms: +b.toFixed(3),
    session_ms: +m.toFixed(3),
    pre_post_ms: +pp.toFixed(3),
    pipeline_median_ms: +median(tp).toFixed(3),
    bare_median_ms: +median(tb).toFixed(3),
    ratio: p / b,
    overhead_ratio: (b + pp) / b,
    goal: 1.05,
  });
  await pipeline.dispose();
  await bare.release();
}

const sentence = "the movie was great and alice works at acme corp in new york . ";
const paragraph = sentence.repeat(8).trim();
const encode = (tokenizer, text, pair) => {
  const t = tokenizer(text, pair ? { text_pair: pair } : {});
  return {
    input_ids: toOrt(t.input_ids),
    attention_mask: toOrt(t.attention_mask),
    token_type_ids: t.token_type_ids
      ? toOrt(t.token_type_ids)
      : toOrt({ data: new Array(t.input_ids.data.length).fill(0), dims: t.input_ids.dims }),
  };
};

await encoderTask({
  name: "text-classification",
  task: "text-classification",
  head: "sequence-classification",
  input: paragraph,
  feeds: (tok) => [encode(tok, paragraph)],
});
await encoderTask({
  name: "zero-shot (3 labels)",
  task: "zero-shot-classification",
  head: "nli",
  input: paragraph,
  params: { labels: "sports,politics,cooking" },
  feeds: (tok) =>
    ["sports", "politics", "cooking"].map((l) => encode(tok, paragraph, `This example is ${l}.`)),
});
await encoderTask({
  name: "token-classification",
  task: "token-classification",
  head: "token-classification",
  input: paragraph,
  feeds: (tok) => [encode(tok, paragraph)],
});
await encoderTask({
  name: "question-answering",
  task: "question-answering",
  head: "question-answering",
  input: "Where does alice work?",
  params: { context: paragraph },
  feeds: (tok) => [encode(tok, "Where does alice work?", paragraph)],
});
await encoderTask({
  name: "fill-mask",
  task: "fill-mask",
  head: "masked-lm",
  input: `${paragraph} paris is the capital of [MASK] .`,
  feeds: (tok) => [encode(tok, `${paragraph} paris is the capital of [MASK] .`)],
});
const lines = Array.from({ length: 32 }, (_, i) => sentence.repeat(1 + (i % 3)).trim());
await encoderTask({
  name: "feature-extraction (32 lines, batched)",
  task: "feature-extraction",
  head: "feature-extraction",
  input: lines.join("\n"),
  feeds: (tok) => {
    const t = tok(lines, { padding: true, truncation: true });
    return [
      {
        input_ids: toOrt(t.input_ids),
        attention_mask: toOrt(t.attention_mask),
        token_type_ids: toOrt(t.token_type_ids),
      },
    ];
  },
});

// ── text generation: tokens per second vs a bare greedy loop ──
const tokens = 128;
const gpt2 = fixtures.buildGpt2Fixture({ dir: join(work, "gpt2"), endless: true, ballast: decoderBallast });
const llm = await inference.createTextPipeline({ task: "text-generation", model: gpt2.dir, device: "cpu" });
const bareLm = await ort.InferenceSession.create(join(gpt2.dir, "onnx", "model.onnx"), {
  executionProviders: ["cpu"],
});
const prompt = "Once upon a time";
const promptIds = Array.from(
  llm.loaded.pipe.tokenizer(prompt, { add_special_tokens: false }).input_ids.data,
  Number,
);
let bareSessionMs = 0;
async function bareLoop() {
  let ids = promptIds;
  let pastKey = new ort.Tensor("float32", new Float32Array(0), [1, 1, 0, 4]);
  let pastValue = pastKey;
  let total = 0;
  const out = [];
  for (let step = 0; step < tokens; step++) {
    total += ids.length;
    const started = performance.now();
    const r = await bareLm.run({
      input_ids: new ort.Tensor("int64", BigInt64Array.from(ids, BigInt), [1, ids.length]),
      attention_mask: new ort.Tensor("int64", new BigInt64Array(total).fill(1n), [1, total]),
      "past_key_values.0.key": pastKey,
      "past_key_values.0.value": pastValue,
    });
    bareSessionMs += performance.now() - started;
    const vocab = r.logits.dims[2];
    const last = r.logits.data.subarray(r.logits.data.length - vocab);
    let best = 0;
    for (let v = 1; v < vocab; v++) if (last[v] > last[best]) best = v;
    out.push(best);
    ids = [best];
    pastKey = r["present.0.key"];
    pastValue = r["present.0.value"];
  }
  return out;
}
const generate = () => llm.run(prompt, { params: { chat: false, max_new_tokens: tokens } });
const check = await generate();
const bareIds = await bareLoop();
if (check.tokens !== tokens || llm.loaded.pipe.tokenizer.decode(bareIds) !== check.text) {
  throw new Error(`pipeline and bare loop disagree: ${JSON.stringify(check.text)} (${check.tokens} tokens)`);
}
const inGenerate = meter(llm.loaded.pipe.model.sessions.model);
const tg = [];
const tbl = [];
const outsideG = [];
const outsideB = [];
const sessionB = [];
for (let i = 0; i < Math.max(5, Math.floor(runs / 2)); i++) {
  inGenerate.ms = 0;
  const g = await time(generate);
  tg.push(g);
  outsideG.push(g - inGenerate.ms);
  bareSessionMs = 0;
  const b = await time(bareLoop);
  tbl.push(b);
  sessionB.push(bareSessionMs);
  outsideB.push(b - bareSessionMs);
}
const [g, bl] = [best(tg), best(tbl)];
const rate = (ms) => (tokens / ms) * 1000;
report({
  name: "text-generation: tokens/s, pipeline vs bare loop",
  detail: `${rate(g).toFixed(0)} vs ${rate(bl).toFixed(0)} tokens/s (${tokens} tokens); outside the session ${(best(outsideG) / tokens).toFixed(3)} vs ${(best(outsideB) / tokens).toFixed(3)} ms/token`,
  pipeline_tokens_per_s: +rate(g).toFixed(1),
  bare_tokens_per_s: +rate(bl).toFixed(1),
  pipeline_outside_ms_per_token: +(best(outsideG) / tokens).toFixed(4),
  bare_outside_ms_per_token: +(best(outsideB) / tokens).toFixed(4),
  ratio: bl / g,
  // the bare loop's session time with each side's own work around it
  overhead_ratio: (best(sessionB) + best(outsideB)) / (best(sessionB) + best(outsideG)),
  goal: 0.95,
  higherIsBetter: true,
});
await llm.dispose();
await bareLm.release();

rmSync(work, { recursive: true, force: true });
if (json) console.log(JSON.stringify({ runs, ballast, decoderBallast, results }, null, 2));
