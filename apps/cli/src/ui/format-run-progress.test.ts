import { describe, expect, it } from "@jest/globals";
import { formatRunProgress } from "./format-run-progress.js";
import { createProgressRate } from "./progress-rate.js";

describe("formatRunProgress", () => {
  it("draws a bar with steps, the part of the job, the rate and the time left", () => {
    expect(
      formatRunProgress({
        stage: "denoising",
        done: 3,
        total: 8,
        unit: "steps",
        detail: "image 1 of 2",
        secondsPerUnit: 1.25,
        etaSeconds: 6.25,
      }),
    ).toBe("Denoising  ████████░░░░░░░░░░░░  3/8 steps  image 1 of 2  1.3 s/step  6.3 s left");
    expect(
      formatRunProgress({
        stage: "denoising",
        done: 4,
        total: 4,
        unit: "steps",
        secondsPerUnit: 0.25,
        etaSeconds: 0,
      }),
    ).toBe("Denoising  ████████████████████  4/4 steps  250 ms/step");
  });

  it("shows audio seconds as a percentage and work without a total as a count", () => {
    expect(formatRunProgress({ stage: "transcribing", done: 15, total: 60, unit: "seconds", width: 4 })).toBe(
      "Transcribing  █░░░  25%",
    );
    expect(formatRunProgress({ stage: "synthesizing", done: 2, unit: "chunks" })).toBe(
      "Synthesizing  2 chunks",
    );
    expect(formatRunProgress({ stage: "encoding the prompt", done: 0, unit: "steps" })).toBe(
      "Encoding the prompt…",
    );
  });
});

describe("createProgressRate", () => {
  it("measures from the first unit done, so warm-up does not count, and restarts for a new job", () => {
    let clock = 0;
    const rate = createProgressRate(() => clock);
    expect(rate.update(0, 10)).toEqual({});
    clock = 5000; // loading and the first step
    expect(rate.update(1, 10)).toEqual({});
    clock = 7000;
    expect(rate.update(3, 10)).toEqual({ secondsPerUnit: 1, etaSeconds: 7 });
    clock = 7500; // a report without progress (a phase change): the time still counts
    expect(rate.update(3, 10)).toEqual({ secondsPerUnit: 1.25, etaSeconds: 8.75 });
    clock = 8000;
    expect(rate.update(1, 4)).toEqual({});
    clock = 8500;
    expect(rate.update(2, 4)).toEqual({ secondsPerUnit: 0.5, etaSeconds: 1 });
  });
});
