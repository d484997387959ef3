import { describe, expect, it } from "@jest/globals";
import { formatDownloadProgress } from "./format-download-progress.js";

describe("formatDownloadProgress", () => {
  it("draws a bar with percent, bytes, rate and time left", () => {
    expect(
      formatDownloadProgress({
        label: "org/model",
        done: 5 * 1024 * 1024,
        total: 20 * 1024 * 1024,
        bytesPerSecond: 1024 * 1024,
        etaSeconds: 15,
        width: 8,
      }),
    ).toBe("org/model  ██░░░░░░  25%  5.0 MB / 20.0 MB  1.0 MB/s  15 s left");
  });

  it("shows bytes alone without a total, and clamps past the end", () => {
    expect(formatDownloadProgress({ label: "m", done: 2048 })).toBe("m  2.0 KB");
    expect(formatDownloadProgress({ label: "m", done: 30, total: 20, width: 4 })).toBe(
      "m  ████ 100%  30 B / 20 B",
    );
  });
});
