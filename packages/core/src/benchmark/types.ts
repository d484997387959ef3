/** Statistics of repeated measurements, in milliseconds. */
export interface TimingStats {
  mean: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
  /** Every measurement, in order. */
  samples: number[];
}

/** One benchmark of one model, as `benchmarks.jsonl` stores it (one JSON object per line). */
export interface BenchmarkResult {
  /** ISO 8601 time the benchmark started. */
  time: string;
  hftoolVersion: string;
  /** Canonical task name. */
  task: string;
  /** Hub repo id or local folder. */
  model: string;
  revision?: string;
  commit?: string;
  /** Device used (`cpu`, `cuda:0`) and as asked (`auto`). */
  device: string;
  deviceRequested: string;
  executionProviders: string[];
  dtype: string;
  /** What was run: the standard input's name, or the user's `-i`. */
  input: string;
  params: Record<string, unknown>;
  /** Measured runs and unmeasured warm-up runs after the first inference. */
  runs: number;
  warmup: number;
  /** Time to create the pipeline (ONNX sessions, tokenizer, config) from files on disk. */
  loadMs: number;
  /** The first inference after loading (allocations, kernel selection, caches warming up). */
  firstInferenceMs: number;
  /** Inference once warm. */
  inferenceMs: TimingStats;
  /** Resident memory: before loading, after loading, and the process's peak. */
  rssBytes: { beforeLoad: number; afterLoad: number; peak: number };
  /** GPU memory the process held after the runs (onnxruntime's arena keeps its peak). */
  gpuMemoryBytes?: number;
  /** Where it ran. */
  system: { platform: string; arch: string; cpu: string; cpus: number; node: string; onnxruntime?: string };
  success: boolean;
  error?: { code: string; message: string };
}
