import { performance } from "node:perf_hooks";

/** How fast a job advances, measured from its progress reports. */
export interface ProgressRate {
  /** Seconds per unit of work (per step, per chunk), once two reports apart are known. */
  secondsPerUnit?: number;
  /** Seconds until `done` reaches `total`, at that rate. */
  etaSeconds?: number;
}

/**
 * Measures a job's rate from successive `(done, total)` reports, for an ETA. The clock starts at
 * the first report with work done, so loading and warm-up before the first unit do not count; it
 * restarts when `done` goes back or `total` changes (a new job).
 */
export function createProgressRate(now: () => number = () => performance.now()): {
  update(done: number, total: number | undefined): ProgressRate;
} {
  let start: { at: number; done: number; total: number | undefined } | undefined;
  return {
    update(done, total) {
      if (!start || done < start.done || total !== start.total) {
        start = done > 0 ? { at: now(), done, total } : undefined;
        return {};
      }
      if (done === start.done) return {};
      const secondsPerUnit = (now() - start.at) / 1000 / (done - start.done);
      return {
        secondsPerUnit,
        ...(total !== undefined ? { etaSeconds: Math.max(0, (total - done) * secondsPerUnit) } : {}),
      };
    },
  };
}
