/** Bytes per second over the last few seconds (a sliding window, so it reacts to slowdowns). */
export class RateMeter {
  private samples: { at: number; bytes: number }[] = [];
  private total = 0;
  constructor(private readonly windowMs = 5000) {}

  add(bytes: number, now = Date.now()): void {
    this.total += bytes;
    this.samples.push({ at: now, bytes: this.total });
    const cutoff = now - this.windowMs;
    while (this.samples.length > 2 && this.samples[1]!.at < cutoff) this.samples.shift();
  }

  rate(now = Date.now()): number {
    const first = this.samples[0];
    if (!first) return 0;
    const span = Math.max(now - first.at, 250);
    return ((this.total - first.bytes) / span) * 1000;
  }
}
