import { describe, expect, it } from "@jest/globals";
import { planAudioChunks } from "./plan-audio-chunks.js";

const sampleRate = 1000;
/** Loud noise everywhere except silent gaps (seconds). */
function signal(seconds: number, gaps: [number, number][]): Float32Array {
  return Float32Array.from({ length: seconds * sampleRate }, (_, i) =>
    gaps.some(([s, e]) => i / sampleRate >= s && i / sampleRate < e) ? 0 : Math.sin(i * 1.3) * 0.5,
  );
}

describe("planAudioChunks", () => {
  it("keeps short audio whole and returns nothing for no audio", () => {
    expect(planAudioChunks({ samples: signal(10, []), sampleRate })).toEqual([{ start: 0, end: 10 }]);
    expect(planAudioChunks({ samples: new Float32Array(0), sampleRate })).toEqual([]);
  });

  it("cuts at the quietest moment before each 30 s limit", () => {
    const chunks = planAudioChunks({
      samples: signal(70, [
        [27, 27.4],
        [55, 55.3],
      ]),
      sampleRate,
    });
    expect(chunks).toHaveLength(3);
    expect(chunks[0]!.start).toBe(0);
    expect(chunks[0]!.end).toBeGreaterThanOrEqual(27);
    expect(chunks[0]!.end).toBeLessThanOrEqual(27.4);
    expect(chunks[1]!.start).toBe(chunks[0]!.end);
    expect(chunks[1]!.end).toBeGreaterThanOrEqual(55);
    expect(chunks[1]!.end).toBeLessThanOrEqual(55.3);
    expect(chunks[2]!.end).toBe(70);
    for (const c of chunks) expect(c.end - c.start).toBeLessThanOrEqual(30);
  });

  it("packs speech segments into chunks and skips the silence between them", () => {
    const speech = [
      { start: 1, end: 5 },
      { start: 8, end: 20 },
      { start: 40, end: 50 },
      { start: 100, end: 170 },
    ];
    const chunks = planAudioChunks({ samples: signal(180, []), sampleRate, speech });
    expect(chunks.slice(0, 2)).toEqual([
      { start: 1, end: 20 },
      { start: 40, end: 50 },
    ]);
    // the 70 s segment is cut into pieces of at most 30 s
    const rest = chunks.slice(2);
    expect(rest[0]!.start).toBe(100);
    expect(rest.at(-1)!.end).toBe(170);
    for (const c of rest) expect(c.end - c.start).toBeLessThanOrEqual(30);
  });
});
