// Shared helpers for hftool benchmarks: wall-time sampling of whole commands and ratio reports.
import { spawnSync } from "node:child_process";

/** Runs a command once and returns its wall time in ms (throws when it fails). */
export function timeCommand(command, args, options = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: ["ignore", "ignore", "pipe"], ...options });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr}`);
  return ms;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Measures several commands interleaved (so machine noise hits all of them alike) and returns
 * median and min per label.
 */
export function compareCommands(cases, { runs = 21, warmup = 3 } = {}) {
  const samples = new Map(cases.map((c) => [c.label, []]));
  for (let i = 0; i < warmup + runs; i++) {
    for (const c of cases) {
      const ms = timeCommand(c.command, c.args, c.options);
      if (i >= warmup) samples.get(c.label).push(ms);
    }
  }
  return cases.map((c) => ({
    label: c.label,
    median: median(samples.get(c.label)),
    min: Math.min(...samples.get(c.label)),
  }));
}

/** Prints a small table: label, median, min, ratio to the reference row. */
export function printRatios(title, rows, reference, goals = {}) {
  const ref = rows.find((r) => r.label === reference);
  console.log(`\n${title}`);
  for (const row of rows) {
    const ratio = row.median / ref.median;
    const goal = goals[row.label];
    const verdict = goal === undefined ? "" : ratio <= goal ? `  ✓ goal ≤ ${goal}×` : `  ✗ goal ≤ ${goal}×`;
    console.log(
      `  ${row.label.padEnd(34)} median ${row.median.toFixed(1).padStart(7)} ms   min ${row.min.toFixed(1).padStart(7)} ms   ${ratio.toFixed(2)}×${verdict}`,
    );
  }
}
