import { describe, expect, it } from "@jest/globals";
import { outputFileName } from "./output-file-name.js";

describe("outputFileName", () => {
  it("names an output from its task and the local time", () => {
    const date = new Date(2026, 10, 5, 9, 3, 7);
    expect(outputFileName({ task: "text-to-speech", extension: "wav", date })).toBe(
      "text-to-speech-20261105-090307.wav",
    );
    expect(outputFileName({ task: "voice-activity-detection", extension: ".srt", date })).toBe(
      "voice-activity-detection-20261105-090307.srt",
    );
  });
});
