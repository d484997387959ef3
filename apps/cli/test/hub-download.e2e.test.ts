// End-to-end runs that fetch models from the loopback Hub-protocol server of @hftool/download
// (createHubServer) through HF_ENDPOINT, exactly as users fetch from the Hub.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { decodeAudio } from "@hftool/inference";
import {
  buildVadFixture,
  buildVitsFixture,
  buildWhisperFixture,
  burstSamples,
  createTempHome,
  encodeTestWav,
  findWorkspaceRoot,
  runCli,
  type TempHome,
} from "@hftool/test-utils";
import { listSnapshotFiles, withHub } from "./hub-fixture.js";

let user: TempHome;
let cache: string;
const recording = join(findWorkspaceRoot(), "apps", "cli", "assets", "demo-speech.wav");
const hftool = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli(args, { cwd: user.cwd, env: { ...user.env, HF_HUB_CACHE: cache, ...env }, timeoutMs: 120_000 });

beforeEach(() => {
  user = createTempHome();
  cache = join(user.root, "hub-cache");
});
afterEach(() => user.cleanup());

const snapshotFiles = (repo: string) => listSnapshotFiles(cache, repo);

describe("hftool run with models from the loopback Hub server", () => {
  it(
    "speech-to-text: downloads only the chosen variant's files, runs, then runs again offline from the cache",
    withHub(async (create) => {
      const repo = join(user.root, "repos", "whisper");
      buildWhisperFixture({ dir: repo, dtypes: ["fp32", "q8"] });
      const server = await create({
        repos: { "hftool-test/tiny-whisper": repo },
        host: "127.0.0.1",
        port: 0,
      });
      try {
        const r = await hftool(
          [
            "-t",
            "asr",
            "-i",
            recording,
            "-m",
            "hftool-test/tiny-whisper",
            "--dtype",
            "q8",
            "-y",
            "-o",
            "talk.srt",
          ],
          {
            HF_ENDPOINT: server.url,
          },
        );
        expect(r.stderr).toContain("Output saved to");
        expect(r.code).toBe(0);
        expect(readFileSync(join(user.cwd, "talk.srt"), "utf8")).toBe(
          "1\n00:00:00,000 --> 00:00:01,000\nHello there\n",
        );
        const files = snapshotFiles("hftool-test/tiny-whisper");
        expect(files).toContain("onnx/encoder_model_quantized.onnx");
        expect(files).toContain("onnx/decoder_model_merged_quantized.onnx");
        expect(files).not.toContain("onnx/encoder_model.onnx");
        expect(files).not.toContain("onnx/decoder_model_merged.onnx");
        const metadata = JSON.parse(readFileSync(join(user.cwd, "talk.srt.hftool.json"), "utf8"));
        expect(metadata).toMatchObject({ model: "hftool-test/tiny-whisper", revision: "main", dtype: "q8" });
        expect(metadata.commit).toMatch(/^[0-9a-f]{40}$/);
      } finally {
        await server.close();
      }
      const offline = await hftool(
        ["-t", "asr", "-i", recording, "-m", "hftool-test/tiny-whisper", "--dtype", "q8", "-o", "again.txt"],
        {
          HF_HUB_OFFLINE: "1",
          HF_ENDPOINT: "http://127.0.0.1:9",
        },
      );
      expect(offline.code).toBe(0);
      expect(readFileSync(join(user.cwd, "again.txt"), "utf8")).toBe("hello world\n");
    }),
  );

  it(
    "voice activity and text-to-speech: downloaded, loaded, run, and the outputs decode",
    withHub(async (create) => {
      const vad = buildVadFixture({ dir: join(user.root, "repos", "vad") }).dir;
      const vits = buildVitsFixture({ dir: join(user.root, "repos", "vits"), dtypes: ["fp32"] }).dir;
      const server = await create({
        repos: { "hftool-test/vad": vad, "hftool-test/vits": vits },
        host: "127.0.0.1",
        port: 0,
      });
      try {
        const wav = encodeTestWav({
          channels: [burstSamples({ sampleRate: 16000, seconds: 4, spans: [[1, 2.5]] })],
          sampleRate: 16000,
        });
        const { writeFileSync } = await import("node:fs");
        writeFileSync(join(user.cwd, "talk.wav"), wav);
        const segments = await hftool(
          ["-t", "vad", "-i", "talk.wav", "-m", "hftool-test/vad", "-y", "--json"],
          { HF_ENDPOINT: server.url },
        );
        expect(segments.code).toBe(0);
        const doc = JSON.parse(segments.stdout);
        expect(doc).toMatchObject({
          model: "hftool-test/vad",
          model_source: "download",
          result: { segments: [{}] },
        });
        expect(JSON.parse(readFileSync(doc.output, "utf8")).segments).toHaveLength(1);

        const speech = await hftool(
          ["-t", "tts", "-i", "hi there", "-m", "hftool-test/vits", "--dtype", "fp16", "-y", "-o", "hi.wav"],
          {
            HF_ENDPOINT: server.url,
          },
        );
        expect(speech.code).toBe(0);
        expect(speech.stderr).toContain("has no fp16 weights; using fp32");
        const audio = await decodeAudio({
          data: readFileSync(join(user.cwd, "hi.wav")),
          sampleRate: undefined,
        });
        expect(audio.samples.length).toBe("hi there".length * 400);
      } finally {
        await server.close();
      }
    }),
  );

  it(
    "speech-to-text with --vad also fetches Silero VAD and transcribes only the speech",
    withHub(async (create) => {
      const whisper = join(user.root, "repos", "whisper");
      buildWhisperFixture({ dir: whisper });
      const vad = buildVadFixture({ dir: join(user.root, "repos", "vad") }).dir;
      const server = await create({
        repos: { "hftool-test/tiny-whisper": whisper, "onnx-community/silero-vad": vad },
        host: "127.0.0.1",
        port: 0,
      });
      try {
        const { writeFileSync } = await import("node:fs");
        const samples = burstSamples({
          sampleRate: 16000,
          seconds: 70,
          spans: [
            [3, 5],
            [50, 52],
          ],
        });
        writeFileSync(join(user.cwd, "long.wav"), encodeTestWav({ channels: [samples], sampleRate: 16000 }));
        const r = await hftool(
          [
            "-t",
            "asr",
            "-i",
            "long.wav",
            "-m",
            "hftool-test/tiny-whisper",
            "-y",
            "-o",
            "long.json",
            "--",
            "--vad",
          ],
          {
            HF_ENDPOINT: server.url,
          },
        );
        expect(r.code).toBe(0);
        const doc = JSON.parse(readFileSync(join(user.cwd, "long.json"), "utf8"));
        expect(doc.segments.map((s: { start: number }) => Math.round(s.start))).toEqual([3, 50]);
        expect(snapshotFiles("onnx-community/silero-vad")).toEqual(["config.json", "onnx/model.onnx"]);
      } finally {
        await server.close();
      }
    }),
  );

  it(
    "asks before downloading: without a terminal it needs -y, and offline it needs the cache",
    withHub(async (create) => {
      const vad = buildVadFixture({ dir: join(user.root, "repos", "vad") }).dir;
      const server = await create({ repos: { "hftool-test/vad": vad }, host: "127.0.0.1", port: 0 });
      try {
        const r = await hftool(["-t", "vad", "-i", recording, "-m", "hftool-test/vad"], {
          HF_ENDPOINT: server.url,
        });
        expect(r.code).toBe(2);
        expect(r.stderr).toContain("needs confirmation");
        expect(r.stderr).toContain("-y");
        expect(existsSync(join(cache, "models--hftool-test--vad", "snapshots"))).toBe(false);
        const auto = await hftool(["-t", "vad", "-i", recording, "-m", "hftool-test/vad", "-q"], {
          HF_ENDPOINT: server.url,
          HFTOOL_AUTO_DOWNLOAD: "1",
        });
        expect(auto.code).toBe(0);
      } finally {
        await server.close();
      }
      const missing = await hftool(["-t", "vad", "-i", recording, "-m", "hftool-test/other"], {
        HF_HUB_OFFLINE: "1",
      });
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain("is not in the cache");
    }),
  );
});

describe("hftool demo", () => {
  it(
    "serves Silero VAD from the embedded mirror, downloads it into a temporary cache, prints the segments and writes the SRT",
    withHub(async () => {
      const r = await hftool(["demo", "--embedded", "--no-open"]);
      expect(r.stderr).toContain("embedded Hub mirror");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/0\.\d\d s\s+\d\.\d\d s/);
      const srt = readdirSync(user.cwd).find((f) => /^voice-activity-detection-.*\.srt$/.test(f));
      expect(srt).toBeDefined();
      const text = readFileSync(join(user.cwd, srt!), "utf8");
      expect(text.match(/-->/g)).toHaveLength(2);
      // the temporary cache is gone, and nothing went into the user's cache
      expect(existsSync(cache)).toBe(false);
      const offline = await hftool(["demo", "-o", "speech.json"], { HF_HUB_OFFLINE: "1" });
      expect(offline.code).toBe(0);
      expect(JSON.parse(readFileSync(join(user.cwd, "speech.json"), "utf8")).segments).toHaveLength(2);
    }),
  );
});
