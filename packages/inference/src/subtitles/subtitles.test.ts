import { describe, expect, it } from "@jest/globals";
import { formatSrt } from "./format-srt.js";
import { formatTimestamp } from "./format-timestamp.js";
import { formatTsv } from "./format-tsv.js";
import { formatVtt } from "./format-vtt.js";
import { groupWordsIntoCues } from "./group-words-into-cues.js";

describe("subtitle formats", () => {
  it("writes timestamps to the millisecond", () => {
    expect(formatTimestamp(0)).toBe("00:00:00,000");
    expect(formatTimestamp(3725.5)).toBe("01:02:05,500");
    expect(formatTimestamp(59.9996, ".")).toBe("00:01:00.000");
    expect(formatTimestamp(-1)).toBe("00:00:00,000");
    expect(formatTimestamp(Number.NaN)).toBe("00:00:00,000");
    expect(formatTimestamp(360000)).toBe("100:00:00,000");
  });

  const cues = [
    { start: 0.5, end: 1.92, text: " Hello there. " },
    { start: 2, end: 2, text: "   " },
    { start: 3.28, end: 3.1, text: "Two\n\nlines --> here" },
  ];

  it("writes SubRip", () => {
    expect(formatSrt(cues)).toBe(
      "1\n00:00:00,500 --> 00:00:01,920\nHello there.\n\n2\n00:00:03,280 --> 00:00:03,280\nTwo\nlines --> here\n",
    );
    expect(formatSrt([])).toBe("");
  });

  it("writes WebVTT", () => {
    expect(formatVtt(cues)).toBe(
      "WEBVTT\n\n00:00:00.500 --> 00:00:01.920\nHello there.\n\n00:00:03.280 --> 00:00:03.280\nTwo\nlines --&gt; here\n",
    );
    expect(formatVtt([])).toBe("WEBVTT\n");
  });

  it("writes Whisper's TSV: whole milliseconds, one line of text per cue", () => {
    expect(formatTsv([...cues, { start: 4, end: 5.0004, text: "a\tb" }])).toBe(
      "start\tend\ttext\n500\t1920\tHello there.\n3280\t3280\tTwo lines --> here\n4000\t5000\ta b\n",
    );
    expect(formatTsv([])).toBe("start\tend\ttext\n");
  });
});

describe("groupWordsIntoCues", () => {
  const word = (text: string, start: number, end: number) => ({ text, start, end });

  it("starts a new cue after a sentence, at a pause, and before a line gets too long", () => {
    const words = [
      word(" Hello", 0, 0.4),
      word(" there.", 0.4, 0.8),
      word(" This", 1, 1.2),
      word(" is", 1.2, 1.3),
      word(" a", 1.3, 1.4),
      word(" test", 1.4, 1.8),
      word(" after", 3.5, 3.9),
      word(" pausing", 3.9, 4.4),
    ];
    expect(groupWordsIntoCues({ words })).toEqual([
      { start: 0, end: 0.8, text: "Hello there." },
      { start: 1, end: 1.8, text: "This is a test" },
      { start: 3.5, end: 4.4, text: "after pausing" },
    ]);
    expect(groupWordsIntoCues({ words: words.slice(2, 6), maxChars: 8 }).map((c) => c.text)).toEqual([
      "This is",
      "a test",
    ]);
    expect(groupWordsIntoCues({ words: [] })).toEqual([]);
  });
});
